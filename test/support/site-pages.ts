/**
 * The page types the browser tests visit (from the shared table in
 * src/data/page-types.ts), and facts about dist/ they compare what the browser
 * shows against (read from the files, not from the pages under test).
 */
import { load } from 'cheerio';
import { pageTypes } from '../../src/data/page-types.ts';
import { loadBuiltSite } from './built-site.ts';

/** The help page about SSL, TLS and STARTTLS, once help pages exist. */
export const sslHelpPath = '/help/ssl-vs-tls-vs-starttls/';

/** The SSL/TLS/STARTTLS post. */
export const sslPostPath = '/2012/05/21/understanding-ssl-vs-tls-vs-starttls/';

/** The fastmail.nl post. */
export const fastmailNlPostPath = '/2012/06/05/new-domain-fastmail-nl/';

/** One page per page type as `[label, path]` rows for `test.each`. */
export const pageTypeCases: readonly (readonly [label: string, path: string])[] = pageTypes.map(
  (type) => [type.label, type.path] as const,
);

/** A post page in dist/: its path and the category paths it says it is in. */
export interface PostFacts {
  readonly path: string;
  readonly categoryPaths: readonly string[];
}

/** Every post page in dist/, newest first (by the date in its path, then the file's order). */
export function listPostFacts(): PostFacts[] {
  return loadBuiltSite()
    .pages.filter((page) => /^\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/.test(page.path))
    .map((page) => {
      const $ = load(page.html);
      const categoryPaths = $('.post-meta a[rel~="category"]')
        .map((_, a) => $(a).attr('href') ?? '')
        .get();
      return { path: page.path, categoryPaths };
    })
    .sort((a, b) => b.path.slice(0, 12).localeCompare(a.path.slice(0, 12)));
}
