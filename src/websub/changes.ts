/**
 * Which feeds changed since the hub was last told: pure comparison of each
 * feed's content hash with the hash recorded at its last successful ping.
 */

/** A built feed: its public URL and a hash of its bytes. */
export interface FeedSnapshot {
  /** Absolute URL the feed is published at (the WebSub topic). */
  readonly url: string;
  /** SHA-256 of the file, hex. */
  readonly hash: string;
}

/** Hash of each feed URL at its last successful ping. */
export type PingedHashes = Readonly<Record<string, string>>;

/**
 * The feeds whose bytes differ from their last ping, in the given order. A feed
 * never pinged counts as changed: the hub has not been told about it yet.
 */
export function selectChangedFeeds(
  feeds: readonly FeedSnapshot[],
  pinged: PingedHashes,
): FeedSnapshot[] {
  return feeds.filter((feed) => pinged[feed.url] !== feed.hash);
}
