/**
 * WordPress-style pagination of a listing: page 1 at the listing's own path,
 * then `page/2/`, `page/3/`…
 */

import { formatPagedPath } from './urls.ts';

/** One page of a listing. */
export interface ListingPage<T> {
  /** 1-based page number. */
  readonly number: number;
  /** How many pages the listing has (at least 1). */
  readonly total: number;
  /** The items on this page. */
  readonly items: readonly T[];
  /** This page's path. */
  readonly path: string;
  /** Path of the page with newer items ("Newer Entries"), if any. */
  readonly newerPath?: string;
  /** Path of the page with older items ("Older Entries"), if any. */
  readonly olderPath?: string;
}

/**
 * Splits items (newest first) into pages of `perPage`. An empty listing still
 * has one (empty) page, so the home page exists before the first post.
 */
export function paginateItems<T>(
  items: readonly T[],
  perPage: number,
  basePath: string,
): ListingPage<T>[] {
  if (!Number.isInteger(perPage) || perPage < 1) {
    throw new RangeError(`perPage must be a positive integer, got ${perPage}`);
  }
  const total = Math.max(1, Math.ceil(items.length / perPage));
  return Array.from({ length: total }, (_, index) => {
    const number = index + 1;
    return {
      number,
      total,
      items: items.slice(index * perPage, number * perPage),
      path: formatPagedPath(basePath, number),
      newerPath: number > 1 ? formatPagedPath(basePath, number - 1) : undefined,
      olderPath: number < total ? formatPagedPath(basePath, number + 1) : undefined,
    };
  });
}

/** A listing's title with its page number after page 1: "News, page 2 of 3". */
export function formatPageTitle(label: string, page: ListingPage<unknown>): string {
  return page.number > 1 ? `${label}, page ${page.number} of ${page.total}` : label;
}

/**
 * The value of a `[...page]` route parameter for a page of a listing:
 * `undefined` for page 1, `page/N` after it.
 */
export function toPageParam(page: ListingPage<unknown>): string | undefined {
  return page.number > 1 ? `page/${page.number}` : undefined;
}
