/**
 * Every path the site publishes, in one place. WordPress-compatible: trailing
 * slashes everywhere, dates from the calendar day of `pubDate` in the site's
 * time zone (UTC for the seed site).
 */
import { readCalendarDay } from './time-zone.ts';

/** Zero-pads a month or day to two digits. */
function padTwo(value: number): string {
  return String(value).padStart(2, '0');
}

/** `/YYYY/MM/DD/slug/`: a post's permalink path, its day taken in `timeZone`. */
export function formatPostPath(pubDate: Date, slug: string, timeZone = 'UTC'): string {
  const { year, month, day } = readCalendarDay(pubDate, timeZone);
  return `${formatMonthPath(year, month)}${padTwo(day)}/${slug}/`;
}

/** `/YYYY/`: a year's archive. */
export function formatYearPath(year: number): string {
  return `/${year}/`;
}

/** `/YYYY/MM/`: a month's archive (month is 1-based). */
export function formatMonthPath(year: number, month: number): string {
  return `/${year}/${padTwo(month)}/`;
}

/** Appends WordPress's `page/N/` to a listing path; page 1 is the listing itself. */
export function formatPagedPath(basePath: string, page: number): string {
  return page <= 1 ? basePath : `${basePath}page/${page}/`;
}

/** `/category/<slug>/` (or its page N). */
export function formatCategoryPath(categorySlug: string, page = 1): string {
  return formatPagedPath(`/category/${categorySlug}/`, page);
}

/** `/tag/<slug>/` (or its page N). */
export function formatTagPath(tagSlug: string, page = 1): string {
  return formatPagedPath(`/tag/${tagSlug}/`, page);
}

/** `/` (or `/page/N/`). */
export function formatHomePath(page = 1): string {
  return formatPagedPath('/', page);
}

/** Resolves a site path against the production origin. */
export function formatAbsoluteUrl(path: string, origin: string): string {
  return new URL(path, origin).href;
}

/** First path segments the site's own listings, archives, feeds and services answer. */
const RESERVED_SEGMENTS = new Set([
  'category',
  'tag',
  'page',
  'help',
  'followers',
  'pagefind',
  '_astro',
]);

/**
 * Why an explicit address (a post's `permalink`, a page's path) would clash with
 * one the site makes itself, or undefined when it is free: a reserved first
 * segment, or a year or month archive.
 */
export function findReservedPathClash(path: string): string | undefined {
  const first = path.split('/')[1] ?? '';
  if (RESERVED_SEGMENTS.has(first)) return `/${first}/ addresses belong to the site's own pages`;
  if (path === '/archives/' || path === '/search/') return `it is the site's ${first} page`;
  if (/^\/\d{4}\/(?:\d{2}\/)?$/.test(path)) return 'it is a year or month archive';
  return undefined;
}
