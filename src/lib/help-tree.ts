/**
 * The help center's structure: sections from folders (each with a
 * `_section.yaml`), pages in sidebar order, breadcrumbs, previous/next and
 * the redirects pages ask for. Built once per build from plain data; no
 * `astro:` imports, so tests load it plainly.
 */
import type { RedirectRule } from '../redirects/redirect-table.ts';

/** Name of a section's index file inside its folder. */
export const HELP_SECTION_FILE = '_section.yaml';

/** `/help/`: the help overview. */
export const HELP_INDEX_PATH = '/help/';

/** The root of every help page's file path, for messages and edit links. */
export const HELP_CONTENT_DIR = 'src/content/help';

/** A help page as read from its frontmatter. */
export interface HelpPageSource {
  /** Path below src/content/help/ without extension (`email-clients/imap/thunderbird`): the URL below /help/. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly sidebarOrder: number;
  /** Old addresses that redirect to this page. */
  readonly redirectFrom: readonly string[];
}

/** A section as read from its `_section.yaml`. */
export interface HelpSectionSource {
  /** Folder path below src/content/help/ (`email-clients/imap`). */
  readonly id: string;
  readonly label: string;
  readonly order: number;
  readonly description: string;
}

/** What the sidebar, listings and previous/next need to know about a help page. */
export interface HelpPageLink {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly sidebarOrder: number;
  /** `/help/<id>/`. */
  readonly path: string;
}

/** A sidebar entry: a page, or a section with entries of its own. */
export type HelpItem =
  | { readonly kind: 'page'; readonly page: HelpPageLink }
  | { readonly kind: 'section'; readonly section: HelpSection };

/** A section (or the root, id `''`) with its entries in sidebar order. */
export interface HelpSection {
  /** Folder path; `''` for the root. */
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly order: number;
  /** `/help/<id>/` (`/help/` for the root). */
  readonly path: string;
  /** 0 for the root, 1 for a top-level section. */
  readonly depth: number;
  readonly items: readonly HelpItem[];
  /** Pages in this section and every section below it. */
  readonly pageCount: number;
}

/** The whole help center, computed once per build. */
export interface HelpTree {
  readonly root: HelpSection;
  /** Every page in sidebar order (depth first): the previous/next order. */
  readonly pages: readonly HelpPageLink[];
  /** Every section but the root, depth first in sidebar order. */
  readonly sections: readonly HelpSection[];
}

/** One step of a breadcrumb trail. */
export interface Breadcrumb {
  readonly label: string;
  readonly path: string;
}

/** The help pages before and after one page, in sidebar order. */
export interface HelpNeighbours {
  readonly previous: HelpPageLink | undefined;
  readonly next: HelpPageLink | undefined;
}

/** `/help/<id>/`: a help page's or section's path (`/help/` for the root id `''`). */
export function formatHelpPath(id: string): string {
  return id === '' ? HELP_INDEX_PATH : `${HELP_INDEX_PATH}${id}/`;
}

