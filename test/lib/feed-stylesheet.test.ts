import { load } from 'cheerio';
import { HtmlValidate } from 'html-validate';
import { describe, expect, test } from 'vitest';
import { feedPageValidateConfig } from '../../src/build/checks/html-validity.ts';
import { HONEYPOT_FIELD } from '../../src/data/follower-service.ts';
import { mapFeedFormats } from '../../src/lib/feed-formats.ts';
import {
  FEED_STYLESHEET_PATH,
  isStyledFeedFormat,
  renderFeedStylesheet,
  resolveFeedMediaType,
} from '../../src/lib/feed-stylesheet.ts';
import { renderAtom, renderRss, type FeedChannel } from '../../src/lib/feeds.ts';
import { readFeed } from '../support/feed-reader.ts';
import { transformXml } from '../support/xslt.ts';

const stylesheet = renderFeedStylesheet({
  lang: 'en',
  siteTitle: 'Blog & <Co>',
  tagline: 'News & notes',
  css: '.a > .b { color: red; }',
  followEndpoint: '/followers/subscribe',
  honeypotField: HONEYPOT_FIELD,
  followCountText: 'Join 3,164 other followers',
});

const base = 'https://blog.example/category/tips/';
const channel: FeedChannel = {
  title: 'Blog » Tips & <Tricks>',
  description: 'Tips, "quoted" & <escaped>',
  language: 'en',
  author: 'Author',
  homeUrl: base,
  feedUrls: mapFeedFormats((spec) => `${base}${spec.fileName}`),
  items: [
    {
      title: 'Q&A: <script>alert(1)</script> in a title',
      url: 'https://blog.example/2012/07/06/q-a/',
      pubDate: new Date('2012-07-06T09:30:00Z'),
      updatedDate: new Date('2012-07-20T08:00:00Z'),
      categories: ['Tips & Tricks'],
      summary: 'A summary with <angle> & ampersand',
      contentHtml: '<p>Body with <b>bold</b></p>',
    },
    {
      title: 'New Year',
      url: 'https://blog.example/2012/12/31/new-year/',
      pubDate: new Date('2012-12-31T23:00:00Z'),
      categories: [],
      summary: 'Last post of the year',
      contentHtml: '<p>Bye</p>',
    },
  ],
};

const styled = { ...channel, stylesheet: FEED_STYLESHEET_PATH };
const renderers = {
  rss: (c: FeedChannel) => renderRss(c),
  atom: (c: FeedChannel) => Promise.resolve(renderAtom(c)),
} as const;

describe.each([
  ['rss', 'RSS', `${base}feed.xml`, ['Atom', 'JSON Feed']],
  ['atom', 'Atom', `${base}atom.xml`, ['RSS', 'JSON Feed']],
] as const)('%s feed opened in a browser', (format, label, self, otherLabels) => {
  const page = async () => transformXml(stylesheet, await renderers[format](styled));

  test('the feed names the stylesheet; feed readers see the same entries with or without it', async () => {
    const withStyle = await renderers[format](styled);
    const without = await renderers[format](channel);
    expect(withStyle).toContain(
      `<?xml-stylesheet href="${FEED_STYLESHEET_PATH}" type="text/xsl"?>`,
    );
    expect(without).not.toContain('xml-stylesheet');
    const read = readFeed(withStyle);
    expect(read.bozo).toBe(false);
    expect(read.entries).toHaveLength(2);
    expect(read).toEqual(readFeed(without));
  });

  test('is valid HTML with no script', async () => {
    const html = await page();
    const report = await new HtmlValidate(feedPageValidateConfig).validateString(html);
    expect(report.results.flatMap((result) => result.messages)).toEqual([]);
    expect(html).not.toMatch(/<script/i);
  });

  test('shows the title, what a feed is, the address to copy and the other formats', async () => {
    const $ = load(await page());
    expect($('h1').text()).toBe(channel.title);
    expect($('title').text()).toBe(`${channel.title} (${label} feed)`);
    expect($('main > p').first().text()).toBe(channel.description);
    expect($('.feed-about h2').text()).toBe('This is a web feed');
    expect($('#feed-address').attr('value')).toBe(self);
    expect($('#feed-address').attr('readonly')).toBeDefined();
    expect($(`label[for="feed-address"]`).text()).toContain(label);
    expect(
      $('.feed-about .feed-links a')
        .map((_, a) => $(a).text())
        .get(),
    ).toEqual(otherLabels);
    for (const a of $('.feed-about .feed-links a').toArray()) {
      expect($(a).attr('href')).toMatch(new RegExp(`^${base}(feed\\.xml|atom\\.xml|feed\\.json)$`));
    }
  });

  test('carries the plain Follow form of the footer', async () => {
    const $ = load(await page());
    const form = $('.follow-widget form');
    expect(form.attr('method')).toBe('post');
    expect(form.attr('action')).toBe('/followers/subscribe');
    expect(form.find('input[type="email"]').attr('name')).toBe('email');
    expect(form.find(`input[name="${HONEYPOT_FIELD}"]`).attr('tabindex')).toBe('-1');
    expect($('.follow-count').text()).toBe('Join 3,164 other followers');
  });

  test('lists the posts with link, date and summary, titles as text', async () => {
    const $ = load(await page());
    const entries = $('.feed-entries li')
      .map((_, li) => ({
        title: $(li).find('h3 a').text(),
        href: $(li).find('h3 a').attr('href'),
        date: $(li).find('time').text(),
        datetime: $(li).find('time').attr('datetime'),
        summary: $(li).find('p').last().text(),
      }))
      .get();
    expect(entries).toEqual([
      {
        title: 'Q&A: <script>alert(1)</script> in a title',
        href: 'https://blog.example/2012/07/06/q-a/',
        date: '6 July 2012',
        datetime: '2012-07-06',
        summary: 'A summary with <angle> & ampersand',
      },
      {
        title: 'New Year',
        href: 'https://blog.example/2012/12/31/new-year/',
        date: '31 December 2012',
        datetime: '2012-12-31',
        summary: 'Last post of the year',
      },
    ]);
  });

  test('inlines the site stylesheet and links home', async () => {
    const $ = load(await page());
    expect($('style').text()).toBe('.a > .b { color: red; }');
    expect($('.site-title a').text()).toBe('Blog & <Co>');
    expect($('main a').last().attr('href')).toBe(base);
  });
});

test.each([
  ['rss', true],
  ['atom', true],
  ['json', false],
] as const)('%s styled in browsers: %s', (format, styledFormat) => {
  expect(isStyledFeedFormat(format)).toBe(styledFormat);
});

describe('the media type a feed is served with', () => {
  const chromium =
    'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
  const feedparser =
    'application/atom+xml,application/rdf+xml,application/rss+xml,application/x-netcdf,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1';
  test.each([
    ['rss', chromium, 'application/xml'],
    ['atom', chromium, 'application/xml'],
    ['json', chromium, 'application/feed+json'],
    ['rss', feedparser, 'application/rss+xml'],
    ['atom', feedparser, 'application/atom+xml'],
    ['json', feedparser, 'application/feed+json'],
    ['rss', '*/*', 'application/rss+xml'],
    ['rss', '', 'application/rss+xml'],
    ['atom', 'TEXT/HTML', 'application/xml'],
  ] as const)('%s for Accept %j: %s', (format, accept, mediaType) => {
    expect(resolveFeedMediaType(format, accept)).toBe(mediaType);
  });
});
