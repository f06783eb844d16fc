import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { describe, expect, test } from 'vitest';
import {
  describeFeedItem,
  escapeXml,
  findLastUpdated,
  listFeedCategories,
  renderAtom,
  renderJsonFeed,
  renderRss,
  stripInvalidXmlChars,
  type FeedChannel,
  type FeedItem,
  type FeedPost,
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
  /** RSS only: the guid's isPermaLink. */
  isPermaLink?: boolean | undefined;
  authors: string[];
  summary?: string | undefined;
  published?: string | undefined;
  content?: string | undefined;
  categories: string[];
}

/** What a feed reader reads of one channel in each format. */
const parsers: [
  string,
  (read?: FeedChannel) => Promise<{ title?: string | undefined; items: ParsedItem[] }>,
][] = [
  [
    'RSS 2.0',
    async (read = channel) => {
      const feed = parseRssFeed(renderRss(read));
      return {
        title: feed.title,
        items: (feed.items ?? []).map((item) => ({
          title: item.title,
          link: item.link,
          id: item.guid?.value,
          isPermaLink: item.guid?.isPermaLink,
          authors: item.dc?.creators ?? [],
          summary: item.description,
          published: item.pubDate,
          content: item.content?.encoded,
          categories: (item.categories ?? []).map((c) => c.name ?? ''),
        })),
      };
    },
  ],
  [
    'Atom 1.0',
    async (read = channel) => {
      // Atom text constructs come back as { value, type }.
      const feed = parseAtomFeed(renderAtom(read));
      return {
        title: feed.title?.value,
        items: (feed.entries ?? []).map((entry) => ({
          title: entry.title?.value,
          link: entry.links?.find((l) => l.rel === 'alternate')?.href,
          id: entry.id,
          authors: (entry.authors ?? []).map((author) => author.name ?? ''),
          summary: entry.summary?.value,
          published: entry.published,
          content: entry.content?.value,
          categories: (entry.categories ?? []).map((c) => c.term ?? ''),
        })),
      };
    },
  ],
  [
    'JSON Feed 1.1',
    async (read = channel) => {
      const feed = parseJsonFeed(JSON.parse(renderJsonFeed(read)));
      return {
        title: feed.title,
        items: (feed.items ?? []).map((item) => ({
          title: item.title,
          link: item.url,
          id: item.id,
          authors: (item.authors ?? []).map((author) => author.name ?? ''),
          summary: item.summary,
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

/** A post moved from WordPress: its old guid, an author, and text pasted with control characters. */
const moved: FeedItem = {
  title: 'Pasted\u000B from a PDF\u0001',
  url: 'https://blog.example/2010/01/02/moved/',
  guid: 'http://oldexample.wordpress.com/?p=101',
  pubDate: new Date('2010-01-02T00:00:00Z'),
  author: 'Jane\u000C Doe',
  categories: ['News\u0003', 'Tips & Tricks'],
  summary: 'Summary\uFFFE with a\u000B vertical tab',
  contentHtml: '<p>Body\u000B with a vertical tab\uFFFF and <b>bold</b></p>',
};
const movedChannel: FeedChannel = { ...channel, title: 'Blog\u0008', items: [moved] };

describe.each(parsers)('%s, a post moved from another blog', (format, parse) => {
  test('characters XML forbids are stripped from every text, the same in every format', async () => {
    const [item] = (await parse(movedChannel)).items;
    expect(item?.title).toBe('Pasted from a PDF');
    expect(item?.content).toBe('<p>Body with a vertical tab and <b>bold</b></p>');
    expect(item?.summary).toBe('Summary with a vertical tab');
    expect(item?.categories).toEqual(['News', 'Tips & Tricks']);
    expect(item?.authors).toEqual(['Jane Doe']);
  });

  test('its kept guid is its id where the old blog had the format; a post without one is identified by its permalink', async () => {
    const [item] = (await parse(movedChannel)).items;
    // JSON Feed, which WordPress never wrote, keeps the permalink: followers' mail is keyed by it.
    expect(item?.id).toBe(
      format === 'JSON Feed 1.1' ? moved.url : 'http://oldexample.wordpress.com/?p=101',
    );
    expect(item?.link).toBe(moved.url);
    const [plain] = (await parse()).items;
    expect(plain?.id).toBe(plain?.link);
  });

  test('an item names its author only when the post names one', async () => {
    expect((await parse(movedChannel)).items[0]?.authors).toEqual(['Jane Doe']);
    expect((await parse()).items[0]?.authors).toEqual([]);
  });
});

describe('RSS guid', () => {
  test.each([
    ['a kept guid', false, 'http://oldexample.wordpress.com/?p=101', movedChannel],
    ['the permalink', true, 'https://blog.example/2012/07/16/q-a/', channel],
  ])('%s is written with isPermaLink="%s"', (_, isPermaLink, id, read) => {
    const [item] = parseRssFeed(renderRss(read)).items ?? [];
    expect(item?.guid).toEqual({ value: id, isPermaLink });
  });

  test.each(['007', '1e5', '0x1F', 'tag:blogger.com,1999:blog-1.post-2', 'a &amp; <b>'])(
    'a guid is written as it is: %j',
    (guid) => {
      const read = { ...channel, items: [{ ...moved, guid }] };
      expect(parseRssFeed(renderRss(read)).items?.[0]?.guid?.value).toBe(guid);
      expect(parseAtomFeed(renderAtom(read)).entries?.[0]?.id).toBe(guid);
    },
  );
});

describe('feeds with characters XML forbids', () => {
  test.each([
    ['RSS', () => renderRss(movedChannel)],
    ['Atom', () => renderAtom(movedChannel)],
  ])('%s stays well-formed for a strict reader', (_, render) => {
    const document = render();
    expect(document).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    expect(readFeed(document).bozo).toBe(false);
  });
});

describe('stripInvalidXmlChars', () => {
  test.each([
    ['tab\t, newline\n and return\r stay', 'tab\t, newline\n and return\r stay'],
    ['vertical\u000Btab, form\u000Cfeed, nul\u0000', 'verticaltab, formfeed, nul'],
    ['\uFFFE\uFFFF non-characters', ' non-characters'],
    ['🎉 ünïcödé\u00A0', '🎉 ünïcödé\u00A0'],
  ])('%j → %j', (text, stripped) => {
    expect(stripInvalidXmlChars(text)).toBe(stripped);
  });
});

describe('listFeedCategories', () => {
  const term = (name: string) => ({ name });
  test.each([
    [['News'], [], ['News']],
    [
      ['News', 'Status'],
      ['imap', 'ssl'],
      ['News', 'Status', 'imap', 'ssl'],
    ],
    [['News'], ['News', 'ssl'], ['News', 'ssl']],
  ])('categories %j and tags %j → %j', (categories, tags, expected) => {
    expect(listFeedCategories({ categories: categories.map(term), tags: tags.map(term) })).toEqual(
      expected,
    );
  });
});

describe('describeFeedItem', () => {
  const post: FeedPost = {
    title: 'Now enforcing SSL',
    path: '/2012/07/16/now-enforcing-ssl/',
    pubDate: new Date('2012-07-16T00:00:00Z'),
    categories: [{ name: 'News' }],
    tags: [],
    entry: { body: 'As we *noted*, SSL is now required.', data: {} },
  };
  const origin = 'https://blog.example';

  test.each<[string, Partial<FeedPost>, Partial<FeedItem>]>([
    [
      'a hand-written post: permalink id, no author of its own, summary of its first paragraph',
      {},
      {
        url: `${origin}/2012/07/16/now-enforcing-ssl/`,
        guid: undefined,
        author: undefined,
        categories: ['News'],
        summary: 'As we noted, SSL is now required.',
      },
    ],
    [
      'a post moved from WordPress: its old guid and its author',
      {
        author: 'Rob',
        entry: { body: '', data: { guid: 'http://oldexample.wordpress.com/?p=101' } },
      },
      { guid: 'http://oldexample.wordpress.com/?p=101', author: 'Rob' },
    ],
    [
      'categories then tags, each name once',
      {
        categories: [{ name: 'News' }, { name: 'Status' }],
        tags: [{ name: 'imap' }, { name: 'News' }],
      },
      { categories: ['News', 'Status', 'imap'] },
    ],
    ['a description wins over the body', { description: 'In short.' }, { summary: 'In short.' }],
  ])('%s', (_, fields, expected) => {
    const item = describeFeedItem({ ...post, ...fields }, origin, '<p>Body</p>');
    expect(item).toMatchObject({ title: post.title, contentHtml: '<p>Body</p>', ...expected });
    for (const [key, value] of Object.entries(expected)) {
      if (value === undefined) expect(item[key as keyof FeedItem]).toBeUndefined();
    }
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
    ['rss', async (c: FeedChannel) => readFeed(renderRss(c)).links],
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
    const { links: withLinks, ...withHub } = readFeed(renderRss(hubbed));
    const { links: withoutLinks, ...withoutHub } = readFeed(renderRss(channel));
    expect(withHub).toEqual(withoutHub);
    expect(withLinks.filter((link) => link.rel !== 'hub')).toEqual(withoutLinks);
  });
});
