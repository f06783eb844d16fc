/**
 * Which feeds changed since the hub was last told: pure comparison of each
 * feed's content hash with the hash recorded at its last successful ping to
 * that hub. The record is kept per hub, so a new hub hears of every feed.
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

/** What each hub was told: its feeds' hashes at their last successful ping, by hub URL. */
export type PingedByHub = Readonly<Record<string, PingedHashes>>;

/** True for an object whose values all pass `test`. */
function isRecordOf(value: unknown, test: (item: unknown) => boolean): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(test)
  );
}

/**
 * The record as stored (`{ "<hub>": { "<feed URL>": "<hash>" } }`). The
 * earlier file, hashes by feed URL alone, does not say which hub they went
 * to, so it counts as nothing pinged: every feed is pinged once more.
 * Undefined for anything else.
 */
export function readPingedByHub(data: unknown): PingedByHub | undefined {
  if (!isRecordOf(data, (hashes) => isRecordOf(hashes, (hash) => typeof hash === 'string'))) {
    return isRecordOf(data, (hash) => typeof hash === 'string') ? {} : undefined;
  }
  return data as PingedByHub;
}
