import { describe, expect, test } from 'vitest';
import {
  formatListingCacheKey,
  formatPostCacheKey,
  hashCacheKey,
} from '../../src/lib/page-cache-keys.ts';
import { paginateItems, type ListingPage } from '../../src/lib/pagination.ts';
import type { Post } from '../../src/lib/posts.ts';

type Entry = { readonly digest?: string | number };

/** A post with the fields a page shows; `changes` overrides some. */
const makePost = (changes: Partial<Post<Entry>> = {}): Post<Entry> => ({
  entry: { digest: 'abc' },
  filePath: 'src/content/news/a.md',
  title: 'A post',
  pubDate: new Date('2013-05-01T00:00:00Z'),
  slug: 'a-post',
  path: '/2013/05/01/a-post/',
  categories: [{ name: 'News', slug: 'news', path: '/category/news/' }],
  tags: [],
  sticky: false,
  ...changes,
});
const older = makePost({ title: 'Older', path: '/2013/04/01/older/' });
const base = formatPostCacheKey(makePost(), { older }, ['nav', 0]);

describe('formatPostCacheKey', () => {
  test('is the same for the same inputs', () => {
    expect(formatPostCacheKey(makePost(), { older }, ['nav', 0])).toBe(base);
  });

  test.each([
    [
      'the source file',
      () => formatPostCacheKey(makePost({ entry: { digest: 'abd' } }), { older }, ['nav', 0]),
    ],
    ['the title', () => formatPostCacheKey(makePost({ title: 'B' }), { older }, ['nav', 0])],
    ['a category', () => formatPostCacheKey(makePost({ categories: [] }), { older }, ['nav', 0])],
    ['the byline', () => formatPostCacheKey(makePost({ byline: 'By Ann' }), { older }, ['nav', 0])],
    [
      "the older neighbour's title",
      () => formatPostCacheKey(makePost(), { older: { ...older, title: 'Renamed' } }, ['nav', 0]),
    ],
    [
      'a newer neighbour appearing',
      () => formatPostCacheKey(makePost(), { older, newer: older }, ['nav', 0]),
    ],
    ['the follower count', () => formatPostCacheKey(makePost(), { older }, ['nav', 1])],
  ])('changes with %s', (_, key) => {
    expect(key()).not.toBe(base);
  });

  test("ignores what a neighbour's page shows but this page does not (its body)", () => {
    const edited = { ...older, entry: { digest: 'other' } };
    expect(formatPostCacheKey(makePost(), { older: edited }, ['nav', 0])).toBe(base);
  });
});

describe('formatListingCacheKey', () => {
  /** Page `number` of the home listing of `posts`, two per page. */
  const pageOf = (posts: Post<Entry>[], number: number): ListingPage<Post<Entry>> => {
    const page = paginateItems(posts, 2, '/')[number - 1];
    if (!page) throw new Error(`no page ${number}`);
    return page;
  };
  const posts = ['a', 'b', 'c', 'd', 'e'].map((slug) =>
    makePost({ slug, title: slug, path: `/2013/05/01/${slug}/`, entry: { digest: slug } }),
  );
  /** `posts` with the one at `index` changed. */
  const withChanged = (index: number, changes: Partial<Post<Entry>>) =>
    posts.map((post, i) => (i === index ? { ...post, ...changes } : post));
  const page2 = formatListingCacheKey(pageOf(posts, 2), ['nav', 0]);

  test('is the same for the same inputs', () => {
    expect(formatListingCacheKey(pageOf(posts, 2), ['nav', 0])).toBe(page2);
  });

  test.each([
    [
      "a shown post's source file",
      () => pageOf(withChanged(2, { entry: { digest: 'edited' } }), 2),
    ],
    ["a shown post's title", () => pageOf(withChanged(3, { title: 'Renamed' }), 2)],
    ["a shown post's categories", () => pageOf(withChanged(2, { categories: [] }), 2)],
    [
      'a post published before it (every post moves one place)',
      () => pageOf([makePost({ slug: 'new', path: '/2013/06/01/new/' }), ...posts], 2),
    ],
    ['the number of pages (its "page N of M" title)', () => pageOf(posts.slice(0, 4), 2)],
  ])('changes with %s', (_, page) => {
    expect(formatListingCacheKey(page(), ['nav', 0])).not.toBe(page2);
  });

  test('changes with what else the page shows (the follower count)', () => {
    expect(formatListingCacheKey(pageOf(posts, 2), ['nav', 1])).not.toBe(page2);
  });

  test('stays the same when a post on another page is edited', () => {
    const edited = withChanged(0, { entry: { digest: 'edited' }, title: 'Renamed' });
    expect(formatListingCacheKey(pageOf(edited, 2), ['nav', 0])).toBe(page2);
  });
});

describe('hashCacheKey', () => {
  test.each([
    [1, 2],
    ['a', 'b'],
    [{ a: 1 }, { a: 2 }],
  ])('%j and %j get different keys', (a, b) => {
    expect(hashCacheKey(a)).not.toBe(hashCacheKey(b));
  });
});
