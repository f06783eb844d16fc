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
