/**
 * What the follower app (app.ts) needs from the database: sign-ups,
 * confirmations, unsubscribes (each leaving an opt-out that imports honour),
 * the confirmed count, and the hourly purge of expired sign-ups. Token values
 * never reach it: only their hashes, and the nonce an unsubscribe link names.
 */
import type { DatabaseSync } from 'node:sqlite';
import { prepareStatements, runInTransaction } from './database.ts';
import type { Follower, FollowerPreferences, FollowerRow } from './follower.ts';
import {
  countConfirmedSql,
  followerColumns,
  formatCategoriesJson,
  formatEmailKey,
  formatOptOutKey,
  insertOptOutSql,
  mapFollowerRow,
} from './follower.ts';

/**
 * How long after a confirmation email was handed to the mailer another
 * sign-up for the address sends nothing: 15 minutes. Long enough that a
 * double click or an impatient reader gets one email; short enough that a
 * confirmation lost in a crash, or filed as spam, can be asked for again the
 * same day (the per-address rate limit still caps it at a few a day).
 */
export const confirmResendIntervalMs = 15 * 60 * 1000;

/**
 * What `addPending` did, so the app knows whether to send a confirmation:
 * `created` and `renewed` need one; `already-mailed` (a pending address whose
 * link, mailed within the resend interval, still works) and
 * `already-confirmed` get nothing.
 */
export type SubscribeOutcome = 'created' | 'renewed' | 'already-mailed' | 'already-confirmed';

/** Input of `addPending`: hashes and nonce are made by the caller. */
export interface PendingSignUp {
  /** Normalised address. */
  readonly email: string;
  /** Hash of the new confirm token. */
  readonly confirmHash: string;
  /** When the confirm token stops working. */
  readonly confirmExpiresAt: number;
  /** Fresh nonce for the unsubscribe token (used only for a new row). */
  readonly unsubscribeNonce: string;
  /** Hash of the unsubscribe token derived from that nonce. */
  readonly unsubscribeHash: string;
  /** Current time, milliseconds. */
  readonly now: number;
  /**
   * A confirmation mailed this recently is not sent again
   * ({@link confirmResendIntervalMs} by default).
   */
  readonly resendIntervalMs?: number;
}

/** The sign-up side of the follower database, as the app uses it. */
export interface SignUpStore {
  /**
   * Records a sign-up, or renews an unconfirmed one whose link expired, was
   * never sent, or was mailed longer ago than the resend interval (a new
   * token: only the newest link works); leaves a pending one mailed within
   * the interval and a confirmed follower as they are.
   */
  addPending(signUp: PendingSignUp): SubscribeOutcome;
  /** The confirmation with this hash could not be sent: the next sign-up may send one. */
  markConfirmationUnsent(confirmHash: string): void;
  /** True when this confirm token hash belongs to an unexpired pending sign-up. Changes nothing. */
  hasPendingConfirm(confirmHash: string, now: number): boolean;
  /**
   * Confirms the sign-up holding this token hash with the preferences chosen
   * on the confirm page (each post, every category, by default); the token is
   * used up. A fresh double opt-in lifts a suppression of the address, forgets
   * its bounces and deletes its opt-out. Null when unknown or expired.
   */
  confirm(confirmHash: string, now: number, preferences?: FollowerPreferences): Follower | null;
  /** The follower a (pre-nonce) unsubscribe token hash belongs to. Changes nothing. */
  findByUnsubscribeHash(unsubscribeHash: string): Follower | null;
  /**
   * The follower with this unsubscribe nonce (the caller checks the link's
   * MAC). Changes nothing.
   */
  findByUnsubscribeNonce(nonce: string): Follower | null;
  /**
   * Unsubscribes the follower holding this token hash, drops their queued
   * deliveries and records an opt-out; repeating it is harmless.
   */
  unsubscribe(unsubscribeHash: string, now: number): Follower | null;
  /** The same as `unsubscribe`, for the follower with this row id. */
  unsubscribeFollower(followerId: number, now: number): Follower | null;
  /**
   * Records which secret the service checks links with, as
   * `formatSecretCheck` (tokens.ts) gives it, so a process that mails links
   * (notify) can tell that its own secret differs before it sends any.
   */
  recordSecretCheck(check: string): void;
  /** Confirmed followers right now. */
  countConfirmed(): number;
  /** Deletes unconfirmed sign-ups whose confirm link has expired; returns how many. */
  purgeExpired(now: number): number;
}

