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
import { listAnchorTargets, type PageScan } from './page-urls.ts';
import type { BuiltSite, SiteProblem } from './types.ts';

/**
 * A test of whether a site path (and its `#fragment`, if any) names a built
 * file or a folder with an index.html. A page's anchors are read once, when a
 * target first needs them: an imported blog has a fragment redirect for every
 * attachment, thousands on one site, often many into the same post. A page
 * with a scan in `scans` is not parsed at all.
 */
function createBuiltPathTest(
  site: BuiltSite,
  scans: ReadonlyMap<string, PageScan>,
): (target: string) => boolean {
  const pageByPath = new Map(site.pages.map((page) => [page.path, page]));
  const anchorsByPath = new Map<string, Set<string>>();
  return (target) => {
    const [encoded = '', fragment] = target.split('#', 2);
    // Targets are written percent-encoded (a Location header carries them); files have decoded names.
    const path = decodeURIComponent(encoded);
    if (!site.files.has(path.endsWith('/') ? `${path}index.html` : path)) return false;
    if (fragment === undefined) return true;
    const page = pageByPath.get(path);
    if (!page) return false;
    let anchors = anchorsByPath.get(path);
    if (!anchors) {
      anchors = scans.get(path)?.anchors ?? listAnchorTargets(page.html);
      anchorsByPath.set(path, anchors);
    }
    return anchors.has(decodeURIComponent(fragment));
  };
}

/**
 * Problems of `rules` (by path) and `queries` (`/?p=123`) against the built
 * site, one per rule and reason. Pages with a scan in `scans` (see
 * page-scans.ts) are not parsed again for their anchors.
 */
export function checkRedirects(
  site: BuiltSite,
  rules: readonly RedirectRule[],
  queries: readonly QueryRedirectRule[] = [],
  scans: ReadonlyMap<string, PageScan> = new Map(),
): SiteProblem[] {
  const pagePaths = new Set(site.pages.map((page) => page.path));
  const isBuiltPath = createBuiltPathTest(site, scans);
  const tableProblems = findRedirectProblems(rules, pagePaths).map(({ rule, message }) => ({
    page: rule.from,
    item: `${rule.from} → ${rule.to} (${rule.origin})`,
    message,
  }));
  const missingTargets = rules
    .filter((rule) => !isBuiltPath(rule.to))
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
    .filter((rule) => !isBuiltPath(rule.to))
    .map((rule) => ({
      page: `/?${rule.arg}=${rule.value}`,
      item: `/?${rule.arg}=${rule.value} → ${rule.to} (${rule.origin})`,
      message: 'the target is not a page or file of the built site (or lacks the anchor)',
    }));
  return [...tableProblems, ...missingTargets, ...queryProblems, ...missingQueryTargets];
}
