import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { describe, expect, test } from 'vitest';
import {
  escapeXml,
  findLastUpdated,
  renderAtom,
  renderJsonFeed,
  renderRss,
  type FeedChannel,
} from '../../src/lib/feeds.ts';
import { readFeed } from '../support/feed-reader.ts';

const trickyTitle = 'Q&A: <script> tags & “quotes” in titles 🎉';
const trickyHtml = '<p>AT&amp;T said <code>&lt;b&gt;</code> ]]> and 🎉</p>';

const channel: FeedChannel = {
  title: 'Blog & <News>',
  description: 'Tagline',
  language: 'en',
  author: 'FastMail.FM',
  homeUrl: 'https://blog.example/',
  feedUrls: {
    rss: 'https://blog.example/feed.xml',
    atom: 'https://blog.example/atom.xml',
    json: 'https://blog.example/feed.json',
  },
  items: [
    {
      title: trickyTitle,
      url: 'https://blog.example/2012/07/16/q-a/',
      pubDate: new Date('2012-07-16T00:00:00Z'),
      updatedDate: new Date('2012-07-20T08:00:00Z'),
      categories: ['News', 'Tips & Tricks'],
      summary: 'Summary with <angle> & ampersand',
      contentHtml: trickyHtml,
    },
    {
      title: 'Older',
      url: 'https://blog.example/2012/05/21/older/',
      pubDate: new Date('2012-05-21T00:00:00Z'),
      categories: ['News'],
      summary: 'Old',
      contentHtml: '<p>Old</p>',
    },
  ],
};

/** What a feed reader gets out of each format, reduced to one shape. */
interface ParsedItem {
  title?: string | undefined;
  link?: string | undefined;
  id?: string | undefined;
  published?: string | undefined;
  content?: string | undefined;
  categories: string[];
}

const parsers: [string, () => Promise<{ title?: string | undefined; items: ParsedItem[] }>][] = [
  [
    'RSS 2.0',
    async () => {
      const feed = parseRssFeed(await renderRss(channel));
      return {
        title: feed.title,
        items: (feed.items ?? []).map((item) => ({
          title: item.title,
          link: item.link,
          id: item.guid?.value,
          published: item.pubDate,
          content: item.content?.encoded,
          categories: (item.categories ?? []).map((c) => c.name ?? ''),
        })),
      };
    },
  ],
  [
    'Atom 1.0',
    async () => {
      // Atom text constructs come back as { value, type }.
      const feed = parseAtomFeed(renderAtom(channel));
      return {
        title: feed.title?.value,
        items: (feed.entries ?? []).map((entry) => ({
          title: entry.title?.value,
          link: entry.links?.find((l) => l.rel === 'alternate')?.href,
          id: entry.id,
          published: entry.published,
          content: entry.content?.value,
          categories: (entry.categories ?? []).map((c) => c.term ?? ''),
        })),
      };
    },
  ],
  [
    'JSON Feed 1.1',
    async () => {
      const feed = parseJsonFeed(JSON.parse(renderJsonFeed(channel)));
      return {
        title: feed.title,
        items: (feed.items ?? []).map((item) => ({
          title: item.title,
          link: item.url,
          id: item.id,
          published: item.date_published,
          content: item.content_html,
          categories: item.tags ?? [],
        })),
      };
    },
  ],
];

describe.each(parsers)('%s', (_, parse) => {
  test('a real parser reads back titles with &, < and emoji exactly', async () => {
    const feed = await parse();
    expect(feed.title).toBe('Blog & <News>');
    expect(feed.items.map((item) => item.title)).toEqual([trickyTitle, 'Older']);
  });

  test('full HTML content survives, newest first, with permalink ids and dates', async () => {
    const [first, second] = (await parse()).items;
    expect(first?.content).toBe(trickyHtml);
    expect(first?.link).toBe('https://blog.example/2012/07/16/q-a/');
    expect(first?.id).toBe(first?.link);
    expect(new Date(first?.published ?? '').toISOString()).toBe('2012-07-16T00:00:00.000Z');
    expect(first?.categories).toEqual(['News', 'Tips & Tricks']);
    expect(second?.title).toBe('Older');
  });
});

describe('escapeXml', () => {
  test.each([
    ['a & b', 'a &amp; b'],
    ['<tag attr="x">', '&lt;tag attr=&quot;x&quot;&gt;'],
    ["it's", 'it&apos;s'],
    ['bell\u0007 and form feed\u000c', 'bell and form feed'],
    ['🎉 ünïcödé', '🎉 ünïcödé'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeXml(text)).toBe(escaped);
  });
});

describe('findLastUpdated', () => {
  test('takes the newest publication or update', () => {
    expect(findLastUpdated(channel.items).toISOString()).toBe('2012-07-20T08:00:00.000Z');
  });
  test('an empty feed falls back', () => {
    expect(findLastUpdated([]).getTime()).toBe(0);
  });
});

describe('WebSub hub', () => {
  const hub = 'https://hub.example/';
  const hubbed = { ...channel, hub };

  test.each([
    ['rss', async (c: FeedChannel) => readFeed(await renderRss(c)).links],
    ['atom', async (c: FeedChannel) => readFeed(renderAtom(c)).links],
  ] as const)('%s advertises rel="hub" only when a hub is set', async (_, readLinks) => {
    expect(await readLinks(hubbed)).toContainEqual({ rel: 'hub', href: hub });
    expect((await readLinks(channel)).map((link) => link.rel)).not.toContain('hub');
  });

  test('JSON Feed lists it in hubs only when a hub is set', () => {
    expect(JSON.parse(renderJsonFeed(hubbed)).hubs).toEqual([{ type: 'WebSub', url: hub }]);
    expect(JSON.parse(renderJsonFeed(channel))).not.toHaveProperty('hubs');
  });

  test('a hub changes nothing else a feed reader sees', async () => {
    const { links: withLinks, ...withHub } = readFeed(await renderRss(hubbed));
    const { links: withoutLinks, ...withoutHub } = readFeed(await renderRss(channel));
    expect(withHub).toEqual(withoutHub);
    expect(withLinks.filter((link) => link.rel !== 'hub')).toEqual(withoutLinks);
  });
});
