/**
 * Where links in imported content go: a link to a post or page of the old blog
 * (its permalink, `?p=123`, `?page_id=45`, `?attachment_id=` aside) becomes that
 * entry's path on this site, so the build's internal-link check covers it.
 * Pure: built from the plan of the whole export before any content is converted.
 */

import type { LinkResolution } from './content.ts';

/** What the resolver knows: the old blog's hosts, and its entries by old path and by ID. */
export interface LinkTable {
  /** Host names the old blog answered (`example.com`, `www.example.com`, `example.wordpress.com`). */
  readonly hosts: ReadonlySet<string>;
  /** Decoded old path (with trailing slash) → new path, for every entry that is built. */
  readonly byOldPath: ReadonlyMap<string, string>;
  /** WordPress ID → new path, for every entry that is built. */
  readonly byId: ReadonlyMap<number, string>;
}

/** A link resolved, and what to write for it. */
export interface ResolvedLink {
  readonly resolution: LinkResolution;
  /** The href to write: the new path, the link as written, or an absolute old URL for an unresolved relative one. */
  readonly href: string;
}

/** The old blog's path form of a URL path: percent-decoded, with a trailing slash. */
function normalizePath(pathname: string): string {
  let path = pathname;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    // Keep it as written.
  }
  return path.endsWith('/') ? path : `${path}/`;
}

/**
 * Resolves one href found in imported content. `base` is the old blog's
 * address, against which relative links are read.
 */
export function resolveLink(href: string, table: LinkTable, base: string): ResolvedLink {
  if (/^(?:#|mailto:|tel:|data:)/i.test(href.trim())) {
    return { resolution: { kind: 'external' }, href };
  }
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return { resolution: { kind: 'external' }, href };
  }
  if (!/^https?:$/.test(url.protocol) || !table.hosts.has(url.hostname.toLowerCase())) {
    return { resolution: { kind: 'external' }, href };
  }
  // Media and WordPress's own machinery are not posts: another part of the move handles them.
  if (/^\/(?:wp-content|wp-includes|wp-admin|files)\//.test(url.pathname)) {
    return { resolution: { kind: 'external' }, href };
  }
  const id = Number(url.searchParams.get('p') ?? url.searchParams.get('page_id') ?? Number.NaN);
  const target = Number.isInteger(id)
    ? table.byId.get(id)
    : url.search === ''
      ? table.byOldPath.get(normalizePath(url.pathname))
      : undefined;
  if (target !== undefined) {
    return { resolution: { kind: 'internal', path: target }, href: `${target}${url.hash}` };
  }
  // The home page of the old blog is the home page here.
  if (url.pathname === '/' && url.search === '') {
    return { resolution: { kind: 'internal', path: '/' }, href: `/${url.hash}` };
  }
  // Unresolved: kept, but absolute, so it never becomes a broken link inside this site.
  return { resolution: { kind: 'unresolved' }, href: url.href };
}
