/**
 * What bounce and complaint processing (bounces.ts, the listener and
 * `npm run followers -- bounces`) needs from the database: the follower a
 * VERP return path names, each report recorded once, and the suppression
 * rules: a complaint suppresses at once, a hard bounce on its second
 * occurrence within the window, a soft bounce never.
 */
import type { DatabaseSync } from 'node:sqlite';
import { prepareStatements, runInTransaction } from './database.ts';
import { formatEmailKey } from './follower.ts';

/** What a report says happened to one address. */
export type BounceKind = 'hard' | 'soft' | 'complaint';

/** One address named by a report. */
export interface BounceEvent {
  /** The address. */
  readonly email: string;
  /** Hard bounce (5.x.x), soft bounce (4.x.x) or complaint. */
  readonly kind: BounceKind;
  /** Enhanced status code or feedback type, when the report gave one. */
  readonly status: string | null;
  /** The remote server's words, for the operator. */
  readonly detail: string | null;
  /** When it happened (milliseconds). */
  readonly at: number;
}

/** The bounce side of the follower database. */
export interface BounceStore {
  /** The address and unsubscribe nonce of a follower, to check a VERP token; null when unknown. */
  findFollower(followerId: number): { email: string; unsubscribeNonce: string } | null;
  /**
   * Records a report's events once (a report id seen before changes nothing)
   * and applies the suppression rules; returns the addresses newly
   * suppressed, or null when this report was recorded before.
   */
  recordReport(reportId: string, events: readonly BounceEvent[], now: number): string[] | null;
}

/** How far back a hard bounce counts towards the second one that suppresses: 30 days. */
export const hardBounceWindowMs = 30 * 24 * 60 * 60 * 1000;

/** Hard bounces within the window that suppress an address. */
export const hardBouncesToSuppress = 2;

const sql = {
  selectFollower: 'SELECT email, unsubscribe_nonce AS unsubscribeNonce FROM followers WHERE id = ?',
  insertReport: 'INSERT OR IGNORE INTO processed_reports (report_id, processed_at) VALUES (?, ?)',
  insertEvent: `INSERT INTO bounce_events (email_key, kind, status, detail, at)
     VALUES (?, ?, ?, ?, ?)`,
  countHard: `SELECT count(*) AS n FROM bounce_events
     WHERE email_key = ? AND kind = 'hard' AND at > ? AND at <= ?`,
  insertSuppression: `INSERT OR IGNORE INTO suppressions (email_key, reason, suppressed_at)
     VALUES (?, ?, ?)`,
  // Nothing more goes to them: what is still queued is dropped with the suppression.
  dropQueued: `DELETE FROM deliveries WHERE state = 'queued'
     AND follower_id IN (SELECT id FROM followers WHERE email_key = ?)`,
};

/** The bounce store on an open, migrated database. */
export function createBounceStore(db: DatabaseSync): BounceStore {
  const statements = prepareStatements(db, sql);
  return {
    findFollower(followerId) {
      return (
        (statements.selectFollower.get(followerId) as
          { email: string; unsubscribeNonce: string } | undefined) ?? null
      );
    },

    recordReport(reportId, events, now) {
      return runInTransaction(db, () => {
        if (statements.insertReport.run(reportId, now).changes === 0) return null;
        const suppressed: string[] = [];
        for (const event of events) {
          const key = formatEmailKey(event.email);
          statements.insertEvent.run(key, event.kind, event.status, event.detail, event.at);
          let reason: string | null = null;
          if (event.kind === 'complaint') reason = `complaint (${event.status ?? 'abuse'})`;
          if (event.kind === 'hard') {
            const { n } = statements.countHard.get(
              key,
              event.at - hardBounceWindowMs,
              event.at,
            ) as {
              n: number;
            };
            if (n >= hardBouncesToSuppress) reason = `hard bounce ${event.status ?? ''}`.trim();
          }
          if (reason && statements.insertSuppression.run(key, reason, now).changes > 0) {
            statements.dropQueued.run(key);
            suppressed.push(event.email);
          }
        }
        return suppressed;
      });
    },
  };
}