/** The folder ids above `id`, outermost first: `a/b/c` → `['a', 'a/b']`. */
export function listParentIds(id: string): string[] {
  const parts = id.split('/').slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

/** Sorts entries by order, then label, then id, so the order never depends on file order. */
function sortItems(items: HelpItem[]): HelpItem[] {
  const key = (item: HelpItem) =>
    item.kind === 'page'
      ? { order: item.page.sidebarOrder, label: item.page.title, id: item.page.id }
      : { order: item.section.order, label: item.section.label, id: item.section.id };
  return items.sort((left, right) => {
    const a = key(left);
    const b = key(right);
    return a.order - b.order || a.label.localeCompare(b.label) || a.id.localeCompare(b.id);
  });
}

/**
 * Builds the tree. Throws one error listing every problem: a page in a folder
 * without `_section.yaml`, a section without pages, a page whose address is
 * also a section's.
 */
export function buildHelpTree(
  pageSources: readonly HelpPageSource[],
  sectionSources: readonly HelpSectionSource[],
): HelpTree {
  const problems: string[] = [];
  const sectionIds = new Set(sectionSources.map((section) => section.id));
  const children = new Map<string, HelpItem[]>();
  const add = (parent: string, item: HelpItem) =>
    children.set(parent, [...(children.get(parent) ?? []), item]);
  for (const source of pageSources) {
    for (const parent of listParentIds(source.id)) {
      if (!sectionIds.has(parent)) {
        problems.push(
          `${HELP_CONTENT_DIR}/${source.id}: its folder ${HELP_CONTENT_DIR}/${parent}/ has no ${HELP_SECTION_FILE}`,
        );
      }
    }
    if (sectionIds.has(source.id)) {
      problems.push(
        `${HELP_CONTENT_DIR}/${source.id}: the page and the section folder of the same name both want ${formatHelpPath(source.id)}`,
      );
    }
  }
  if (problems.length > 0) throw new Error(`Help pages:\n${[...new Set(problems)].join('\n')}`);

  const pageLinks = pageSources.map((source): HelpPageLink => ({
    id: source.id,
    title: source.title,
    description: source.description,
    sidebarOrder: source.sidebarOrder,
    path: formatHelpPath(source.id),
  }));
  for (const page of pageLinks) add(listParentIds(page.id).at(-1) ?? '', { kind: 'page', page });

  /** Builds one section and, first, the sections inside it. */
  const buildSection = (source: HelpSectionSource, depth: number): HelpSection => {
    const subsections = sectionSources
      .filter((other) => (listParentIds(other.id).at(-1) ?? '') === source.id && other.id !== '')
      .map((other) => buildSection(other, depth + 1));
    const items = sortItems([
      ...(children.get(source.id) ?? []),
      ...subsections.map((section): HelpItem => ({ kind: 'section', section })),
    ]);
    const pageCount = items.reduce(
      (sum, item) => sum + (item.kind === 'page' ? 1 : item.section.pageCount),
      0,
    );
    if (pageCount === 0 && source.id !== '') {
      problems.push(
        `${HELP_CONTENT_DIR}/${source.id}/${HELP_SECTION_FILE}: the section has no pages`,
      );
    }
    return { ...source, path: formatHelpPath(source.id), depth, items, pageCount };
  };
  const root = buildSection(
    { id: '', label: 'Help', order: 0, description: 'Every help section and page.' },
    0,
  );
  if (problems.length > 0) throw new Error(`Help pages:\n${problems.join('\n')}`);

  const pages: HelpPageLink[] = [];
  const sections: HelpSection[] = [];
  const walk = (section: HelpSection) => {
    for (const item of section.items) {
      if (item.kind === 'page') pages.push(item.page);
      else {
        sections.push(item.section);
        walk(item.section);
      }
    }
  };
  walk(root);
  return { root, pages, sections };
}

/** The sections to show open in the sidebar for the page or section `id`: its own folders. */
export function listOpenSectionIds(id: string, isSection = false): string[] {
  return isSection ? [...listParentIds(id), id] : listParentIds(id);
}

/** Help › Section › … › Page: the trail for the page or section `id` titled `title`. */
export function buildHelpBreadcrumbs(tree: HelpTree, id: string, title: string): Breadcrumb[] {
  const byId = new Map(tree.sections.map((section) => [section.id, section]));
  const parents = listParentIds(id).map((parentId) => {
    const section = byId.get(parentId);
    if (!section) throw new Error(`No help section "${parentId}"`);
    return { label: section.label, path: section.path };
  });
  return [
    { label: tree.root.label, path: tree.root.path },
    ...parents,
    { label: title, path: formatHelpPath(id) },
  ];
}

/**
 * schema.org BreadcrumbList as JSON for a `<script type="application/ld+json">`
 * data block; `<` is escaped so the text can never close the element.
 */
export function formatBreadcrumbJsonLd(crumbs: readonly Breadcrumb[], origin: string): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.label,
      item: new URL(crumb.path, origin).href,
    })),
  };
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

/** The pages either side of `id` in sidebar order, across sections. */
export function findHelpNeighbours(pages: readonly HelpPageLink[], id: string): HelpNeighbours {
  const at = pages.findIndex((page) => page.id === id);
  if (at < 0) throw new Error(`No help page with id "${id}"`);
  return { previous: pages[at - 1], next: pages[at + 1] };
}

/** Each page's `redirectFrom` as rules of the site's redirect table. */
export function listHelpRedirects(
  pages: readonly Pick<HelpPageSource, 'id' | 'redirectFrom'>[],
  fileOf: (id: string) => string,
): RedirectRule[] {
  return pages.flatMap((page) =>
    page.redirectFrom.map((from) => ({
      from,
      to: formatHelpPath(page.id),
      origin: `${fileOf(page.id)} (redirectFrom)`,
    })),
  );
}

/** "Last updated": the last commit's date when git knows the file, else the frontmatter's `updatedDate`. */
export function chooseLastUpdated(
  committed: Date | undefined,
  updatedDate: Date | undefined,
): Date | undefined {
  return committed ?? updatedDate;
}

/** The "Edit this page" address: the repository's edit URL prefix plus the file's path, if configured. */
export function formatEditUrl(editBase: string | undefined, filePath: string): string | undefined {
  if (!editBase) return undefined;
  return `${editBase.replace(/\/+$/, '')}/${filePath.replace(/^\.?\//, '')}`;
}

/** "1 page", "12 pages": a section's size on the overview. */
export function describePageCount(count: number): string {
  return `${count} ${count === 1 ? 'page' : 'pages'}`;
}
