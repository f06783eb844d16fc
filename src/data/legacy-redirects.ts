/**
 * Old addresses (the 2012 help pages and WordPress feed URLs) and the site
 * paths that replace them. The generated nginx config answers each with a 301;
 * the link checker treats every `from` as a known redirect source. No `astro:`
 * imports: plain Node and vitest load it.
 */

/** Placeholder in a category entry's paths, replaced by each category's slug. */
export const CATEGORY_PLACEHOLDER = '{category}';

/** One old address and its new home. */
export interface LegacyRedirect {
  /** Old path, as requested (`exact`), or with `{category}` standing for any category slug. */
  readonly from: string;
  /** New site path; carries `{category}` when `from` does. */
  readonly to: string;
  /** `exact`: one path; `per-category`: one path for every category slug. */
  readonly match: 'exact' | 'per-category';
  /** Where the old address came from, for the people who maintain this table. */
  readonly origin: string;
}

/** Every legacy address the site answers with a permanent redirect. */
export const legacyRedirects = [
  {
    from: '/help/remote_email_access_server_names_and_ports.html',
    to: '/help/server-names-and-ports/',
    match: 'exact',
    origin: 'The 2012 Server Names and Ports help page on www.fastmail.fm',
  },
  {
    from: '/help/technology_ssl_vs_tls_starttls.html',
    to: '/help/ssl-vs-tls-vs-starttls/',
    match: 'exact',
    origin: 'The 2012 SSL vs TLS vs STARTTLS help page, linked from the May 2012 post',
  },
  {
    from: '/feed/',
    to: '/feed.xml',
    match: 'exact',
    origin: "WordPress's main RSS feed",
  },
  {
    from: '/feed/rss2/',
    to: '/feed.xml',
    match: 'exact',
    origin: "WordPress's explicit RSS 2.0 feed",
  },
  {
    from: '/feed/atom/',
    to: '/atom.xml',
    match: 'exact',
    origin: "WordPress's Atom feed",
  },
  {
    from: `/category/${CATEGORY_PLACEHOLDER}/feed/`,
    to: `/category/${CATEGORY_PLACEHOLDER}/feed.xml`,
    match: 'per-category',
    origin: "WordPress's per-category RSS feed",
  },
  {
    from: `/category/${CATEGORY_PLACEHOLDER}/feed/atom/`,
    to: `/category/${CATEGORY_PLACEHOLDER}/atom.xml`,
    match: 'per-category',
    origin: "WordPress's per-category Atom feed",
  },
] as const satisfies readonly LegacyRedirect[];
