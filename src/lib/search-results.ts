/**
 * What the search page shows for pagefind's answers. Pure, so the rules for
 * the excerpt markup and the status line are tested without a browser; the
 * page's script only moves these values into the DOM.
 */

/** The part of pagefind's per-result data the page uses. */
export interface PagefindResultData {
  /** Site path of the page, e.g. `/2012/06/05/new-domain-fastmail-nl/`. */
  readonly url: string;
  /** Text around the best match, with matched words in `<mark>`. */
  readonly excerpt: string;
  /** `title` is the page's h1; `date` is set on posts (`data-pagefind-meta="date"`). */
  readonly meta: Readonly<Record<string, string | undefined>>;
}

/** One result as the page lists it. */
export interface SearchResultView {
  readonly url: string;
  readonly title: string;
  /** Display date of a post; absent for help pages. */
  readonly date?: string | undefined;
  /** Safe HTML: text with `<mark>` around matches and no other tags. */
  readonly excerptHtml: string;
}

/**
 * Keeps pagefind's `<mark>` highlights and neutralises any other tag, so the
 * excerpt can go into innerHTML even if indexed text ever carried markup.
 */
export function formatExcerptHtml(excerpt: string): string {
  return excerpt.replace(/<(?!\/?mark>)/g, '&lt;');
}

/** Turns pagefind's data for one result into what the page lists. */
export function toSearchResultView(data: PagefindResultData): SearchResultView {
  return {
    url: data.url,
    title: data.meta.title?.trim() || data.url,
    date: data.meta.date?.trim() || undefined,
    excerptHtml: formatExcerptHtml(data.excerpt),
  };
}

/** The query in a search page URL's `q`, trimmed; empty when there is none. */
export function readSearchQuery(search: string): string {
  return (new URLSearchParams(search).get('q') ?? '').trim();
}

/** The status line announced to screen readers after a search. */
export function describeResultCount(query: string, count: number): string {
  if (count === 0) return `No results for “${query}”.`;
  return `${count} ${count === 1 ? 'result' : 'results'} for “${query}”.`;
}

/** A choice of the search page's section control: URL value, label and Pagefind filter. */
export interface SearchSection {
  /** Value of `?section=`; `''` searches everything. */
  readonly value: string;
  readonly label: string;
  /** Value of the page's `data-pagefind-filter="section:…"`; undefined for everything. */
  readonly filter: string | undefined;
}

/** The sections search can be narrowed to: one row per section filter the pages carry. */
export const SEARCH_SECTIONS = [
  { value: '', label: 'Everything', filter: undefined },
  { value: 'help', label: 'Help', filter: 'Help' },
  { value: 'news', label: 'News', filter: 'News' },
] as const satisfies readonly SearchSection[];

/** The section a help or news page belongs to, as its `data-pagefind-filter` attribute value. */
export function formatSectionFilter(value: 'help' | 'news'): string {
  const section = SEARCH_SECTIONS.find((row) => row.value === value);
  return `section:${section?.filter ?? ''}`;
}

/** The section chosen by a search page URL's `section`; everything when absent or unknown. */
export function readSearchSection(search: string): SearchSection {
  const value = new URLSearchParams(search).get('section') ?? '';
  return SEARCH_SECTIONS.find((row) => row.value === value) ?? SEARCH_SECTIONS[0];
}

/** The search page address for a query and section, as the plain form would submit it. */
export function formatSearchUrl(query: string, section: string): string {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  if (section) params.set('section', section);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The section help pages' search boxes narrow to by default. */
export const HELP_SEARCH_SECTION = SEARCH_SECTIONS[1];
