/**
 * The one thing the site reads from the follower service: how many confirmed
 * followers there are, read at build time from the service's SQLite file.
 * Read-only, and 0 when there is no database yet (a fresh checkout).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { site } from '../site.ts';

/**
 * The database `npm start` and notify use unless FOLLOWERS_DB says otherwise.
 * Builds run from the project root, so the relative default resolves there.
 */
export function resolveFollowersDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.FOLLOWERS_DB || join(process.cwd(), site.followersDatabase);
}

/** Confirmed followers in the database at `path`; 0 when it or its table does not exist. */
export function readFollowerCount(path: string = resolveFollowersDbPath()): number {
  if (!existsSync(path)) return 0;
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const table = db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'followers'`)
      .get();
    if (!table) return 0;
    const row = db
      .prepare(`SELECT count(*) AS n FROM followers WHERE status = 'confirmed'`)
      .get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

let buildCount: number | undefined;

/**
 * The count every page of one build shows: read once, so 1,000 pages open the
 * database once and all agree even if someone confirms mid-build.
 */
export function getBuildFollowerCount(): number {
  buildCount ??= readFollowerCount();
  return buildCount;
}

/** The widget's line: "Join 3,164 other followers" (singular for one). */
export function formatJoinFollowers(count: number): string {
  const noun = count === 1 ? 'follower' : 'followers';
  return `Join ${count.toLocaleString('en-US')} other ${noun}`;
}
