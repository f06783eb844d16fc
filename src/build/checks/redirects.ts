/**
 * Rule: the redirect table fits the built site. No source is a page that
 * exists, none is listed twice, none points at another source (a chain) and
 * every target is a page or file of the site (and, for a `#fragment` target,
 * that page has the anchor).
 */
import {
  findQueryRedirectProblems,
  findRedirectProblems,
  type QueryRedirectRule,
  type RedirectRule,
} from '../../redirects/redirect-table.ts';
import { listAnchorTargets } from './page-urls.ts';
import type { BuiltSite, SiteProblem } from './types.ts';

/** True when a site path (and its `#fragment`, if any) names a built file or a folder with an index.html. */
function isBuiltPath(site: BuiltSite, target: string): boolean {
  const [encoded = '', fragment] = target.split('#', 2);
  // Targets are written percent-encoded (a Location header carries them); files have decoded names.
  const path = decodeURIComponent(encoded);
  if (!site.files.has(path.endsWith('/') ? `${path}index.html` : path)) return false;
  if (fragment === undefined) return true;
  const page = site.pages.find((candidate) => candidate.path === path);
  return page !== undefined && listAnchorTargets(page.html).has(decodeURIComponent(fragment));
}

/**
 * Problems of `rules` (by path) and `queries` (`/?p=123`) against the built
 * site, one per rule and reason.
 */
export function checkRedirects(
  site: BuiltSite,
  rules: readonly RedirectRule[],
  queries: readonly QueryRedirectRule[] = [],
): SiteProblem[] {
  const pagePaths = new Set(site.pages.map((page) => page.path));
  const tableProblems = findRedirectProblems(rules, pagePaths).map(({ rule, message }) => ({
    page: rule.from,
    item: `${rule.from} → ${rule.to} (${rule.origin})`,
    message,
  }));
  const missingTargets = rules
    .filter((rule) => !isBuiltPath(site, rule.to))
    .map((rule) => ({
      page: rule.from,
      item: `${rule.from} → ${rule.to} (${rule.origin})`,
      message: 'the target is not a page or file of the built site (or lacks the anchor)',
    }));
  const queryProblems = findQueryRedirectProblems(queries).map(({ rule, message }) => ({
    page: rule.from,
    item: `${rule.from} → ${rule.to} (${rule.origin})`,
    message,
  }));
  const missingQueryTargets = queries
    .filter((rule) => !isBuiltPath(site, rule.to))
    .map((rule) => ({
      page: `/?${rule.arg}=${rule.value}`,
      item: `/?${rule.arg}=${rule.value} → ${rule.to} (${rule.origin})`,
      message: 'the target is not a page or file of the built site (or lacks the anchor)',
    }));
  return [...tableProblems, ...missingTargets, ...queryProblems, ...missingQueryTargets];
}
