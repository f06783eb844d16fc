/** The on-page table of contents of a help page (or any page with headings), from its headings. */

/** A heading as Astro's `render()` reports it. */
export interface MarkdownHeading {
  readonly depth: number;
  readonly slug: string;
  readonly text: string;
}

/** One entry of the on-page table of contents, with its subsections. */
export interface TocEntry {
  readonly slug: string;
  readonly text: string;
  readonly children: TocEntry[];
}

/**
 * The on-page table of contents: `##` headings with their `###` below them.
 * The page's own `#` title and deeper levels are left out; a `###` before any
 * `##` is listed at the top level rather than dropped.
 */
export function buildTableOfContents(headings: readonly MarkdownHeading[]): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const heading of headings) {
    const entry = { slug: heading.slug, text: heading.text, children: [] };
    const parent = entries.at(-1);
    if (heading.depth === 2 || (heading.depth === 3 && !parent)) entries.push(entry);
    else if (heading.depth === 3 && parent) parent.children.push(entry);
  }
  return entries;
}
