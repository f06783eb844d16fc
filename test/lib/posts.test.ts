import { describe, expect, test } from 'vitest';
import {
  indexPosts,
  orderForHome,
  PostIndexError,
  toMonthRouteParams,
  toPostRouteParams,
  type PostFields,
  type PostSource,
} from '../../src/lib/posts.ts';

/** A source entry with defaults; the entry is its file path so tests can compare. */
function source(
  filePath: string,
  fields: Partial<Omit<PostFields, 'pubDate'>> & { pubDate: string },
): PostSource<string> {
  return {
    filePath,
    entry: filePath,
    data: {
      title: filePath,
      categories: ['News'],
      draft: false,
      ...fields,
      pubDate: new Date(fields.pubDate),
    },
  };
}

const sources = [
  source('b.mdx', { title: 'Middle', pubDate: '2012-05-21' }),
  source('a.mdx', {
    title: 'Newest',
    pubDate: '2012-07-16',
    categories: ['News', 'Uncategorized'],
  }),
  source('d.mdx', { title: 'Draft', pubDate: '2012-08-01', draft: true }),
  source('c.mdx', { title: 'Oldest', pubDate: '2011-12-31T23:00:00Z', categories: ['Technical'] }),
  source('e.mdx', { title: 'Same day', pubDate: '2012-05-21' }),
];

describe('indexPosts', () => {
  const index = indexPosts(sources);

  test('drops drafts and sorts newest first, same instant by permalink', () => {
    expect(index.posts.map((post) => post.title)).toEqual([
      'Newest',
      'Middle',
      'Same day',
      'Oldest',
    ]);
  });

  test('gives each post its WordPress permalink', () => {
    expect(index.posts.map((post) => post.path)).toEqual([
      '/2012/07/16/newest/',
      '/2012/05/21/middle/',
      '/2012/05/21/same-day/',
      '/2011/12/31/oldest/',
    ]);
    expect(toMonthRouteParams(index.years[0]!.months[1]!)).toEqual({ year: '2012', month: '05' });
    expect(toPostRouteParams(index.posts[0]!)).toEqual({ post: '2012/07/16/newest' });
  });

  test('groups categories by name with posts newest first', () => {
    expect(index.categories.map((c) => [c.name, c.path, c.posts.map((p) => p.title)])).toEqual([
      ['News', '/category/news/', ['Newest', 'Middle', 'Same day']],
      ['Technical', '/category/technical/', ['Oldest']],
      ['Uncategorized', '/category/uncategorized/', ['Newest']],
    ]);
  });

  test('groups archives by year and month, newest first', () => {
    expect(
      index.years.map((year) => [
        year.path,
        year.months.map((m) => [m.path, m.posts.map((p) => p.title)]),
      ]),
    ).toEqual([
      [
        '/2012/',
        [
          ['/2012/07/', ['Newest']],
          ['/2012/05/', ['Middle', 'Same day']],
        ],
      ],
      ['/2011/', [['/2011/12/', ['Oldest']]]],
    ]);
  });

  test.each([
    ['Newest', undefined, 'Middle'],
    ['Middle', 'Newest', 'Same day'],
    ['Oldest', 'Same day', undefined],
  ])('neighbours of %s: newer %s, older %s', (title, newer, older) => {
    const post = index.posts.find((candidate) => candidate.title === title)!;
    const neighbours = index.neighbours(post);
    expect(neighbours.newer?.title).toBe(newer);
    expect(neighbours.older?.title).toBe(older);
  });

  test('an empty collection gives empty lists', () => {
    const empty = indexPosts([]);
    expect([empty.posts, empty.categories, empty.years]).toEqual([[], [], []]);
  });

  test('a slug field overrides the title slug', () => {
    const [post] = indexPosts([
      source('x.mdx', { title: 'Long title', slug: 'short', pubDate: '2012-01-02' }),
    ]).posts;
    expect(post?.path).toBe('/2012/01/02/short/');
  });

  test.each([
    [
      'two titles with one slug',
      [
        source('one.mdx', { title: 'Same: title', pubDate: '2012-01-02' }),
        source('two.mdx', { title: 'Same title', pubDate: '2012-01-02' }),
      ],
      /one\.mdx and two\.mdx: field "slug" collides.*\/2012\/01\/02\/same-title\//,
    ],
    [
      'a slug field equal to another title',
      [
        source('one.mdx', { title: 'Hello', pubDate: '2012-01-02' }),
        source('two.mdx', { title: 'Other', slug: 'hello', pubDate: '2012-01-02' }),
      ],
      /one\.mdx and two\.mdx/,
    ],
    [
      'a draft colliding with a published post',
      [
        source('one.mdx', { title: 'Hello', pubDate: '2012-01-02' }),
        source('two.mdx', { title: 'Hello', pubDate: '2012-01-02', draft: true }),
      ],
      /one\.mdx and two\.mdx/,
    ],
    [
      'a category with no slug characters',
      [source('cat.mdx', { title: 'Fine', categories: ['News', '🎉'], pubDate: '2012-01-02' })],
      /cat\.mdx: field "categories" has "🎉"/,
    ],
    [
      'a title with no slug characters',
      [source('emoji.mdx', { title: '🎉', pubDate: '2012-01-02' })],
      /emoji\.mdx: field "title" gives an empty permalink slug/,
    ],
  ])('refuses %s', (_, input, message) => {
    expect(() => indexPosts(input)).toThrow(PostIndexError);
    expect(() => indexPosts(input)).toThrow(message);
  });

  test('same slug on different days is no collision', () => {
    const index2 = indexPosts([
      source('one.mdx', { title: 'Weekly notes', pubDate: '2012-01-02' }),
      source('two.mdx', { title: 'Weekly notes', pubDate: '2012-01-09' }),
    ]);
    expect(index2.posts).toHaveLength(2);
  });
});

