/**
 * Standalone pages (About, Contact …, and every WordPress page moved in): their
 * addresses, checked against each other and the site's own, and the header
 * navigation. Pure: it receives plain entries, so tests need no Astro.
 */
import { findReservedPathClash } from './urls.ts';

/** The frontmatter fields the page index needs. */
export interface SitePageFields {
  readonly title: string;
  readonly draft: boolean;
  readonly permalink?: string | undefined;
  readonly nav: boolean;
  readonly navOrder: number;
}

/** A page source: its collection id (path under src/content/pages/, no extension), file and fields. */
export interface SitePageSource<E> {
  readonly id: string;
  readonly filePath: string;
  readonly data: SitePageFields;
  readonly entry: E;
}

/** A published page. */
export interface SitePage<E> {
  readonly entry: E;
  readonly filePath: string;
  readonly title: string;
  /** Its address: `permalink`, else `/<id>/`. */
  readonly path: string;
}

/** A link in the header navigation. */
export interface NavLink {
  readonly label: string;
  readonly path: string;
}

/** A page the index refuses, named by file and field. */
export class SitePageError extends Error {
  override name = 'SitePageError';
}

/**
 * The published pages (drafts left out) in path order. Fails, naming the file,
 * when an address is one the site makes itself, is taken by another page
 * (drafts included: they get published), or by a post (`takenPaths`).
 */
export function indexSitePages<E>(
  sources: readonly SitePageSource<E>[],
  takenPaths: ReadonlyMap<string, string> = new Map(),
): SitePage<E>[] {
  const seen = new Map(takenPaths);
  const pages: SitePage<E>[] = [];
  for (const source of sources) {
    const path = source.data.permalink ?? `/${source.id}/`;
    const field = source.data.permalink ? 'permalink' : 'file path';
    const clash = findReservedPathClash(path);
    if (clash) throw new SitePageError(`${source.filePath}: ${field} ${path} is taken: ${clash}`);
    const other = seen.get(path);
    if (other !== undefined) {
      throw new SitePageError(
        `${other} and ${source.filePath}: both have the address ${path}; give one a different "permalink"`,
      );
    }
    seen.set(path, source.filePath);
    if (!source.data.draft) {
      pages.push({
        entry: source.entry,
        filePath: source.filePath,
        title: source.data.title,
        path,
      });
    }
  }
  return pages.sort((a, b) => a.path.localeCompare(b.path));
}

/** The pages marked `nav`, by `navOrder`, then title. */
export function listNavLinks<E>(
  pages: readonly SitePage<E>[],
  fieldsOf: (page: SitePage<E>) => SitePageFields,
): NavLink[] {
  return pages
    .filter((page) => fieldsOf(page).nav)
    .sort((a, b) => fieldsOf(a).navOrder - fieldsOf(b).navOrder || a.title.localeCompare(b.title))
    .map((page) => ({ label: page.title, path: page.path }));
}

/** Route parameter of a page's route (`src/pages/[...sitePage].astro`): its path without the outer slashes. */
export function toSitePageRouteParams(page: SitePage<unknown>): { sitePage: string } {
  return { sitePage: page.path.replace(/^\/|\/$/g, '') };
}
