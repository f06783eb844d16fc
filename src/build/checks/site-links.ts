/**
 * The internal-link rule with this site's allowances: old WordPress and help
 * addresses the web server redirects, and the follower service's routes.
 * `npm run build` runs it on the staged site, so a broken internal link never
 * reaches dist/; the test suite runs it on dist/ too.
 */
import { FOLLOWER_BASE_PATH } from '../../data/follower-service.ts';
import { expandLegacyRedirects } from '../../redirects/legacy-redirects.ts';
import { checkInternalLinks } from './internal-links.ts';
import type { BuiltSite, SiteProblem } from './types.ts';

/** Path prefixes a service answers instead of files. */
const SERVICE_PREFIXES = [`${FOLLOWER_BASE_PATH}/`];

/** Category slugs the built site has pages for. */
function listCategorySlugs(site: BuiltSite): string[] {
  return [...site.files].flatMap((file) => {
    const match = /^\/category\/([^/]+)\/index\.html$/.exec(file);
    return match?.[1] ? [match[1]] : [];
  });
}

/** Every broken internal link or `#anchor` of the built site. */
export function checkSiteLinks(site: BuiltSite, origin: string): SiteProblem[] {
  return checkInternalLinks(site, {
    origin,
    redirectSources: expandLegacyRedirects(listCategorySlugs(site)).map(
      (redirect) => redirect.from,
    ),
    servicePrefixes: SERVICE_PREFIXES,
  });
}
