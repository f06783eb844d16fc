/**
 * Old addresses of a WordPress blog moved in with `npm run import:wordpress` that
 * are no page here, and where each now leads (a post's later `<!--nextpage-->`
 * pages go to their `#page-N` anchor, attachment pages to the image in the post,
 * day archives to the month, feed variants to the feed). Written by the importer
 * (src/import/wordpress/redirects.ts), read with the rest of the redirect table
 * (src/redirects/site-redirects.ts) by the build's link check, the `_redirects`
 * file and the nginx generator. Generated: edit the export and import again.
 */
import type { QueryRedirectRule, RedirectRule } from '../redirects/redirect-table.ts';

/** Every generated WordPress redirect by path. */
export const wordpressRedirects: readonly RedirectRule[] = [];

/** Every generated WordPress redirect by query argument on `/` (`/?p=123`). */
export const wordpressQueryRedirects: readonly QueryRedirectRule[] = [];
