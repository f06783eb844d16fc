import { describe, expect, test } from 'vitest';
import {
  buildHelpBreadcrumbs,
  buildHelpTree,
  chooseLastUpdated,
  describePageCount,
  findHelpNeighbours,
  formatBreadcrumbJsonLd,
  formatEditUrl,
  formatHelpPath,
  listHelpRedirects,
  listOpenSectionIds,
  listParentIds,
  type HelpPageSource,
  type HelpSectionSource,
} from '../../src/lib/help-tree.ts';

/** A page source with defaults. */
const page = (id: string, sidebarOrder: number, title = id): HelpPageSource => ({
  id,
  title,
  description: `About ${id}`,
  sidebarOrder,
  redirectFrom: [],
});
/** A section source with defaults. */
const section = (id: string, order: number, label = id): HelpSectionSource => ({
  id,
  label,
  order,
  description: `The ${id} section`,
});

// Sections interleave with pages by order; nesting two levels deep.
const pages = [
  page('welcome', 1),
  page('clients/imap/thunderbird', 2, 'Thunderbird'),
  page('clients/imap/apple-mail', 1, 'Apple Mail'),
  page('clients/overview', 1, 'Overview'),
  page('billing/invoices', 1),
  page('zz-last', 99),
];
const sections = [
  section('clients', 5, 'Email clients'),
  section('clients/imap', 2, 'IMAP'),
  section('billing', 6, 'Billing'),
];
const tree = buildHelpTree(pages, sections);

describe('buildHelpTree', () => {
  test('orders pages across sections depth first: the previous/next order', () => {
    expect(tree.pages.map((entry) => entry.id)).toEqual([
      'welcome',
      'clients/overview',
      'clients/imap/apple-mail',
      'clients/imap/thunderbird',
      'billing/invoices',
      'zz-last',
    ]);
    expect(tree.sections.map((entry) => entry.id)).toEqual(['clients', 'clients/imap', 'billing']);
  });

  test('counts pages of a section and every section below it', () => {
    expect(tree.sections.map((entry) => [entry.id, entry.pageCount, entry.depth])).toEqual([
      ['clients', 3, 1],
      ['clients/imap', 2, 2],
      ['billing', 1, 1],
    ]);
    expect(tree.root.pageCount).toBe(6);
  });

  test.each([
    [
      'a page in a folder without _section.yaml',
      [page('orphans/page', 1)],
      [],
      'src/content/help/orphans/page: its folder src/content/help/orphans/ has no _section.yaml',
    ],
    [
      'a section without pages',
      [page('welcome', 1)],
      [section('empty', 1)],
      'src/content/help/empty/_section.yaml: the section has no pages',
    ],
    [
      'a page and a section at the same address',
      [page('clients', 1), page('clients/x', 1)],
      [section('clients', 1)],
      'the page and the section folder of the same name both want /help/clients/',
    ],
  ])('rejects %s', (_, pageSources, sectionSources, message) => {
    expect(() => buildHelpTree(pageSources, sectionSources)).toThrow(message);
  });
});

describe('per-page navigation', () => {
  test.each([
    ['welcome', false, []],
    ['clients/imap/thunderbird', false, ['clients', 'clients/imap']],
    ['clients/imap', true, ['clients', 'clients/imap']],
  ])('%s opens sections %j', (id, isSection, open) => {
    expect(listOpenSectionIds(id, isSection)).toEqual(open);
  });

  test.each([
    ['welcome', 'welcome', ['Help', 'welcome'], ['/help/', '/help/welcome/']],
    [
      'clients/imap/thunderbird',
      'Thunderbird',
      ['Help', 'Email clients', 'IMAP', 'Thunderbird'],
      ['/help/', '/help/clients/', '/help/clients/imap/', '/help/clients/imap/thunderbird/'],
    ],
  ])('breadcrumbs of %s', (id, title, labels, paths) => {
    const crumbs = buildHelpBreadcrumbs(tree, id, title);
    expect(crumbs.map((crumb) => crumb.label)).toEqual(labels);
    expect(crumbs.map((crumb) => crumb.path)).toEqual(paths);
  });

  test.each([
    ['welcome', undefined, 'clients/overview'],
    ['clients/imap/thunderbird', 'clients/imap/apple-mail', 'billing/invoices'],
    ['zz-last', 'billing/invoices', undefined],
  ])('neighbours of %s cross sections', (id, previous, next) => {
    const found = findHelpNeighbours(tree.pages, id);
    expect(found.previous?.id).toBe(previous);
    expect(found.next?.id).toBe(next);
  });

  test('BreadcrumbList JSON-LD has absolute URLs and cannot close its script element', () => {
    const json = formatBreadcrumbJsonLd(
      [
        { label: 'Help', path: '/help/' },
        { label: '</script><b>', path: '/help/x/' },
      ],
      'https://blog.example',
    );
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, name: 'Help', item: 'https://blog.example/help/' },
        {
          '@type': 'ListItem',
          position: 2,
          name: '</script><b>',
          item: 'https://blog.example/help/x/',
        },
      ],
    });
  });
});

describe('small helpers', () => {
  test.each([
    ['', '/help/'],
    ['a', '/help/a/'],
    ['a/b/c', '/help/a/b/c/'],
  ])('formatHelpPath(%j) is %s', (id, path) => {
    expect(formatHelpPath(id)).toBe(path);
  });

  test.each([
    ['a', []],
    ['a/b/c', ['a', 'a/b']],
  ])('listParentIds(%j)', (id, parents) => {
    expect(listParentIds(id)).toEqual(parents);
  });

  test.each([
    [1, '1 page'],
    [0, '0 pages'],
    [12, '12 pages'],
  ])('describePageCount(%i)', (count, text) => {
    expect(describePageCount(count)).toBe(text);
  });

  const git = new Date('2026-11-01T10:00:00Z');
  const frontmatter = new Date('2012-07-16T00:00:00Z');
  test.each([
    [git, frontmatter, git],
    [undefined, frontmatter, frontmatter],
    [undefined, undefined, undefined],
  ])('chooseLastUpdated(%s, %s)', (committed, updated, expected) => {
    expect(chooseLastUpdated(committed, updated)).toBe(expected);
  });

  test.each([
    [undefined, 'src/content/help/a.mdx', undefined],
    [
      'https://git.example/repo/edit/main',
      'src/content/help/a.mdx',
      'https://git.example/repo/edit/main/src/content/help/a.mdx',
    ],
    [
      'https://git.example/repo/edit/main/',
      './src/content/help/a.mdx',
      'https://git.example/repo/edit/main/src/content/help/a.mdx',
    ],
  ])('formatEditUrl(%s, %s)', (base, file, url) => {
    expect(formatEditUrl(base, file)).toBe(url);
  });

  test('listHelpRedirects points each old address at its page', () => {
    expect(
      listHelpRedirects(
        [{ id: 'a/b', redirectFrom: ['/old/', '/older.html'] }],
        (id) => `${id}.mdx`,
      ),
    ).toEqual([
      { from: '/old/', to: '/help/a/b/', origin: 'a/b.mdx (redirectFrom)' },
      { from: '/older.html', to: '/help/a/b/', origin: 'a/b.mdx (redirectFrom)' },
    ]);
  });
});