describe('what WordPress blogs bring: time zones, schedules, slugs, tags, authors, sticky posts', () => {
  const now = new Date('2013-01-01T00:00:00Z');
  test.each([
    ['UTC files 23:30 UTC under that day', '2012-05-21T23:30:00Z', 'UTC', '/2012/05/21/p/'],
    [
      'Melbourne files it under the next day',
      '2012-05-21T23:30:00Z',
      'Australia/Melbourne',
      '/2012/05/22/p/',
    ],
    ['a fixed offset works too', '2012-05-21T23:30:00Z', '+10:00', '/2012/05/22/p/'],
    [
      'New York files early UTC under the day before',
      '2012-05-21T02:00:00Z',
      'America/New_York',
      '/2012/05/20/p/',
    ],
  ])('%s', (_, pubDate, timeZone, path) => {
    const [post] = indexPosts([source('p.md', { title: 'p', pubDate })], { now, timeZone }).posts;
    expect(post?.path).toBe(path);
  });

  test('archives group by the day in the site time zone', () => {
    const index = indexPosts([source('p.md', { title: 'p', pubDate: '2012-12-31T20:00:00Z' })], {
      now,
      timeZone: '+10:00',
    });
    expect(index.years.map((year) => year.path)).toEqual(['/2013/']);
  });

  test('a post dated after "now" is scheduled: built nowhere until then', () => {
    const sources = [
      source('past.md', { title: 'Past', pubDate: '2012-12-31T23:59:59Z' }),
      source('future.md', { title: 'Future', pubDate: '2013-01-01T00:00:01Z', tags: ['Soon'] }),
    ];
    expect(indexPosts(sources, { now, timeZone: 'UTC' }).posts.map((p) => p.title)).toEqual([
      'Past',
    ]);
    expect(indexPosts(sources, { now, timeZone: 'UTC' }).tags).toEqual([]);
    const later = indexPosts(sources, { now: new Date('2013-01-02T00:00:00Z'), timeZone: 'UTC' });
    expect(later.posts.map((p) => p.title)).toEqual(['Future', 'Past']);
  });

  test('an explicit permalink wins, and takes part in the collision check', () => {
    const custom = source('c.md', {
      title: 'c',
      pubDate: '2012-05-21',
      permalink: '/archives/42/',
    });
    expect(indexPosts([custom], { now, timeZone: 'UTC' }).posts[0]?.path).toBe('/archives/42/');
    const clash = source('d.md', {
      title: 'd',
      pubDate: '2012-05-21',
      permalink: '/2012/05/21/x/',
    });
    const other = source('e.md', { title: 'x', pubDate: '2012-05-21' });
    expect(() => indexPosts([clash, other], { now, timeZone: 'UTC' })).toThrow(
      /d\.md.*e\.md|e\.md.*d\.md/,
    );
  });

  test('terms keep a given slug; tags get /tag/ pages', () => {
    const index = indexPosts(
      [
        source('p.md', {
          title: 'p',
          pubDate: '2012-05-21',
          categories: [{ name: 'Server Status', slug: 'status' }],
          tags: ['IMAP', { name: 'Über', slug: 'uber' }],
        }),
      ],
      { now, timeZone: 'UTC' },
    );
    expect(index.categories.map((c) => [c.name, c.path])).toEqual([
      ['Server Status', '/category/status/'],
    ]);
    expect(index.tags.map((t) => [t.name, t.path])).toEqual([
      ['IMAP', '/tag/imap/'],
      ['Über', '/tag/uber/'],
    ]);
  });

  test.each([
    ['one author: no byline', ['Ann', 'Ann'], [undefined, undefined]],
    ['two authors: bylines', ['Ann', 'Bob'], ['By Bob', 'By Ann']],
    [
      'two authors, one post without: only where named',
      ['Ann', undefined, 'Bob'],
      ['By Bob', undefined, 'By Ann'],
    ],
  ])('%s', (_, authors, bylines) => {
    const sources = authors.map((author, at) =>
      source(`${at}.md`, { title: `t${at}`, pubDate: `2012-05-0${at + 1}`, author }),
    );
    expect(indexPosts(sources, { now, timeZone: 'UTC' }).posts.map((p) => p.byline)).toEqual(
      bylines,
    );
  });

  test('sticky posts lead the home page, newest first among them', () => {
    const index = indexPosts(
      [
        source('a.md', { title: 'A', pubDate: '2012-05-01', sticky: true }),
        source('b.md', { title: 'B', pubDate: '2012-05-02' }),
        source('c.md', { title: 'C', pubDate: '2012-05-03', sticky: true }),
        source('d.md', { title: 'D', pubDate: '2012-05-04' }),
      ],
      { now, timeZone: 'UTC' },
    );
    expect(orderForHome(index.posts).map((p) => p.title)).toEqual(['C', 'A', 'D', 'B']);
    expect(index.posts.map((p) => p.title)).toEqual(['D', 'C', 'B', 'A']);
  });
});
