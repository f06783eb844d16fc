/**
 * The feed formats every feed scope (the site, each category) is published in:
 * one row per format, read by the feed route, the feed renderers (`feeds.ts`),
 * the pages' `<link rel="alternate">` and the footer. A new format is one row
 * here plus one renderer in `feeds.ts`.
 */

/** A feed format the site publishes. */
export type FeedFormat = 'rss' | 'atom' | 'json';

/** What a feed format is published as. */
export interface FeedFormatSpec {
  /** The format's id. */
  readonly format: FeedFormat;
  /** File name under the scope's base path (`/feed.xml`, `/category/news/feed.xml`). */
  readonly fileName: string;
  /** Media type (without parameters), for `<link type>` and the HTTP `Content-Type`. */
  readonly mediaType: string;
  /** Name people know the format by, in link titles and the footer. */
  readonly label: string;
}

/** Every format, in the order pages list them. */
export const FEED_FORMATS: readonly FeedFormatSpec[] = [
  { format: 'rss', fileName: 'feed.xml', mediaType: 'application/rss+xml', label: 'RSS' },
  { format: 'atom', fileName: 'atom.xml', mediaType: 'application/atom+xml', label: 'Atom' },
  {
    format: 'json',
    fileName: 'feed.json',
    mediaType: 'application/feed+json',
    label: 'JSON Feed',
  },
] as const satisfies readonly FeedFormatSpec[];

/** The row of one format. */
export function getFeedFormat(format: FeedFormat): FeedFormatSpec {
  const spec = FEED_FORMATS.find((row) => row.format === format);
  if (!spec) throw new Error(`Unknown feed format "${format}"`);
  return spec;
}

/** A value for every format, computed from its row. */
export function mapFeedFormats<T>(compute: (spec: FeedFormatSpec) => T): Record<FeedFormat, T> {
  // Every FeedFormat has a row (the table is checked against the type in its tests).
  return Object.fromEntries(FEED_FORMATS.map((spec) => [spec.format, compute(spec)])) as Record<
    FeedFormat,
    T
  >;
}

/** The site paths of one scope's feeds, by format, under a base path (`/` or `/category/<slug>/`). */
export function listFeedPaths(basePath: string): Record<FeedFormat, string> {
  return mapFeedFormats((spec) => `${basePath}${spec.fileName}`);
}
