import { describe, expect, test } from 'vitest';
import {
  expandLegacyRedirects,
  findLegacyRedirect,
  formatCategoryPattern,
} from '../../src/redirects/legacy-redirects.ts';

describe('findLegacyRedirect', () => {
  test.each([
    ['/help/remote_email_access_server_names_and_ports.html', '/help/server-names-and-ports/'],
    ['/help/technology_ssl_vs_tls_starttls.html', '/help/ssl-vs-tls-vs-starttls/'],
    ['/feed/', '/feed.xml'],
    ['/feed/atom/', '/atom.xml'],
    ['/category/news/feed/', '/category/news/feed.xml'],
    ['/category/some_new-category2/feed/atom/', '/category/some_new-category2/atom.xml'],
    ['/feed', undefined],
    ['/category/news/feed.xml', undefined],
    ['/category/../feed/', undefined],
    ['/category/news/extra/feed/', undefined],
    ['/category/News/feed/', undefined],
    ['/help/remote_email_access_server_names_and_ports.html?x', undefined],
  ])('%s → %s', (path, expected) => {
    expect(findLegacyRedirect(path)).toBe(expected);
  });
});

test('per-category entries become an anchored pattern with a category group', () => {
  expect(
    formatCategoryPattern({
      from: '/category/{category}/feed/',
      to: '/category/{category}/feed.xml',
      match: 'per-category',
      origin: 'test',
    }),
  ).toBe('^/category/(?<category>[a-z0-9_-]+)/feed/$');
});

test('expandLegacyRedirects writes out one entry per category', () => {
  const expanded = expandLegacyRedirects(['news', 'uncategorized']);
  expect(expanded.filter((entry) => entry.from.startsWith('/category/'))).toHaveLength(4);
  expect(expanded).toContainEqual({
    from: '/category/uncategorized/feed/',
    to: '/category/uncategorized/feed.xml',
  });
});
