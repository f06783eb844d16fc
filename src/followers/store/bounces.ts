/**
 * What bounce and complaint processing (bounces.ts, the listener and
 * `npm run followers -- bounces`) needs from the database: the follower a
 * VERP return path names, each report recorded once, and the suppression
 * rules, for reports whose VERP tag checked out only: a complaint suppresses
 * at once; so does a hard bounce saying the address does not exist (5.1.1,
 * 5.1.2, 5.1.10, or SES's Permanent General/NoEmail); any other hard bounce
 * on the second bounced send within the window; a soft bounce never. A report
 * without a checked tag is recorded for the operator and counts for nothing.
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
  /**
   * Which of our messages bounced: its Message-ID as the report quotes it
   * (null when it quotes none: the event then counts as a send of its own).
   */
  readonly sendId?: string | null;
  /**
   * The report says the address will never take mail, whatever its status
   * code (SES Permanent General/NoEmail).
   */
  readonly permanent?: boolean;
}

/** How a report is recorded. */
export interface RecordOptions {
  /**
   * False for a report without a VERP tag whose MAC checked out: anyone can
   * send one, so it is kept for the operator and never suppresses, nor
   * counts towards a later suppression. True by default.
   */
  readonly verified?: boolean;
}

/** The bounce side of the follower database. */
export interface BounceStore {
  /** The address and unsubscribe nonce of a follower, to check a VERP token; null when unknown. */
  findFollower(followerId: number): { email: string; unsubscribeNonce: string } | null;
  /**
   * Records a report's events once (a report id seen before changes nothing)
   * and, for a verified report, applies the suppression rules; returns the
   * addresses newly suppressed, or null when this report was recorded before.
   */
  recordReport(
    reportId: string,
    events: readonly BounceEvent[],
    now: number,
    options?: RecordOptions,
  ): string[] | null;
}

/**
 * Enhanced status codes (RFC 3463) that say the address does not exist: bad
 * mailbox (5.1.1), bad domain (5.1.2), no such recipient (5.1.10, RFC 7505's
 * null MX). One is enough: sending again only adds to the invalid-recipient
 * rate mailbox providers hold against the sender.
 */
export const nonexistentAddressStatuses: readonly string[] = ['5.1.1', '5.1.2', '5.1.10'];

/**
 * How far back an ambiguous hard bounce (any other 5.x.x: policy, full
 * mailbox, content) counts towards the second bounced send that suppresses:
 * 90 days, so two consecutive posts of a monthly blog fall in it while a
 * single bounce a season ago does not.
 */
export const hardBounceWindowMs = 90 * 24 * 60 * 60 * 1000;

/**
 * Bounced sends (distinct messages, however many reports each) within the
 * window that suppress an address after an ambiguous hard bounce.
 */
export const hardBouncesToSuppress = 2;

/** True for a hard bounce that suppresses at once: the address does not exist. */
export function isNonexistentAddress(event: BounceEvent): boolean {
  return (
    event.kind === 'hard' &&
    (event.permanent === true || nonexistentAddressStatuses.includes(event.status ?? ''))
  );
}

const sql = {
  selectFollower: 'SELECT email, unsubscribe_nonce AS unsubscribeNonce FROM followers WHERE id = ?',
  insertReport: 'INSERT OR IGNORE INTO processed_reports (report_id, processed_at) VALUES (?, ?)',
  insertEvent: `INSERT INTO bounce_events (email_key, kind, status, detail, at, verified, send_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  // Sends, not reports: two reports quoting one Message-ID are one bounced send.
  countHardSends: `SELECT count(DISTINCT coalesce(send_id, 'event:' || rowid)) AS n FROM bounce_events
     WHERE email_key = ? AND kind = 'hard' AND verified = 1 AND at > ? AND at <= ?`,
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

    recordReport(reportId, events, now, options = {}) {
      const verified = options.verified ?? true;
      return runInTransaction(db, () => {
        // Kept apart: an unverified report must not take the id of a real
        // one that arrives later and make it look like a repeat.
        const id = verified ? reportId : `unverified:${reportId}`;
        if (statements.insertReport.run(id, now).changes === 0) return null;
        const suppressed: string[] = [];
        for (const event of events) {
          const key = formatEmailKey(event.email);
          statements.insertEvent.run(
            key,
            event.kind,
            event.status,
            event.detail,
            event.at,
            verified ? 1 : 0,
            event.sendId ?? null,
          );
          if (!verified) continue;
          let reason: string | null = null;
          if (event.kind === 'complaint') reason = `complaint (${event.status ?? 'abuse'})`;
          if (isNonexistentAddress(event)) reason = `hard bounce ${event.status ?? ''}`.trim();
          else if (event.kind === 'hard') {
            const { n } = statements.countHardSends.get(
              key,
              event.at - hardBounceWindowMs,
              event.at,
            ) as { n: number };
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
