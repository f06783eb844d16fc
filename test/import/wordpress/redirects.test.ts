import { describe, expect, test } from 'vitest';
import {
  encodeTarget,
  planWordPressRedirects,
  type RedirectEntry,
  type RedirectPlanInput,
} from '../../../src/import/wordpress/redirects.ts';

/** A published post or page with only what the plan reads. */
const entry = (overrides: Partial<RedirectEntry> & Pick<RedirectEntry, 'wordpressId' | 'path'>) =>
  ({
    kind: 'post',
    pubInstant: new Date('2012-05-21T08:30:00Z'),
    pubDate: '2012-05-21T18:30:00+10:00',
    categories: ['News'],
    tags: [],
    anchors: new Set<string>(),
    ...overrides,
  }) satisfies RedirectEntry;

const input: RedirectPlanInput = {
  entries: [
    entry({
      wordpressId: 10,
      path: '/2012/05/21/hello/',
      tags: ['IMAP', { name: 'Tips & Tricks', slug: 'tips' }],
      anchors: new Set(['attachment_30']),
    }),
    entry({ wordpressId: 20, kind: 'page', path: '/about/', categories: [] }),
    entry({ wordpressId: 21, kind: 'page', path: '/日本語/', categories: [] }),
  ],
  attachments: [
    { id: 30, parentId: 10, oldPath: '/2012/05/21/hello/photo/' },
    { id: 31, parentId: 10, oldPath: undefined },
    { id: 32, parentId: 99, oldPath: '/2011/01/01/gone/photo/' },
  ],
  terms: [
    { domain: 'category', id: 3, slug: 'news', name: 'News' },
    { domain: 'category', id: 4, slug: 'unused', name: 'Unused' },
    { domain: 'post_tag', id: 7, slug: 'imap', name: 'IMAP' },
    { domain: 'post_tag', id: 8, slug: 'tips', name: 'Tips &amp; Tricks' },
  ],
  authors: [
    { login: 'ann', id: 1 },
    { login: 'bob', id: undefined },
  ],
  timeZone: 'UTC',
};
const plan = planWordPressRedirects(input);
const pathTarget = (from: string) => plan.paths.find((rule) => rule.from === from)?.to;
const queryTarget = (arg: string, value: string) =>
  plan.queries.find((rule) => rule.arg === arg && rule.value === value)?.to;

describe('planWordPressRedirects: by query argument', () => {
  test.each([
    ['p', '10', '/2012/05/21/hello/'],
    ['p', '20', '/about/'],
    ['page_id', '20', '/about/'],
    ['page_id', '10', undefined],
    ['p', '21', '/%E6%97%A5%E6%9C%AC%E8%AA%9E/'],
    ['attachment_id', '30', '/2012/05/21/hello/#attachment_30'],
    ['attachment_id', '31', '/2012/05/21/hello/'],
    ['attachment_id', '32', undefined],
    ['cat', '3', '/category/news/'],
    ['cat', '4', undefined],
    ['tag', 'imap', '/tag/imap/'],
    ['tag', 'tips', '/tag/tips/'],
    ['author', '1', '/'],
  ])('/?%s=%s → %s', (arg, value, to) => {
    expect(queryTarget(arg, value)).toBe(to);
  });

  test('each argument and value once', () => {
    const keys = plan.queries.map((rule) => `${rule.arg}=${rule.value}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('planWordPressRedirects: by path', () => {
  test.each([
    ['/2012/05/21/hello/photo/', '/2012/05/21/hello/#attachment_30'],
    ['/2011/01/01/gone/photo/', undefined],
    ['/2012/05/21/', '/2012/05/'],
    // Comment feeds: none here, and nginx answers them 410 Gone, not a redirect.
    ['/2012/05/21/hello/feed/', undefined],
    ['/about/feed/', undefined],
    ['/comments/feed/', undefined],
    ['/comments/feed/atom/', undefined],
    ['/tag/imap/feed/', '/tag/imap/feed.xml'],
    ['/tag/tips/feed/atom/', '/tag/tips/atom.xml'],
    ['/author/ann/', '/'],
    ['/author/bob/', '/'],
    ['/author/bob/feed/', '/feed.xml'],
    ['/feed/rdf/', '/feed.xml'],
    // Already in the legacy table: never twice.
    ['/feed/', undefined],
    ['/feed/atom/', undefined],
    // Not a site path (non-ASCII): left out, never half-written.
    ['/日本語/feed/', undefined],
  ])('%s → %s', (from, to) => {
    expect(pathTarget(from)).toBe(to);
  });

  test('a day archive goes to the month the site files the post under in its time zone', () => {
    const late = planWordPressRedirects({
      ...input,
      entries: [
        entry({
          wordpressId: 5,
          path: '/2012/05/31/late/',
          pubDate: '2012-05-31T23:30:00-05:00',
          pubInstant: new Date('2012-06-01T04:30:00Z'),
        }),
      ],
      timeZone: 'UTC',
    });
    expect(late.paths.find((rule) => rule.from === '/2012/05/31/')?.to).toBe('/2012/06/');
  });

  test('no source twice, none a page of the import', () => {
    const sources = plan.paths.map((rule) => rule.from);
    expect(new Set(sources).size).toBe(sources.length);
    for (const page of input.entries) expect(sources).not.toContain(page.path);
  });
});

describe('encodeTarget', () => {
  test.each([
    ['/about/', '/about/'],
    ['/日本語/', '/%E6%97%A5%E6%9C%AC%E8%AA%9E/'],
    ['/a/#attachment_3', '/a/#attachment_3'],
  ])('%s → %s', (path, encoded) => {
    expect(encodeTarget(path)).toBe(encoded);
  });
});

describe('planWordPressRedirects: categories under a parent', () => {
  const nested = planWordPressRedirects({
    ...input,
    entries: [
      entry({ wordpressId: 40, path: '/2012/05/21/a/', categories: ['News'] }),
      entry({
        wordpressId: 41,
        path: '/2012/05/21/b/',
        categories: [{ name: 'News', slug: 'news-asia' }],
      }),
    ],
    terms: [
      { domain: 'category', id: 2, slug: 'europe', name: 'Europe', parent: '' },
      { domain: 'category', id: 3, slug: 'news', name: 'News', parent: 'europe' },
      { domain: 'category', id: 4, slug: 'asia', name: 'Asia', parent: '' },
      { domain: 'category', id: 5, slug: 'news-asia', name: 'News', parent: 'asia' },
      { domain: 'category', id: 6, slug: 'loop', name: 'Loop', parent: 'loop' },
    ],
  });
  test.each([
    ['/category/europe/news/', '/category/news/'],
    ['/category/europe/news/feed/', '/category/news/feed.xml'],
    ['/category/asia/news-asia/', '/category/news-asia/'],
    // Categories no post uses lead nowhere.
    ['/category/europe/', undefined],
  ])('the old address %s → %s', (from, to) => {
    expect(nested.paths.find((rule) => rule.from === from)?.to).toBe(to);
  });

  test.each([
    ['3', '/category/news/'],
    ['5', '/category/news-asia/'],
  ])('two categories of one name: /?cat=%s → %s (by slug, not name)', (value, to) => {
    expect(nested.queries.find((rule) => rule.arg === 'cat' && rule.value === value)?.to).toBe(to);
  });
});
