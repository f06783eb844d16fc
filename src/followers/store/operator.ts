/**
 * What the operator's `npm run followers` needs from the database: everyone,
 * oldest first, and removing one address with its ledger rows.
 */
import type { DatabaseSync } from 'node:sqlite';
import { prepareStatements } from './database.ts';
import type { Follower, FollowerRow } from './follower.ts';
import { followerColumns, formatEmailKey, mapFollowerRow } from './follower.ts';

/** The operator's side of the follower database. */
export interface OperatorStore {
  /** Every follower, oldest first. */
  listFollowers(): Follower[];
  /** Deletes a follower (any spelling of the address) and their ledger rows; false when unknown. */
  removeFollower(email: string): boolean;
}

const sql = {
  selectAll: `SELECT ${followerColumns} FROM followers ORDER BY created_at, id`,
  // The ledger rows go with it: deliveries.follower_id is ON DELETE CASCADE.
  deleteByEmail: 'DELETE FROM followers WHERE email_key = ?',
};

/** The operator store on an open, migrated database. */
export function createOperatorStore(db: DatabaseSync): OperatorStore {
  const statements = prepareStatements(db, sql);
  return {
    listFollowers() {
      return (statements.selectAll.all() as unknown as FollowerRow[]).map(mapFollowerRow);
    },

    removeFollower(email) {
      return statements.deleteByEmail.run(formatEmailKey(email)).changes > 0;
    },
  };
}
