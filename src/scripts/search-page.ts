/**
 * The search page's browser script (the only client JavaScript on the site):
 * reads `?q=`, loads Pagefind's client on first use and lists the results.
 * What a result shows is computed in src/lib/search-results.ts.
 */
import {
  describeResultCount,
  formatSearchUrl,
  readSearchQuery,
  readSearchSection,
  toSearchResultView,
  type PagefindResultData,
  type SearchResultView,
} from '../lib/search-results.ts';

/** The slice of pagefind's browser API this page calls. */
interface PagefindApi {
  search(
    query: string,
    options?: { filters?: Record<string, string> },
  ): Promise<{
    results: { data(): Promise<PagefindResultData> }[];
  } | null>;
}

const form = document.querySelector<HTMLFormElement>('.search-page-form')!;
const input = document.querySelector<HTMLInputElement>('#search-q')!;
const sectionSelect = document.querySelector<HTMLSelectElement>('#search-section')!;
const status = document.querySelector<HTMLElement>('#search-status')!;
const list = document.querySelector<HTMLOListElement>('#search-results')!;
document.querySelector<HTMLElement>('#search-fallback')!.hidden = true;
// A variable path keeps Vite from bundling the index written after the build.
const bundlePath = '/pagefind/pagefind.js';
let pagefind: Promise<PagefindApi> | undefined;
let latest = 0;

function renderResult(result: SearchResultView): HTMLLIElement {
  const item = document.createElement('li');
  const heading = document.createElement('h2');
  const link = document.createElement('a');
  link.href = result.url;
  link.textContent = result.title;
  heading.append(link);
  item.append(heading);
  if (result.date) {
    const date = document.createElement('p');
    date.className = 'search-result-date';
    date.textContent = result.date;
    item.append(date);
  }
  const excerpt = document.createElement('p');
  excerpt.innerHTML = result.excerptHtml;
  item.append(excerpt);
  return item;
}

async function runSearch(query: string, section: string): Promise<void> {
  const ticket = ++latest;
  list.replaceChildren();
  if (!query) {
    status.textContent = '';
    return;
  }
  status.textContent = 'Searching…';
  pagefind ??= import(/* @vite-ignore */ bundlePath) as Promise<PagefindApi>;
  const filter = readSearchSection(`?section=${encodeURIComponent(section)}`).filter;
  const answer = await (
    await pagefind
  ).search(query, filter ? { filters: { section: filter } } : {});
  const data = await Promise.all((answer?.results ?? []).slice(0, 20).map((r) => r.data()));
  if (ticket !== latest) return; // a newer search has started meanwhile
  list.replaceChildren(...data.map((d) => renderResult(toSearchResultView(d))));
  status.textContent = describeResultCount(query, data.length);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const query = input.value.trim();
  history.pushState(null, '', formatSearchUrl(query, sectionSelect.value) || location.pathname);
  void runSearch(query, sectionSelect.value);
});
/** Fills the form from the address (`?q=&section=`) and searches. */
function searchFromLocation(): void {
  input.value = readSearchQuery(location.search);
  sectionSelect.value = readSearchSection(location.search).value;
  void runSearch(input.value, sectionSelect.value);
}
window.addEventListener('popstate', searchFromLocation);
searchFromLocation();
