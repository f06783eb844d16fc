/**
 * Date display. Post dates are calendar days in the site's time zone (the
 * permalink's day), so every format here pins that zone: the build machine's
 * zone never shifts a post by a day.
 */
import { site } from '../site.ts';

const displayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: site.timeZone,
});

const monthFormat = new Intl.DateTimeFormat('en-GB', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "21 May 2012", the WordPress.com byline style. */
export function formatDisplayDate(date: Date): string {
  return displayFormat.format(date);
}

/** "May 2012", for month archive headings (month is 1-based). */
export function formatMonthName(year: number, month: number): string {
  return monthFormat.format(new Date(Date.UTC(year, month - 1, 1)));
}

/** The `datetime` attribute value: the full instant in ISO 8601. */
export function formatMachineDate(date: Date): string {
  return date.toISOString();
}
