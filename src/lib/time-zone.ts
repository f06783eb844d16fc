/**
 * Calendar days in the site's time zone. WordPress builds `/YYYY/MM/DD/` and its
 * archives from the blog's local time, so a post at 23:30 in Melbourne is filed
 * under that day there, not the UTC day. Pure: the zone is always passed in.
 */

/** A calendar day (month and day 1-based). */
export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The day `date` falls on in `timeZone` (an IANA name such as `Australia/Melbourne`, or `UTC`, or an offset such as `+10:00`). */
export function readCalendarDay(date: Date, timeZone: string): CalendarDay {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(date);
  const read = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  return { year: read('year'), month: read('month'), day: read('day') };
}

/** True when `timeZone` is one the runtime knows (for the site config's check). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
