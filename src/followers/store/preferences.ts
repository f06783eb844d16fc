/**
 * What the preferences page (app.ts) needs from the database: the follower a
 * signed manage link names, the follower an address belongs to (to mail a
 * fresh link), and saving a choice of delivery and categories.
 */
import type { DatabaseSync } from 'node:sqlite';
import { prepareStatements, runInTransaction } from './database.ts';
import type { Follower, FollowerPreferences, FollowerRow } from './follower.ts';
import {
  followerColumns,
  formatCategoriesJson,
  formatEmailKey,
  isMailedSql,
  mapFollowerRow,
} from './follower.ts';

/** The preferences side of the follower database. */
export interface PreferenceStore {
  /** The follower with this row id, whatever their status; null when there is none. */
  findFollower(followerId: number): Follower | null;
  /** The mailed (confirmed, not suppressed) follower at this address, any spelling; null otherwise. */
  findMailedFollower(email: string): Follower | null;
  /**
   * Saves a confirmed follower's choice. Posts already queued for them that
   * the new categories leave out are dropped; a change of delivery mode
   * restarts the digest clock, so a new digest reader gets their first one at
   * the next digest time rather than at once. False when not confirmed.
   */
  updatePreferences(followerId: number, preferences: FollowerPreferences, now: number): boolean;
}

const sql = {
  selectById: `SELECT ${followerColumns} FROM followers WHERE id = ?`,
  selectMailedByEmail: `SELECT ${followerColumns} FROM followers WHERE email_key = ? AND ${isMailedSql}`,
  update: `UPDATE followers SET categories = :categories,
       last_digest_at = CASE WHEN delivery = :delivery THEN last_digest_at ELSE :now END,
       delivery = :delivery
     WHERE id = :id AND status = 'confirmed'`,
  dropUnwanted: `DELETE FROM deliveries WHERE follower_id = :id AND state = 'queued'
       AND :categories IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM posts p, json_each(p.categories) pc, json_each(:categories) fc
         WHERE p.id = deliveries.post_id AND lower(pc.value) = fc.value)`,
};

/** The preference store on an open, migrated database. */
export function createPreferenceStore(db: DatabaseSync): PreferenceStore {
  const statements = prepareStatements(db, sql);
  return {
    findFollower(followerId) {
      const row = statements.selectById.get(followerId) as FollowerRow | undefined;
      return row ? mapFollowerRow(row) : null;
    },

    findMailedFollower(email) {
      const row = statements.selectMailedByEmail.get(formatEmailKey(email)) as
        FollowerRow | undefined;
      return row ? mapFollowerRow(row) : null;
    },

    updatePreferences(followerId, preferences, now) {
      const categories = formatCategoriesJson(preferences.categories);
      return runInTransaction(db, () => {
        const changed = statements.update.run({
          id: followerId,
          categories,
          delivery: preferences.delivery,
          now,
        }).changes;
        if (changed === 0) return false;
        statements.dropUnwanted.run({ id: followerId, categories });
        return true;
      });
    },
  };
}
