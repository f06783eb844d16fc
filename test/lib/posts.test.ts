import { describe, expect, test } from 'vitest';
import {
  indexPosts,
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
    expect(toPostRouteParams(index.posts[0]!)).toEqual({
      year: '2012',
      month: '07',
      day: '16',
      slug: 'newest',
    });
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
