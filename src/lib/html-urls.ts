/**
 * Feeds and emails are read away from the site, so every site-relative URL in
 * their HTML must be made absolute.
 */

/** Site-relative `href`/`src` values (`/path`, not `//host`) in double- or single-quoted attributes. */
const RELATIVE_URL_ATTRIBUTE = /\b(href|src)=(["'])(\/(?!\/)[^"']*)\2/g;

/** Rewrites `href="/x"` and `src="/x"` to absolute URLs on `origin`; everything else is left as written. */
export function absolutizeUrls(html: string, origin: string): string {
  return html.replace(
    RELATIVE_URL_ATTRIBUTE,
    (_, attribute: string, quote: string, path: string) =>
      `${attribute}=${quote}${new URL(path, origin).href}${quote}`,
  );
}
