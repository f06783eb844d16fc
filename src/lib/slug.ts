/**
 * WordPress's permalink slug rule (`sanitize_title_with_dashes`), which the
 * 2012 blog's URLs were made with, so old links keep working.
 */

/**
 * Turns a post title into its URL slug the way WordPress did: accents folded to
 * plain letters, lower-cased, `.` and whitespace become `-`, every other
 * character that is not a letter, digit, `_` or `-` is dropped (so
 * "SSL/TLS" becomes "ssltls"), and runs of `-` collapse.
 *
 * @example slugifyTitle('New domain: fastmail.nl') // 'new-domain-fastmail-nl'
 */
export function slugifyTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&[a-z0-9#]+;/g, '')
    .replace(/\./g, '-')
    .replace(/[^a-z0-9 _\s-]/g, '')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * A slug authors may write in frontmatter: what {@link slugifyTitle} produces,
 * plus letters beyond ASCII, which WordPress keeps (percent-encoded in the
 * address: a Greek or Japanese slug is legal).
 */
export const SLUG_PATTERN = /^(?:[a-z0-9_]|[^\x00-\x7f\s])+(?:-(?:[a-z0-9_]|[^\x00-\x7f\s])+)*$/u;

/**
 * An explicit address: absolute, ending in `/`, no empty, `.` or `..` segment,
 * no query, fragment, whitespace or control character.
 */
export const PERMALINK_PATTERN = /^\/(?:(?!\.\.?\/)[^/?#\s\x00-\x1f\x7f]+\/)+$/u;
