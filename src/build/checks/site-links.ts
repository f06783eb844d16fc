/**
 * The internal-link rule with this site's allowances: every source of the
 * redirect table (old WordPress and help addresses, help pages' `redirectFrom`), and the follower service's routes.
 * `npm run build` runs it on the staged site, so a broken internal link never
 * reaches dist/; the test suite runs it on dist/ too.
 */
import { readFileSync } from 'node:fs';
import { FOLLOWER_BASE_PATH } from '../../data/follower-service.ts';
import type { QueryRedirectRule, RedirectRule } from '../../redirects/redirect-table.ts';
import { readSiteRedirects } from '../../redirects/site-redirects.ts';
import { digestPage, digestParts, readPackageVersion } from '../step-records.ts';
import { checkInternalLinks } from './internal-links.ts';
import type { PageScan } from './page-urls.ts';
import type { BuiltSite, SiteProblem } from './types.ts';

/** Path prefixes a service answers instead of files. */
const SERVICE_PREFIXES = [`${FOLLOWER_BASE_PATH}/`];

/** Category slugs the built site has pages for. */
export function listCategorySlugs(site: BuiltSite): string[] {
  return [...site.files].flatMap((file) => {
    const match = /^\/category\/([^/]+)\/index\.html$/.exec(file);
    return match?.[1] ? [match[1]] : [];
  });
}

/**
 * Every broken internal link or `#anchor` of the built site; links to a
 * source of the site's redirect table (legacy addresses and help pages'
 * `redirectFrom`; by default read from the project in the working folder)
 * count as working. Pages with a scan in `scans` are not parsed again.
 */
export function checkSiteLinks(
  site: BuiltSite,
  origin: string,
  rules: readonly RedirectRule[] = readSiteRedirects(process.cwd(), listCategorySlugs(site)),
  scans?: ReadonlyMap<string, PageScan>,
): SiteProblem[] {
  return checkInternalLinks(
    site,
    {
      origin,
      redirectSources: rules.map((redirect) => redirect.from),
      servicePrefixes: SERVICE_PREFIXES,
    },
    scans,
  );
}

/** The modules whose code decides what the link and redirect checks report. */
const CHECK_MODULES = [
  './site-links.ts',
  './internal-links.ts',
  './page-urls.ts',
  './page-scans.ts',
  './redirects.ts',
  '../../redirects/redirect-table.ts',
].map((path) => new URL(path, import.meta.url));

/**
 * A digest of everything the link and redirect checks of `site` depend on:
 * every file name and page (its digest), the origin, the redirect table, the checks' own
 * code and the HTML parser's version. Equal digests give equal reports.
 */
export function digestLinkCheckInput(
  site: BuiltSite,
  origin: string,
  rules: readonly RedirectRule[],
  queries: readonly QueryRedirectRule[],
): string {
  return digestParts([
    origin,
    JSON.stringify({
      rules,
      queries,
      servicePrefixes: SERVICE_PREFIXES,
      parser: readPackageVersion('htmlparser2'),
    }),
    ...CHECK_MODULES.map((module) => readFileSync(module, 'utf8')),
    ...[...site.files].sort(),
    ...site.pages.flatMap((page) => [page.path, digestPage(page)]),
  ]);
}
