/**
 * The site's whole redirect table, read from disk: the legacy addresses
 * (written out for the given category slugs) plus every help page's
 * `redirectFrom`. The build's link check and the nginx generator both call
 * this, so neither can know a redirect the other does not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { HELP_CONTENT_DIR, listHelpRedirects } from '../lib/help-tree.ts';
import { wordpressRedirects } from '../data/wordpress-redirects.ts';
import { expandLegacyRedirects } from './legacy-redirects.ts';
import type { RedirectRule } from './redirect-table.ts';

/** Help page files under `dir`, recursively, as paths relative to `root`. */
function listHelpFiles(root: string, dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, dir));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = `${dir}/${name}`;
    if (/\.mdx?$/.test(name)) return [path];
    if (name.includes('.')) return [];
    return listHelpFiles(root, path);
  });
}

/** A help file's `redirectFrom` list (empty when absent); the build validates its shape. */
function readRedirectFrom(file: string): string[] {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, 'utf8'));
  const data: unknown = match?.[1] ? parse(match[1]) : undefined;
  const list = (data as { redirectFrom?: unknown } | null | undefined)?.redirectFrom;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}

/** The help pages' `redirectFrom` rules of the project at `root`. */
export function readHelpRedirects(root: string): RedirectRule[] {
  const files = listHelpFiles(root, HELP_CONTENT_DIR);
  const pages = files.map((file) => ({
    id: relative(HELP_CONTENT_DIR, file).replace(/\.mdx?$/, ''),
    file,
    redirectFrom: readRedirectFrom(join(root, file)),
  }));
  const fileOf = new Map(pages.map((page) => [page.id, page.file]));
  return listHelpRedirects(pages, (id) => fileOf.get(id) ?? id);
}

/** Every redirect of the project at `root`: legacy addresses, WordPress addresses, then help pages' old addresses. */
export function readSiteRedirects(root: string, categorySlugs: readonly string[]): RedirectRule[] {
  return [
    ...expandLegacyRedirects(categorySlugs).map((rule) => ({
      ...rule,
      origin: 'src/data/legacy-redirects.ts',
    })),
    ...wordpressRedirects,
    ...readHelpRedirects(root),
  ];
}
