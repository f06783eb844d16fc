/**
 * Rule: loading a page requests nothing from another origin (no web fonts,
 * CDNs, trackers, embeds). Links a reader may follow are fine.
 */
import { listPageUrls } from './page-urls.ts';
import type { BuiltSite, SiteProblem } from './types.ts';

/** Checks that every URL a page fetches on load is relative or on `origin`. */
export function checkExternalRequests(site: BuiltSite, origin: string): SiteProblem[] {
  const own = new URL(origin).origin;
  const problems: SiteProblem[] = [];
  for (const page of site.pages) {
    for (const { raw, source, loadsWithPage } of listPageUrls(page.html)) {
      if (!loadsWithPage) continue;
      let url: URL;
      try {
        url = new URL(raw, `${own}${page.path}`);
      } catch {
        continue; // an unparsable URL is reported by the internal-links rule
      }
      if (url.protocol === 'data:' || url.origin === own) continue;
      problems.push({
        page: page.path,
        item: `${source} ${raw}`,
        message: 'the page loads this from another origin; serve it from the site or drop it',
      });
    }
  }
  return problems;
}
