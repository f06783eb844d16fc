import { load } from 'cheerio';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { describe, expect, test } from 'vitest';
import { FEED_STYLESHEET_PATH } from '../../src/lib/feed-stylesheet.ts';
import { existsInDist, readDist } from '../support/dist.ts';
import { readFeed as readParsedFeed } from '../support/feed-reader.ts';
import { findMissingSeedText, loadSeedPosts, normalizeText } from '../support/seed.ts';

const origin = 'https://blog.fastmail.fm';
const seedPosts = loadSeedPosts();

/** A feed reduced to what the tests compare, whatever its format. */
interface ReadFeed {
  title: string;
  selfUrl: string;
  homeUrl: string;
  items: { title: string; url: string; id: string; date: Date; html: string; categories: string[] }[];
}

/** Reads a built feed with a real parser; a missing required field fails here. */
function readFeed(path: string): ReadFeed {
  const text = readDist(path);
  const required = <T>(value: T | undefined, field: string): T => {
    if (value === undefined || value === null || value === '') throw new Error(`${path}: missing ${field}`);
    return value;
  };
  if (path.endsWith('feed.xml')) {
    const feed = parseRssFeed(text);
    required(feed.description, 'channel description');
    return {
      title: required(feed.title, 'channel title'),
      homeUrl: required(feed.link, 'channel link'),
      selfUrl: required(feed.atom?.links?.find((l) => l.rel === 'self')?.href, 'atom:link rel=self'),
      items: (feed.items ?? []).map((item) => ({
        title: required(item.title, 'item title'),
        url: required(item.link, 'item link'),
        id: required(item.guid?.isPermaLink ? item.guid.value : undefined, 'permalink guid'),
        date: new Date(required(item.pubDate, 'item pubDate')),
        html: required(item.content?.encoded, 'content:encoded'),
        categories: (item.categories ?? []).map((c) => c.name ?? ''),
      })),
    };
  }
  if (path.endsWith('atom.xml')) {
    const feed = parseAtomFeed(text);
    required(feed.updated, 'feed updated');
    required(feed.authors?.[0]?.name, 'feed author');
    return {
      title: required(feed.title?.value, 'feed title'),
      homeUrl: required(feed.links?.find((l) => l.rel === 'alternate')?.href, 'alternate link'),
      selfUrl: required(feed.links?.find((l) => l.rel === 'self')?.href, 'self link'),
      items: (feed.entries ?? []).map((entry) => ({
        title: required(entry.title?.value, 'entry title'),
        url: required(entry.links?.find((l) => l.rel === 'alternate')?.href, 'entry link'),
        id: required(entry.id, 'entry id'),
        date: new Date(required(entry.published, 'entry published')),
        html: required(entry.content?.value, 'entry content'),
        categories: (entry.categories ?? []).map((c) => c.term ?? ''),
      })),
    };
  }
  const feed = parseJsonFeed(JSON.parse(text));
  expect(JSON.parse(text).version).toBe('https://jsonfeed.org/version/1.1');
  return {
    title: required(feed.title, 'title'),
    homeUrl: required(feed.home_page_url, 'home_page_url'),
    selfUrl: required(feed.feed_url, 'feed_url'),
    items: (feed.items ?? []).map((item) => ({
      title: required(item.title, 'item title'),
      url: required(item.url, 'item url'),
      id: required(item.id, 'item id'),
      date: new Date(required(item.date_published, 'date_published')),
      html: required(item.content_html, 'content_html'),
      categories: item.tags ?? [],
    })),
  };
}

const feeds = [
  ['/', 'FastMail.FM Weblog', seedPosts],
  ['/category/news/', 'FastMail.FM Weblog » News', seedPosts.filter((p) => p.categories.includes('News'))],
  ['/category/uncategorized/', 'FastMail.FM Weblog » Uncategorized', seedPosts.filter((p) => p.categories.includes('Uncategorized'))],
] as const;

const cases = feeds.flatMap(([base, title, posts]) =>
  ['feed.xml', 'atom.xml', 'feed.json'].map((file) => [`${base}${file}`, base, title, posts] as const),
);

describe.each(cases)('%s', (path, base, title, posts) => {
  const feed = readFeed(path);

  test('names itself and its page with absolute URLs', () => {
    expect(feed.title).toBe(title);
    expect(feed.homeUrl).toBe(`${origin}${base}`);
    expect(feed.selfUrl).toBe(`${origin}${path}`);
  });

  test('lists its posts newest first with permalink ids, dates and categories', () => {
    expect(feed.items.map((item) => item.url)).toEqual(posts.map((post) => `${origin}${post.permalink}`));
    for (const [index, item] of feed.items.entries()) {
      const seed = posts[index]!;
      expect(item.title).toBe(seed.title);
      expect(item.id).toBe(item.url);
      expect(item.date.toISOString()).toBe(`${seed.pubDate}T00:00:00.000Z`);
      expect(item.categories).toEqual(seed.categories);
      expect(existsInDist(seed.permalink)).toBe(true);
    }
  });

  test('carries each post in full, every link absolute', () => {
    for (const [index, item] of feed.items.entries()) {
      const $ = load(item.html);
      const text = normalizeText($.root().text());
      expect(findMissingSeedText(text, posts[index]!.paragraphs), item.url).toEqual([]);
      // Every URL attribute, fragments too: a reader resolves what is left relative against the feed.
      const urls = ['href', 'src', 'poster', 'cite'].flatMap((name) =>
        $(`[${name}]`).map((_, el) => $(el).attr(name) ?? '').get(),
      );
      for (const url of urls) expect(url, `${path}: ${item.url}`).toMatch(/^(https?:|mailto:)/);
    }
  });
});

test.each(cases.filter(([path]) => !path.endsWith('.json')))(
  '%s: browsers get the stylesheet; feed readers read the same entries without it',
  (path, _base, _title, posts) => {
    const text = readDist(path);
    const instruction = `<?xml-stylesheet href="${FEED_STYLESHEET_PATH}" type="text/xsl"?>`;
    expect(text).toContain(instruction);
    const styled = readParsedFeed(text);
    expect(styled.bozo).toBe(false);
    expect(styled.entries).toHaveLength(posts.length);
    expect(styled).toEqual(readParsedFeed(text.replace(instruction, '')));
  },
);

test('the feed stylesheet is built where the feeds point', () => {
  expect(readDist(FEED_STYLESHEET_PATH)).toContain('<xsl:stylesheet');
});

test('a feed is served for every category page', () => {
  const $ = load(readDist('/'));
  const categories = new Set($('.post-meta a').map((_, a) => $(a).attr('href')).get());
  for (const category of categories) {
    for (const file of ['feed.xml', 'atom.xml', 'feed.json']) expect(existsInDist(`${category}${file}`)).toBe(true);
  }
});
