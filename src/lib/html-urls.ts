/**
 * Feeds and emails are read away from the site, so every site-relative URL in
 * their HTML must be made absolute.
 */

/** Site-relative `href`/`src` values (`/path`, not `//host`) in double- or single-quoted attributes. */
const RELATIVE_URL_ATTRIBUTE = /\b(href|src)=(["'])(\/(?!\/)[^"']*)\2/g;

/** `srcset` values, double- or single-quoted. */
const SRCSET_ATTRIBUTE = /\bsrcset=(["'])([^"']*)\1/gi;

/** A site-relative URL (`/path`, not `//host`) made absolute on `origin`; any other value as it was. */
function absolutize(url: string, origin: string): string {
  return url.startsWith('/') && !url.startsWith('//') ? new URL(url, origin).href : url;
}

/**
 * Rewrites `href="/x"`, `src="/x"` and each URL of a `srcset` to absolute URLs
 * on `origin`; everything else is left as written.
 */
export function absolutizeUrls(html: string, origin: string): string {
  return html
    .replace(
      RELATIVE_URL_ATTRIBUTE,
      (_, attribute: string, quote: string, path: string) =>
        `${attribute}=${quote}${absolutize(path, origin)}${quote}`,
    )
    .replace(SRCSET_ATTRIBUTE, (_, quote: string, value: string) => {
      // Candidates are "URL [descriptor]", separated by commas (a URL here holds no comma or space).
      const candidates = value.split(',').map((candidate) => {
        const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
        return [absolutize(url, origin), ...descriptor].join(' ');
      });
      return `srcset=${quote}${candidates.join(', ')}${quote}`;
    });
}
