import { load } from 'cheerio';
import { describe, expect, test } from 'vitest';
import { readDist } from '../support/dist.ts';
import { findMissingSeedText, loadSeedPosts, normalizeText } from '../support/seed.ts';

const seedPosts = loadSeedPosts();

/** The visible text of an element, whitespace collapsed. */
const textOf = (html: string, selector: string) => normalizeText(load(html)(selector).text());

describe.each(seedPosts.map((post) => [post.permalink, post] as const))('post %s', (permalink, seed) => {
  const html = readDist(permalink);
  const $ = load(html);

  test('has its title as the only h1', () => {
    expect($('h1').length).toBe(1);
    expect(normalizeText($('h1').text())).toBe(seed.title);
  });

  test('shows its date in <time datetime>', () => {
    expect($('article time').attr('datetime')).toBe(`${seed.pubDate}T00:00:00.000Z`);
  });

  test('has every paragraph of the seed text', () => {
    const text = textOf(html, 'article .post-content');
    expect(findMissingSeedText(text, seed.paragraphs)).toEqual([]);
  });

  test('ends with "Posted in …. Comments Off", each category linked', () => {
    expect(textOf(html, 'article .post-meta')).toBe(`Posted in ${seed.categories.join(', ')}. Comments Off`);
    expect($('article .post-meta a').map((_, a) => $(a).attr('href')).get()).toEqual(
      seed.categories.map((name) => `/category/${name.toLowerCase()}/`),
    );
  });

  test('has a canonical URL, description and OpenGraph tags', () => {
    expect($('link[rel=canonical]').attr('href')).toBe(`https://blog.fastmail.fm${permalink}`);
    expect($('meta[name=description]').attr('content')?.length).toBeGreaterThan(20);
    expect($('meta[property="og:title"]').attr('content')).toBe(seed.title);
    expect($('meta[property="og:type"]').attr('content')).toBe('article');
  });
});

describe('post navigation follows publication order', () => {
  test.each(seedPosts.map((post, index) => [post.permalink, seedPosts[index + 1]?.permalink, seedPosts[index - 1]?.permalink]))(
    '%s: older %s, newer %s',
    (permalink, older, newer) => {
      const $ = load(readDist(permalink));
      expect($('.neighbour-nav a.back').attr('href')).toBe(older);
      expect($('.neighbour-nav a.forward').attr('href')).toBe(newer);
    },
  );
});

describe('seed content as the original wrote it', () => {
  test.each([
    ['/2012/07/03/changes-to-web-interface-address-book-rolled-out/', 'ul > li', 4],
    ['/2012/04/17/all-reject-rules-now-silent-discards-vacation-reply-requires-spam-protection/', 'ol > li', 2],
    ['/2012/06/05/new-domain-fastmail-nl/', 'ul > li', 9],
  ])('%s renders its list as %s (%i items)', (permalink, selector, count) => {
    expect(load(readDist(permalink))(`article .post-content ${selector}`).length).toBe(count);
  });

  test.each([
    ['http://www.fastmail.fm', 'http://www.fastmail.fm'],
    ['https://www.sent.com', 'https://www.sent.com'],
    ['http://insecure.fastmail.fm', 'http://insecure.fastmail.fm'],
  ])('the webmail post links %s', (text, href) => {
    const $ = load(readDist('/2012/06/19/changes-to-webmail-login/'));
    const link = $('article .post-content a').filter((_, a) => $(a).text() === text);
    expect(link.first().attr('href')).toBe(href);
  });

  test('curly quotes and arrows survive unchanged', () => {
    const text = textOf(readDist('/2012/06/05/new-domain-fastmail-nl/'), 'article');
    expect(text).toContain('We’ve just added');
    expect(text).toContain('Options –> Aliases screen');
    expect(text).toContain('“fastmail” TLDs');
  });
});
