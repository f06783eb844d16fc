/**
 * YAML (js-yaml, which Astro parses frontmatter with) turns `2012-02-30` into
 * 1 March 2012 without a word. This check reads the frontmatter as written so
 * an impossible calendar date fails the build instead of moving the post.
 */

/** A frontmatter date field whose written value is not a real calendar day. */
export interface BadCalendarDate {
  readonly field: string;
  readonly value: string;
}

/** True when year-month-day names a day that exists (no rollover). */
export function isRealCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * Finds the first of `fields` whose top-level value in a source file's YAML
 * frontmatter starts with `YYYY-MM-DD` but is no real day. Other malformed
 * values are left to the schema, which rejects them.
 */
export function findBadCalendarDate(
  source: string,
  fields: readonly string[],
): BadCalendarDate | undefined {
  const frontmatter = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(source)?.[1] ?? '';
  for (const line of frontmatter.split(/\r?\n/)) {
    const match = /^([A-Za-z_][\w-]*):\s*['"]?(\d{4})-(\d{2})-(\d{2})/.exec(line);
    if (!match) continue;
    const [, field = '', year, month, day] = match;
    if (fields.includes(field) && !isRealCalendarDay(Number(year), Number(month), Number(day))) {
      return { field, value: line.slice(line.indexOf(':') + 1).trim() };
    }
  }
  return undefined;
}

/** `YYYY-MM-DD`, optionally with a time and an offset (ISO 8601 / YAML timestamp shapes). */
const DATE_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses a date written as text in frontmatter (a quoted value). A date-time
 * without an offset is UTC, as YAML's own unquoted timestamps are, so the build
 * machine's time zone never moves a post. Returns undefined for anything that
 * is not a real calendar day and time.
 */
export function parseFrontmatterDate(text: string): Date | undefined {
  const match = DATE_TEXT.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hours = '00', minutes = '00', seconds = '00', offset] = match;
  if (!isRealCalendarDay(Number(year), Number(month), Number(day))) return undefined;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const zone = offset === undefined ? 'Z' : offset.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(`${year}-${month}-${day}T${hours}:${minutes}:${seconds}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
