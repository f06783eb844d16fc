/**
 * WebSub for the built feeds: after a deploy, `npm run notify` pings the site's
 * hub once for each feed whose bytes changed since its last successful ping,
 * so subscribed feed readers fetch new posts at once. The hashes of what was
 * pinged live in a small JSON file beside the follower database, per hub (a
 * new hub is told of every feed); a feed whose ping failed stays unrecorded
 * and is pinged again on the next run.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { FEED_FORMATS } from '../lib/feed-formats.ts';
import { formatAbsoluteUrl } from '../lib/urls.ts';
import {
  readPingedByHub,
  selectChangedFeeds,
  type FeedSnapshot,
  type PingedByHub,
} from './changes.ts';
import { defaultPingRetry, pingHub, type PingRetry } from './hub.ts';

/** What a run needs. */
export interface PingChangedFeedsOptions {
  /** The hub's URL. */
  readonly hub: string;
  /** The built site. */
  readonly distDir: string;
  /** The site's public origin (feed URLs are absolute against it). */
  readonly origin: string;
  /** JSON file recording what was pinged, per hub. */
  readonly statePath: string;
  readonly retry?: PingRetry;
  readonly fetch?: typeof fetch;
}

/** What a run did. */
export interface PingReport {
  /** Feeds the hub was told about. */
  readonly pinged: readonly string[];
  /** Feeds unchanged since their last ping. */
  readonly unchanged: number;
  /** Feeds whose ping failed, with why; they are pinged again next run. */
  readonly failed: readonly { readonly url: string; readonly error: string }[];
}

/** Every feed file under `distDir` (any scope, any format of `FEED_FORMATS`), sorted by URL. */
export function listBuiltFeeds(distDir: string, origin: string): FeedSnapshot[] {
  const names = new Set(FEED_FORMATS.map((spec) => spec.fileName));
  const found: FeedSnapshot[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (names.has(entry.name)) {
        const sitePath = `/${relative(distDir, path).split(sep).join('/')}`;
        const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
        found.push({ url: formatAbsoluteUrl(sitePath, origin), hash });
      }
    }
  };
  walk(distDir);
  return found.sort((a, b) => a.url.localeCompare(b.url));
}

/** The recorded hashes of every hub; none when the file does not exist yet. */
function readPinged(statePath: string): PingedByHub {
  if (!existsSync(statePath)) return {};
  let state: PingedByHub | undefined;
  try {
    state = readPingedByHub(JSON.parse(readFileSync(statePath, 'utf8')));
  } catch (error) {
    throw new Error(`${statePath} is not the WebSub state this tool writes`, { cause: error });
  }
  if (!state) throw new Error(`${statePath} is not the WebSub state this tool writes`);
  return state;
}

/** Writes the state whole (temporary file, then rename), so a crash never leaves half a file. */
function writePinged(statePath: string, pinged: PingedByHub): void {
  mkdirSync(dirname(statePath), { recursive: true });
  const temporary = `${statePath}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(pinged, null, 2)}\n`);
  renameSync(temporary, statePath);
}

/** Pings the hub for each changed feed and records the ones it accepted. */
export async function pingChangedFeeds(options: PingChangedFeedsOptions): Promise<PingReport> {
  const feeds = listBuiltFeeds(options.distDir, options.origin);
  const state = readPinged(options.statePath);
  // What this hub was told: another hub's record says nothing about it.
  const pinged: Record<string, string> = { ...state[options.hub] };
  const changed = selectChangedFeeds(feeds, pinged);
  const done: string[] = [];
  const failed: { url: string; error: string }[] = [];
  for (const [index, feed] of changed.entries()) {
    const result = await pingHub(
      options.hub,
      feed.url,
      options.retry ?? defaultPingRetry,
      options.fetch,
    );
    if (result.ok) {
      pinged[feed.url] = feed.hash;
      done.push(feed.url);
      // Recorded after each success: a run killed midway never pings those again.
      writePinged(options.statePath, { ...state, [options.hub]: pinged });
    } else if (result.hubDown) {
      // Every other feed would only wait out the same retries: leave them all for the next run.
      for (const rest of changed.slice(index)) failed.push({ url: rest.url, error: result.error });
      break;
    } else {
      failed.push({ url: feed.url, error: result.error });
    }
  }
  return { pinged: done, unchanged: feeds.length - changed.length, failed };
}

/** What to print about a run: a line of counts, and one problem line per failed feed naming the hub. */
export function describePingReport(
  hub: string,
  report: PingReport,
): { readonly summary: string; readonly problems: readonly string[] } {
  return {
    summary: `WebSub: pinged ${hub} for ${report.pinged.length} changed feeds (${report.unchanged} unchanged).`,
    problems: report.failed.map(
      (failure) =>
        `WebSub: could not ping ${hub} for ${failure.url}: ${failure.error}; it is pinged again on the next run.`,
    ),
  };
}
