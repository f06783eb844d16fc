/**
 * Help section navigation: page paths, sidebar order and previous/next.
 * No `astro:` imports, so tests load it plainly.
 */

/** What the sidebar, the index and previous/next need to know about a help page. */
export interface HelpPageLink {
  /** File name without extension: the URL slug. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly sidebarOrder: number;
  /** `/help/<id>/`. */
  readonly path: string;
}

/** The help pages before and after one page, in sidebar order. */
export interface HelpNeighbours {
  readonly previous: HelpPageLink | undefined;
  readonly next: HelpPageLink | undefined;
}

/** `/help/`: the help index. */
export const HELP_INDEX_PATH = '/help/';

/** `/help/<id>/`: a help page's path. */
export function formatHelpPath(id: string): string {
  return `${HELP_INDEX_PATH}${id}/`;
}

/** Sidebar order: by `sidebarOrder`, then title, then id (so the order never depends on file order). */
export function sortHelpPages<T extends Omit<HelpPageLink, 'path'>>(pages: readonly T[]): T[] {
  return [...pages].sort(
    (a, b) =>
      a.sidebarOrder - b.sidebarOrder || a.title.localeCompare(b.title) || a.id.localeCompare(b.id),
  );
}

/** The pages either side of `id` in an already sorted list. */
export function findHelpNeighbours(pages: readonly HelpPageLink[], id: string): HelpNeighbours {
  const at = pages.findIndex((page) => page.id === id);
  if (at < 0) throw new Error(`No help page with id "${id}"`);
  return { previous: pages[at - 1], next: pages[at + 1] };
}
