/**
 * Matching request paths against the legacy address table
 * (`src/data/legacy-redirects.ts`). The nginx generator turns the same table
 * into `location` blocks; tests use these helpers to know what to expect.
 */
import {
  CATEGORY_PLACEHOLDER,
  legacyRedirects,
  type LegacyRedirect,
} from '../data/legacy-redirects.ts';

/** Characters a category slug may contain in a legacy path (WordPress's slug alphabet). */
export const CATEGORY_SLUG_CLASS = '[a-z0-9_-]+';

/**
 * A category slug in a percent-decoded path, as nginx matches locations:
 * WordPress's slug alphabet and any byte beyond ASCII, since WordPress keeps
 * a Unicode slug (`новости`) as its percent-encoded UTF-8.
 */
export const DECODED_CATEGORY_SLUG_CLASS = '(?:[a-z0-9_-]|[^\\x00-\\x7f])+';

/** One concrete old path and its new one. */
export interface ConcreteRedirect {
  readonly from: string;
  readonly to: string;
}

/**
 * The table with every per-category entry written out for the given category
 * slugs (as the built folders name them, decoded). A Unicode slug is written
 * percent-encoded, as in a request line and a Location header, so its rules
 * are site paths like any other.
 */
export function expandLegacyRedirects(
  categorySlugs: readonly string[],
  table: readonly LegacyRedirect[] = legacyRedirects,
): ConcreteRedirect[] {
  return table.flatMap((entry) =>
    entry.match === 'exact'
      ? [{ from: entry.from, to: entry.to }]
      : categorySlugs.map((slug) => ({
          from: entry.from.replace(CATEGORY_PLACEHOLDER, encodeURIComponent(slug)),
          to: entry.to.replace(CATEGORY_PLACEHOLDER, encodeURIComponent(slug)),
        })),
  );
}

/** Escapes a literal path for use inside a regular expression (JS and PCRE alike). */
function escapeForRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A per-category entry's `from` as an anchored regular expression source with
 * a `category` group matching `slugClass` (WordPress's ASCII slug alphabet
 * unless told otherwise).
 */
export function formatCategoryPattern(
  entry: LegacyRedirect,
  slugClass: string = CATEGORY_SLUG_CLASS,
): string {
  const [before = '', after = ''] = entry.from.split(CATEGORY_PLACEHOLDER);
  return `^${escapeForRegex(before)}(?<category>${slugClass})${escapeForRegex(after)}$`;
}

/** The new path for an old one, or undefined when the path is not a legacy address. */
export function findLegacyRedirect(
  path: string,
  table: readonly LegacyRedirect[] = legacyRedirects,
): string | undefined {
  for (const entry of table) {
    if (entry.match === 'exact') {
      if (entry.from === path) return entry.to;
      continue;
    }
    const slug = new RegExp(formatCategoryPattern(entry)).exec(path)?.groups?.['category'];
    if (slug) return entry.to.replace(CATEGORY_PLACEHOLDER, slug);
  }
  return undefined;
}
