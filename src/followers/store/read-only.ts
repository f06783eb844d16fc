/**
 * The site's window on the follower database: the confirmed-follower count
 * the footer shows, read at build time. Opened read-only (a build never
 * writes the service's file), and 0 when there is no database or table yet
 * (a fresh checkout). The path is the service's own (location.ts).
 */
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { prepareStatements } from './database.ts';
import { countConfirmedSql } from './follower.ts';
import { resolveFollowerDbPath } from './location.ts';

const sql = {
  selectTable: `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'followers'`,
  selectSuppressions: `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'suppressions'`,
  countConfirmed: countConfirmedSql,
  // A file the service has not migrated to schema 5 yet (read-only never migrates): nobody is suppressed.
  countConfirmedBeforeSuppressions: `SELECT count(*) AS n FROM followers WHERE status = 'confirmed'`,
};

/** Confirmed followers in the database at `path`; 0 when it or its table does not exist. */
export function readFollowerCount(path: string = resolveFollowerDbPath()): number {
  if (!existsSync(path)) return 0;
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const statements = prepareStatements(db, sql);
    if (!statements.selectTable.get()) return 0;
    const count = statements.selectSuppressions.get()
      ? statements.countConfirmed
      : statements.countConfirmedBeforeSuppressions;
    return (count.get() as { n: number }).n;
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
