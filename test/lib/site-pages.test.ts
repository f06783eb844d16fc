import { describe, expect, test } from 'vitest';
import {
  indexSitePages,
  listNavLinks,
  toSitePageRouteParams,
  type SitePageFields,
  type SitePageSource,
} from '../../src/lib/site-pages.ts';

/** A page source with defaults; the entry is its fields so tests can read them back. */
function source(id: string, fields: Partial<SitePageFields> = {}): SitePageSource<SitePageFields> {
  const data = { title: id, draft: false, nav: false, navOrder: 0, ...fields };
  return { id, filePath: `src/content/pages/${id}.md`, data, entry: data };
}

describe('indexSitePages', () => {
  test('addresses come from the file path or the permalink; drafts are left out', () => {
    const pages = indexSitePages([
      source('about'),
      source('about/team'),
      source('wordpress/wp-9', { permalink: '/about/team/history/' }),
      source('secret', { draft: true }),
    ]);
    expect(pages.map((page) => page.path)).toEqual([
      '/about/',
      '/about/team/',
      '/about/team/history/',
    ]);
    expect(toSitePageRouteParams(pages[2]!)).toEqual({ sitePage: 'about/team/history' });
  });

  test.each([
    [[source('category/x')], /category\/x\.md: file path \/category\/x\/ is taken/],
    [
      [source('x', { permalink: '/2012/05/' })],
      /x\.md: permalink \/2012\/05\/ is taken: it is a year or month archive/,
    ],
    [
      [source('a', { permalink: '/same/' }), source('b', { permalink: '/same/', draft: true })],
      /a\.md and src\/content\/pages\/b\.md: both have the address \/same\//,
    ],
  ])('refuses a clash, naming the file (%#)', (sources, message) => {
    expect(() => indexSitePages(sources)).toThrow(message);
  });

  test("a page may not take a post's address", () => {
    expect(() =>
      indexSitePages(
        [source('x', { permalink: '/2012/05/21/post/' })],
        new Map([['/2012/05/21/post/', 'news/post.md']]),
      ),
    ).toThrow(/news\/post\.md and src\/content\/pages\/x\.md/);
  });
});

test('the header navigation lists pages marked nav, by navOrder then title', () => {
  const pages = indexSitePages([
    source('contact', { nav: true, navOrder: 2, title: 'Contact' }),
    source('about', { nav: true, navOrder: 1, title: 'About' }),
    source('imprint', { nav: true, navOrder: 1, title: 'Imprint' }),
    source('hidden', { title: 'Hidden' }),
  ]);
  expect(listNavLinks(pages, (page) => page.entry)).toEqual([
    { label: 'About', path: '/about/' },
    { label: 'Imprint', path: '/imprint/' },
    { label: 'Contact', path: '/contact/' },
  ]);
});
