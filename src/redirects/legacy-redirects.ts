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

/** One concrete old path and its new one. */
export interface ConcreteRedirect {
  readonly from: string;
  readonly to: string;
}

/** The table with every per-category entry written out for the given category slugs. */
export function expandLegacyRedirects(
  categorySlugs: readonly string[],
  table: readonly LegacyRedirect[] = legacyRedirects,
): ConcreteRedirect[] {
  return table.flatMap((entry) =>
    entry.match === 'exact'
      ? [{ from: entry.from, to: entry.to }]
      : categorySlugs.map((slug) => ({
          from: entry.from.replace(CATEGORY_PLACEHOLDER, slug),
          to: entry.to.replace(CATEGORY_PLACEHOLDER, slug),
        })),
  );
}

/** Escapes a literal path for use inside a regular expression (JS and PCRE alike). */
function escapeForRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A per-category entry's `from` as an anchored regular expression source with a `category` group. */
export function formatCategoryPattern(entry: LegacyRedirect): string {
  const [before = '', after = ''] = entry.from.split(CATEGORY_PLACEHOLDER);
  return `^${escapeForRegex(before)}(?<category>${CATEGORY_SLUG_CLASS})${escapeForRegex(after)}$`;
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
