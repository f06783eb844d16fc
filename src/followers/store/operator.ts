/**
 * What the operator's `npm run followers` needs from the database: everyone,
 * oldest first, and removing one address with its ledger rows (leaving an
 * opt-out, so an import does not bring it back).
 */
import type { DatabaseSync } from 'node:sqlite';
import { prepareStatements, runInTransaction } from './database.ts';
import type { Follower, FollowerRow } from './follower.ts';
import {
  followerColumns,
  formatEmailKey,
  formatOptOutKey,
  insertOptOutSql,
  mapFollowerRow,
} from './follower.ts';

/** A suppressed address, for `list --suppressed`. */
export interface SuppressedAddress {
  /** The address (as the follower typed it, else its key). */
  readonly email: string;
  /** Why: the complaint, or the hard bounce that made the second one. */
  readonly reason: string;
  /** When (milliseconds). */
  readonly suppressedAt: number;
}

/** The operator's side of the follower database. */
export interface OperatorStore {
  /** Suppressed addresses, oldest suppression first. */
  listSuppressed(): SuppressedAddress[];
  /** Every follower, oldest first. */
  listFollowers(): Follower[];
  /**
   * Deletes a follower (any spelling of the address) and their ledger rows,
   * and records an opt-out (only a hash of the address) that imports honour;
   * they can still sign up again themselves. False when unknown.
   */
  removeFollower(email: string, now?: number): boolean;
}

const sql = {
  selectSuppressed: `SELECT coalesce(f.email, s.email_key) AS email, s.reason AS reason,
       s.suppressed_at AS suppressedAt
     FROM suppressions s LEFT JOIN followers f ON f.email_key = s.email_key
     ORDER BY s.suppressed_at, s.email_key`,
  selectAll: `SELECT ${followerColumns} FROM followers ORDER BY created_at, id`,
  // The ledger rows go with it: deliveries.follower_id is ON DELETE CASCADE.
  deleteByEmail: 'DELETE FROM followers WHERE email_key = ?',
  insertOptOut: insertOptOutSql,
};

/** The operator store on an open, migrated database. */
export function createOperatorStore(db: DatabaseSync): OperatorStore {
  const statements = prepareStatements(db, sql);
  return {
    listSuppressed() {
      return statements.selectSuppressed.all() as unknown as SuppressedAddress[];
    },

    listFollowers() {
      return (statements.selectAll.all() as unknown as FollowerRow[]).map(mapFollowerRow);
    },

    removeFollower(email, now = Date.now()) {
      return runInTransaction(db, () => {
        if (statements.deleteByEmail.run(formatEmailKey(email)).changes === 0) return false;
        // Someone asking to be removed must not come back with the next import
        // of an old list; an unsubscribe already left one, kept as it was.
        statements.insertOptOut.run(formatOptOutKey(email), 'removed', now);
        return true;
      });
    },
  };
}
