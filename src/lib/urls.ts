/**
 * Every path the site publishes, in one place. WordPress-compatible: trailing
 * slashes everywhere, dates from the UTC calendar day of `pubDate`.
 */

/** Zero-pads a month or day to two digits. */
function padTwo(value: number): string {
  return String(value).padStart(2, '0');
}

/** `/YYYY/MM/DD/slug/`: a post's permalink path. */
export function formatPostPath(pubDate: Date, slug: string): string {
  return `${formatMonthPath(pubDate.getUTCFullYear(), pubDate.getUTCMonth() + 1)}${padTwo(pubDate.getUTCDate())}/${slug}/`;
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

/** `/` (or `/page/N/`). */
export function formatHomePath(page = 1): string {
  return formatPagedPath('/', page);
}

/** Resolves a site path against the production origin. */
export function formatAbsoluteUrl(path: string, origin: string): string {
  return new URL(path, origin).href;
}
