/**
 * The page types the browser tests visit, and facts about dist/ they compare
 * what the browser shows against (read from the files, not from the pages
 * under test).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { loadBuiltSite } from './built-site.ts';

const root = join(import.meta.dirname, '..', '..');

/** True once the help collection has pages in the source (issue 3). */
export const hasHelpPages =
  existsSync(join(root, 'src', 'content', 'help')) &&
  readdirSync(join(root, 'src', 'content', 'help')).some((file) => /\.mdx?$/.test(file));

/** The help page about SSL, TLS and STARTTLS, once help pages exist. */
export const sslHelpPath = '/help/ssl-vs-tls-vs-starttls/';

/** The SSL/TLS/STARTTLS post. */
export const sslPostPath = '/2012/05/21/understanding-ssl-vs-tls-vs-starttls/';

/** The fastmail.nl post. */
export const fastmailNlPostPath = '/2012/06/05/new-domain-fastmail-nl/';

/** One page per page type, with a label for test names. */
export const pageTypes: readonly (readonly [label: string, path: string])[] = [
  ['home', '/'],
  ['post', sslPostPath],
  ['category', '/category/news/'],
  ['archives', '/archives/'],
  ['month archive', '/2012/07/'],
  ['search with results', '/search/?q=STARTTLS'],
  ['404', '/no-such-page/'],
  ...(hasHelpPages
    ? ([
        ['help index', '/help/'],
        ['help page', sslHelpPath],
      ] as const)
    : []),
];

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
