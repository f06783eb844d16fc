import { describe, expect, test } from 'vitest';
import { formatPostCacheKey, hashCacheKey } from '../../src/lib/page-cache-keys.ts';
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

describe('hashCacheKey', () => {
  test.each([
    [1, 2],
    ['a', 'b'],
    [{ a: 1 }, { a: 2 }],
  ])('%j and %j get different keys', (a, b) => {
    expect(hashCacheKey(a)).not.toBe(hashCacheKey(b));
  });
});
