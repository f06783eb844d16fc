/**
 * The old paths the web server redirects, for the link check: a page may
 * link to any of them. Per-category entries are expanded with every
 * category the built site has.
 */
import { CATEGORY_PLACEHOLDER, legacyRedirects } from '../../src/data/legacy-redirects.ts';
import type { BuiltSite } from '../../src/lib/site-checks/types.ts';

/** Every redirect source path of `src/data/legacy-redirects.ts` for this built site. */
export function listRedirectSources(site: BuiltSite): string[] {
  const categorySlugs = [...site.files].flatMap((file) => {
    const match = /^\/category\/([^/]+)\/index\.html$/.exec(file);
    return match?.[1] ? [match[1]] : [];
  });
  return legacyRedirects.flatMap((redirect) =>
    redirect.match === 'per-category'
      ? categorySlugs.map((slug) => redirect.from.replace(CATEGORY_PLACEHOLDER, slug))
      : [redirect.from],
  );
}
