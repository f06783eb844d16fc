/**
 * Old addresses of a WordPress blog moved in with `npm run import:wordpress` that
 * are no page here, and where each now leads (a post's later `<!--nextpage-->`
 * pages go to their `#page-N` anchor). Written by the importer, read with the
 * rest of the redirect table (src/redirects/site-redirects.ts) by the build's link
 * check and the nginx generator. Generated: edit the export and import again.
 */
import type { RedirectRule } from '../redirects/redirect-table.ts';

/** Every generated WordPress redirect. */
export const wordpressRedirects: readonly RedirectRule[] = [];
