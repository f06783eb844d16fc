/**
 * What `npm run followers -- import` needs from the database: adding
 * followers who already agreed elsewhere (WordPress.com, Jetpack) as
 * confirmed, each with their original date and where their consent came
 * from, and telling apart the addresses it must leave alone: those here
 * already, suppressed ones, and those who unsubscribed or were removed (their
 * opt-out outlives the row).
 */
import type { DatabaseSync } from 'node:sqlite';
import { prepareStatements } from './database.ts';
import { formatEmailKey, formatOptOutKey } from './follower.ts';

/** One follower to import; tokens are made by the caller, as for a sign-up. */
export interface ImportedFollower {
  /** Normalised address. */
  readonly email: string;
  /** When they originally subscribed (milliseconds), or null: then the import time. */
  readonly subscribedAt: number | null;
  /** Fresh nonce for the unsubscribe token. */
  readonly unsubscribeNonce: string;
  /** Hash of the unsubscribe token derived from that nonce. */
  readonly unsubscribeHash: string;
}

/** What happened to each address of an import, counted. */
export interface ImportOutcome {
  /** Added as confirmed followers. */
  imported: number;
  /** Already in the database, confirmed or waiting for their own confirmation: left as they are. */
  alreadyFollowing: number;
  /** Unsubscribed or removed here before: never added back by an import (only by their own double opt-in). */
  unsubscribed: number;
  /** Suppressed after bounces or a complaint: never added back by an import. */
  suppressed: number;
}

/** The import side of the follower database. */
export interface ImportStore {
  /**
   * Adds the followers not known yet, in one transaction; with `dryRun` the
   * transaction is rolled back, so the counts are exact and nothing changes.
   */
  importFollowers(
    followers: readonly ImportedFollower[],
    source: string,
    now: number,
    dryRun: boolean,
  ): ImportOutcome;
}

const sql = {
  selectStatus: 'SELECT status FROM followers WHERE email_key = ?',
  selectSuppressed: 'SELECT 1 FROM suppressions WHERE email_key = ?',
  selectOptOut: 'SELECT 1 FROM opt_outs WHERE key_hash = ?',
  // Confirmed from the start; the digest clock starts at the import so an
  // imported digest reader waits for the next digest time.
  insert: `INSERT INTO followers (email, email_key, status, created_at, confirmed_at,
       unsubscribe_nonce, unsubscribe_hash, consent_source, last_digest_at)
     VALUES (?, ?, 'confirmed', ?, ?, ?, ?, ?, ?)`,
};

/** The import store on an open, migrated database. */
export function createImportStore(db: DatabaseSync): ImportStore {
  const statements = prepareStatements(db, sql);
  return {
    importFollowers(followers, source, now, dryRun) {
      const outcome: ImportOutcome = {
        imported: 0,
        alreadyFollowing: 0,
        unsubscribed: 0,
        suppressed: 0,
      };
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const follower of followers) {
          const key = formatEmailKey(follower.email);
          if (statements.selectSuppressed.get(key)) {
            outcome.suppressed += 1;
            continue;
          }
          const existing = statements.selectStatus.get(key) as { status: string } | undefined;
          if (
            existing?.status === 'unsubscribed' ||
            statements.selectOptOut.get(formatOptOutKey(follower.email))
          ) {
            outcome.unsubscribed += 1;
            continue;
          }
          if (existing) {
            outcome.alreadyFollowing += 1;
            continue;
          }
          const since = follower.subscribedAt ?? now;
          statements.insert.run(
            follower.email,
            key,
            since,
            since,
            follower.unsubscribeNonce,
            follower.unsubscribeHash,
            source,
            now,
          );
          outcome.imported += 1;
        }
        db.exec(dryRun ? 'ROLLBACK' : 'COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
      return outcome;
    },
  };
}