const sql = {
  selectByEmail: `SELECT ${followerColumns} FROM followers WHERE email_key = ?`,
  selectByUnsubscribe: `SELECT ${followerColumns} FROM followers WHERE unsubscribe_hash = ?`,
  selectByNonce: `SELECT ${followerColumns} FROM followers WHERE unsubscribe_nonce = ?`,
  selectById: `SELECT ${followerColumns} FROM followers WHERE id = ?`,
  selectConfirmState:
    'SELECT confirm_sent_at AS sentAt, confirm_expires_at AS expiresAt FROM followers WHERE id = ?',
  updatePendingConfirm: `UPDATE followers SET confirm_hash = ?, confirm_expires_at = ?, confirm_sent_at = ?
     WHERE id = ?`,
  restartFollower: `UPDATE followers SET status = 'pending', created_at = ?, confirmed_at = NULL,
       unsubscribed_at = NULL, confirm_hash = ?, confirm_expires_at = ?, confirm_sent_at = ?,
       unsubscribe_nonce = ?, unsubscribe_hash = ? WHERE id = ?`,
  // A new address, the usual sign-up, in one statement: it commits on its
  // own, so the common case skips BEGIN/COMMIT and the lookup; any existing
  // row (whatever its state) leaves it untouched and takes the transaction below.
  insertNewPending: `INSERT INTO followers (email, email_key, status, created_at, confirm_hash,
       confirm_expires_at, confirm_sent_at, unsubscribe_nonce, unsubscribe_hash)
       VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?)
       ON CONFLICT (email_key) DO NOTHING RETURNING id`,
  deleteQueued: `DELETE FROM deliveries WHERE follower_id = ? AND state = 'queued'`,
  markConfirmationUnsent: 'UPDATE followers SET confirm_sent_at = NULL WHERE confirm_hash = ?',
  selectPendingConfirm: `SELECT 1 FROM followers WHERE confirm_hash = ? AND status = 'pending'
           AND confirm_expires_at > ?`,
  // last_digest_at starts now: a digest covers what is published after confirming.
  confirm: `UPDATE followers SET status = 'confirmed', confirmed_at = :now, confirm_hash = NULL,
               confirm_expires_at = NULL, delivery = :delivery, categories = :categories,
               last_digest_at = :now, consent_source = 'sign-up'
             WHERE confirm_hash = :hash AND status = 'pending' AND confirm_expires_at > :now
             RETURNING ${followerColumns}`,
  deleteSuppression: 'DELETE FROM suppressions WHERE email_key = ?',
  deleteBounces: 'DELETE FROM bounce_events WHERE email_key = ?',
  insertOptOut: insertOptOutSql,
  deleteOptOut: 'DELETE FROM opt_outs WHERE key_hash = ?',
  upsertSecretCheck: `INSERT INTO meta (key, value) VALUES ('service_secret_check', ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  unsubscribe: `UPDATE followers SET status = 'unsubscribed', unsubscribed_at = ?, confirm_hash = NULL,
               confirm_expires_at = NULL WHERE id = ?`,
  countConfirmed: countConfirmedSql,
  purgeExpired: `DELETE FROM followers WHERE status = 'pending' AND confirm_expires_at <= ?`,
};

/** The sign-up store on an open, migrated database. */
export function createSignUpStore(db: DatabaseSync): SignUpStore {
  const statements = prepareStatements(db, sql);

  /** Unsubscribes a row (inside a transaction): the status, the queue, the opt-out. */
  const unsubscribeRow = (row: FollowerRow, now: number): Follower => {
    if (row.status !== 'unsubscribed') statements.unsubscribe.run(now, row.id);
    // Posts not yet mailed are not owed any more: if they come back they
    // get only what is announced after they confirm again.
    statements.deleteQueued.run(row.id);
    // Outlives the row: a later import of an old list must not bring them back.
    statements.insertOptOut.run(formatOptOutKey(row.email), 'unsubscribed', now);
    return mapFollowerRow({ ...row, status: 'unsubscribed' });
  };

  return {
    addPending(signUp) {
      const emailKey = formatEmailKey(signUp.email);
      const insertValues = [
        signUp.email,
        emailKey,
        signUp.now,
        signUp.confirmHash,
        signUp.confirmExpiresAt,
        signUp.now,
        signUp.unsubscribeNonce,
        signUp.unsubscribeHash,
      ] as const;
      const inserted = statements.insertNewPending.get(...insertValues);
      if (inserted) return 'created';
      return runInTransaction(db, () => {
        const existing = statements.selectByEmail.get(emailKey) as FollowerRow | undefined;
        if (existing?.status === 'confirmed') return 'already-confirmed';
        if (existing?.status === 'pending') {
          const sent = statements.selectConfirmState.get(existing.id) as {
            sentAt: number | null;
            expiresAt: number | null;
          };
          // Mailed a moment ago and the link still works: no second email yet.
          // Only a short while, though: a send lost in a crash (it neither
          // failed nor succeeded) or filed as spam must not lock the address
          // out for the link's whole lifetime.
          const interval = signUp.resendIntervalMs ?? confirmResendIntervalMs;
          if (
            sent.sentAt !== null &&
            sent.sentAt + interval > signUp.now &&
            (sent.expiresAt ?? 0) > signUp.now
          ) {
            return 'already-mailed';
          }
          statements.updatePendingConfirm.run(
            signUp.confirmHash,
            signUp.confirmExpiresAt,
            signUp.now,
            existing.id,
          );
          return 'renewed';
        }
        if (existing) {
          // A past follower signing up again starts over, with new tokens and
          // no deliveries left over from before. Their opt-out stays until
          // they confirm (rows unsubscribed before opt-outs existed get it
          // now), so a sign-up left unconfirmed and purged is still known.
          statements.insertOptOut.run(formatOptOutKey(existing.email), 'unsubscribed', signUp.now);
          statements.deleteQueued.run(existing.id);
          // Its columns are the insert's from created_at on, in the same order.
          statements.restartFollower.run(...insertValues.slice(2), existing.id);
          return 'created';
        }
        // Deleted by another process since the insert above found it.
        statements.insertNewPending.run(...insertValues);
        return 'created';
      });
    },

    markConfirmationUnsent(confirmHash) {
      statements.markConfirmationUnsent.run(confirmHash);
    },

    hasPendingConfirm(confirmHash, now) {
      return statements.selectPendingConfirm.get(confirmHash, now) !== undefined;
    },

    confirm(confirmHash, now, preferences = { delivery: 'instant', categories: null }) {
      return runInTransaction(db, () => {
        const row = statements.confirm.get({
          now,
          hash: confirmHash,
          delivery: preferences.delivery,
          categories: formatCategoriesJson(preferences.categories),
        }) as FollowerRow | undefined;
        if (!row) return null;
        // The address proved again that it reads and wants the mail.
        statements.deleteSuppression.run(formatEmailKey(row.email));
        statements.deleteBounces.run(formatEmailKey(row.email));
        statements.deleteOptOut.run(formatOptOutKey(row.email));
        return mapFollowerRow(row);
      });
    },

    findByUnsubscribeHash(unsubscribeHash) {
      const row = statements.selectByUnsubscribe.get(unsubscribeHash) as FollowerRow | undefined;
      return row ? mapFollowerRow(row) : null;
    },

    findByUnsubscribeNonce(nonce) {
      const row = statements.selectByNonce.get(nonce) as FollowerRow | undefined;
      return row ? mapFollowerRow(row) : null;
    },

    unsubscribe(unsubscribeHash, now) {
      return runInTransaction(db, () => {
        const row = statements.selectByUnsubscribe.get(unsubscribeHash) as FollowerRow | undefined;
        return row ? unsubscribeRow(row, now) : null;
      });
    },

    unsubscribeFollower(followerId, now) {
      return runInTransaction(db, () => {
        const row = statements.selectById.get(followerId) as FollowerRow | undefined;
        return row ? unsubscribeRow(row, now) : null;
      });
    },

    recordSecretCheck(check) {
      statements.upsertSecretCheck.run(check);
    },

    countConfirmed() {
      return (statements.countConfirmed.get() as { n: number }).n;
    },

    purgeExpired(now) {
      return Number(statements.purgeExpired.run(now).changes);
    },
  };
}
