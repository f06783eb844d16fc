/**
 * The old WordPress blog's feed addresses that no redirect table lists: its
 * feeds by query (`/?feed=rss2`, `/?cat=3&feed=atom`), which WordPress
 * answered even with pretty permalinks, and its comment feeds. Comments here
 * are a closed archive on each post's page, so there is no comment feed to
 * lead to: those addresses answer 410 Gone, which tells a feed reader to stop
 * asking, instead of a redirect to an HTML page (a parse error in every
 * reader) or to the posts feed (a second copy of it under another name).
 * Pure: the nginx generator reads it.
 */
import { getFeedFormat, type FeedFormat } from '../lib/feed-formats.ts';

/** What a `?feed=` value asks for: one of this site's feed formats, or a comment feed (gone). */
export type WordPressFeedKind = FeedFormat | 'comments';

/** Every `?feed=` value WordPress answered, and what it means here (`feed` is its default feed, RSS 2.0). */
export const WORDPRESS_FEED_QUERY_VALUES = [
  { value: 'feed', kind: 'rss' },
  { value: 'rss2', kind: 'rss' },
  { value: 'rss', kind: 'rss' },
  { value: 'rdf', kind: 'rss' },
  { value: 'atom', kind: 'atom' },
  { value: 'comments-rss2', kind: 'comments' },
  { value: 'comments-atom', kind: 'comments' },
] as const satisfies readonly { readonly value: string; readonly kind: WordPressFeedKind }[];

/**
 * The query arguments that make a `?feed=` one post's (page's, attachment's)
 * comment feed: `/?p=123&feed=rss2`.
 */
export const WORDPRESS_SINGULAR_QUERY_ARGS = ['p', 'page_id', 'attachment_id'] as const;

/** The feed file name a `?feed=` value leads to, or undefined for a comment feed or an unknown value. */
export function findQueryFeedFile(value: string): string | undefined {
  const row = WORDPRESS_FEED_QUERY_VALUES.find((entry) => entry.value === value);
  return row && row.kind !== 'comments' ? getFeedFormat(row.kind).fileName : undefined;
}

/** The site-wide comment feeds, in every format WordPress offered. */
export const GONE_COMMENT_FEED_PATHS = [
  '/comments/feed/',
  '/comments/feed/rss2/',
  '/comments/feed/rss/',
  '/comments/feed/rdf/',
  '/comments/feed/atom/',
] as const;

/**
 * A post's or page's own comment feed, in any format, whatever the old
 * permalink structure (`/2012/07/16/slug/feed/`, `/slug/feed/atom/`,
 * `/archives/123/feed/`, `/about/feed/`): any address ending in `feed/` below
 * at least one segment, except the category, tag and author feeds, which the
 * redirect tables answer. A regular expression for PCRE (nginx, which matches
 * the decoded path, so a Unicode slug too) and JavaScript alike; nginx checks
 * it after the legacy category patterns and after every exact rule.
 */
export const POST_COMMENT_FEED_PATTERN =
  '^/(?!(?:category|tag|author)/)(?:[^/]+/)+feed/(?:(?:rss2|rss|rdf|atom)/)?$';
