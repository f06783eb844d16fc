/**
 * What notify (notify.ts) needs from the database: the posts already
 * recorded, the delivery ledger, one row per (post, follower), walked
 * `queued` → `handed` → `sent`/`failed` (see notify.ts for why in that order),
 * and the run lock (notify-lock.ts). Every transition names the state it
 * expects the row to be in and reports whether the row was there: a row that
 * another run (or an unsubscribe, a preference change, a removal) changed
 * meanwhile is never moved on, so no row is sent twice even without the lock.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { prepareStatements, runInTransaction } from './database.ts';
import type { DeliveryMode } from './follower.ts';
import { isMailedSql } from './follower.ts';

/** State of one (post, follower) delivery in the ledger. */
export type DeliveryState = 'queued' | 'handed' | 'sent' | 'failed';

/** A delivery still to make, with what the message needs. */
export interface PendingDelivery {
  /** Post id (its permalink). */
  readonly postId: string;
  /** Follower row id. */
  readonly followerId: number;
  /** Recipient address. */
  readonly email: string;
  /** Input of the unsubscribe token. */
  readonly unsubscribeNonce: string;
  /** Attempts made so far (4xx answers and dropped connections). */
  readonly attempts: number;
  /** The follower's delivery mode: `instant` rows go one by one, digest rows together. */
  readonly delivery: DeliveryMode;
}

/**
 * The most recent daily and weekly digest times (milliseconds; see
 * digest-schedule.ts). A digest follower's rows are due once a digest time
 * has passed since their last digest (or since they confirmed or chose it).
 */
export interface DigestSlots {
  /** The latest daily digest time at or before now. */
  readonly daily: number;
  /** The latest weekly digest time at or before now. */
  readonly weekly: number;
}

/** The state a transition expects a row to be in before it moves it. */
export type ExpectedState = 'queued' | 'handed';

/** A delivery left `handed`, for the report. */
export interface InterruptedDelivery {
  /** Post id. */
  readonly postId: string;
  /** Recipient address. */
  readonly email: string;
}

/** Counts of the ledger for one post. */
export type DeliveryCounts = Record<DeliveryState, number>;

/** A post as the ledger records it. */
export interface RecordedPost {
  /** Post id (its permalink). */
  readonly id: string;
  /** Title, for the operator. */
  readonly title: string;
  /** Its categories (the feed's `tags`), matched against followers' choices. */
  readonly categories?: readonly string[];
}

/** Who holds notify's run lock (one row in `run_locks`). */
export interface RunLockHolder {
  /** Random per run: only the run holding this token may refresh or release the lock. */
  readonly token: string;
  /** The holder's process id. */
  readonly pid: number;
  /** The holder's host name (a pid means something only there). */
  readonly host: string;
  /** When the holder took the lock (milliseconds). */
  readonly startedAt: number;
  /** The holder's latest heartbeat (milliseconds). */
  readonly heartbeatAt: number;
}

/** What asking for the run lock gave. */
export type RunLockOutcome =
  | {
      /** The lock is ours now. */
      readonly taken: true;
      /** The lock taken over from a holder that was gone, or null when it was free. */
      readonly replaced: RunLockHolder | null;
    }
  | {
      /** Another run holds it. */
      readonly taken: false;
      /** That run. */
      readonly holder: RunLockHolder;
    };

/** The ledger side of the follower database, as notify uses it. */
export interface DeliveryStore {
  /**
   * Takes notify's run lock for `candidate` in one write transaction: when it
   * is free, or when `mayReplace` says its holder is gone.
   */
  takeRunLock(
    candidate: RunLockHolder,
    mayReplace: (holder: RunLockHolder) => boolean,
  ): RunLockOutcome;
  /** Moves the heartbeat of the lock `token` holds; false when the lock is no longer its. */
  refreshRunLock(token: string, now: number): boolean;
  /** Gives the lock up if `token` still holds it; false when it did not. */
  releaseRunLock(token: string): boolean;
  /** Ids of posts already recorded (announced or existing before the first run). */
  listKnownPostIds(): Set<string>;
  /** True once the first notify run has recorded the site's existing posts. */
  isNotifyInitialised(): boolean;
  /**
   * The check value of the secret the follower service checks links with
   * (`formatSecretCheck`, recorded by the service at start), or null before
   * the service has run.
   */
  readServiceSecretCheck(): string | null;
  /** First run: records posts as already announced without mailing anybody. */
  recordExistingPosts(posts: readonly RecordedPost[], now: number): void;
  /** Records a new post and queues one delivery per follower confirmed right now, atomically. */
  announcePost(post: RecordedPost, now: number): number;
  /**
   * Deliveries still `queued` for mailed followers, post by post in
   * announcement order: every instant follower's, and a digest follower's
   * when a digest time in `slots` has passed since their last digest: the
   * posts announced up to that time (later ones wait for the next digest).
   * None of a digest follower's without `slots`.
   */
  listQueuedDeliveries(slots?: DigestSlots): PendingDelivery[];
  /**
   * Deliveries of mailed followers left `handed` by a run that stopped
   * mid-send (state unknown; re-sent or acknowledged only on request).
   */
  countInterrupted(): number;
  /** Those deliveries, post by post, for the report. */
  listInterrupted(): InterruptedDelivery[];
  /** Puts every interrupted delivery (as counted above) back in the queue; returns how many. */
  requeueInterrupted(now: number): number;
  /**
   * Records every interrupted delivery (as counted above) as `sent` without
   * sending it again: the operator's word that it arrived, or that one copy
   * is not worth the risk of two. Returns them.
   */
  acknowledgeInterrupted(now: number): InterruptedDelivery[];
  /**
   * Settles the `handed` rows of people who are no longer mailed (they left,
   * or were suppressed): nobody will send them again, so they become
   * `failed` with a note saying they may have arrived. Returns them, once.
   */
  settleUnmailedInterrupted(now: number): InterruptedDelivery[];
  /**
   * `queued` → `handed`, with the Message-ID: the message's data is going out
   * and the server may accept it; after this the pair is never sent again on
   * its own. False (nothing changed) when the row is no longer queued.
   */
  markHanded(postId: string, followerId: number, messageId: string, now: number): boolean;
  /** `handed` → `sent`: the server accepted it. False when the row was no longer `handed`. */
  markSent(postId: string, followerId: number, messageId: string, now: number): boolean;
  /** `from` → `failed` (SMTP 5xx). False when the row was no longer in `from`. */
  markFailed(
    postId: string,
    followerId: number,
    from: ExpectedState,
    error: string,
    now: number,
  ): boolean;
  /** `from` → `queued` after a temporary failure (4xx, dropped connection). False as above. */
  markDeferred(
    postId: string,
    followerId: number,
    from: ExpectedState,
    error: string,
    now: number,
  ): boolean;
  /** A digest's data going out: all its rows `queued` → `handed`, or none of them (false). */
  markDigestHanded(
    followerId: number,
    postIds: readonly string[],
    messageId: string,
    now: number,
  ): boolean;
  /** A digest accepted: its rows `handed` → `sent` and the digest clock restarted, or nothing (false). */
  markDigestSent(
    followerId: number,
    postIds: readonly string[],
    messageId: string,
    now: number,
  ): boolean;
  /** A digest refused for good (5xx): its rows `from` → `failed`, or none (false). */
  markDigestFailed(
    followerId: number,
    postIds: readonly string[],
    from: ExpectedState,
    error: string,
    now: number,
  ): boolean;
  /** A digest's temporary failure: its rows `from` → `queued`, or none (false). */
  markDigestDeferred(
    followerId: number,
    postIds: readonly string[],
    from: ExpectedState,
    error: string,
    now: number,
  ): boolean;
  /** Ledger counts for one post. */
  countDeliveries(postId: string): DeliveryCounts;
}

/** An UPDATE of one ledger row from state `:from` to `state`, setting `extra` columns too. */
function formatSetDeliverySql(state: DeliveryState, extra = ''): string {
  return `UPDATE deliveries SET state = '${state}', updated_at = :now ${extra}
       WHERE post_id = :postId AND follower_id = :followerId AND state = :from`;
}

/** The same UPDATE for every row of one digest (post ids as a JSON array). */
function formatSetDigestSql(state: DeliveryState, extra = ''): string {
  return `UPDATE deliveries SET state = '${state}', updated_at = :now ${extra}
       WHERE follower_id = :followerId AND post_id IN (SELECT value FROM json_each(:postIds))
         AND state = :from`;
}

/** Handed rows of followers who are mailed (`true`) or no longer mailed (`false`). */
function formatHandedSql(mailed: boolean): string {
  return `d.state = 'handed'
    AND d.follower_id ${mailed ? 'IN' : 'NOT IN'} (SELECT id FROM followers WHERE ${isMailedSql})`;
}

/** Thrown inside a transaction to roll back a digest transition that did not find all its rows. */
class PartialTransition extends Error {}

/** What the ledger notes on rows nobody will send again although they may have arrived. */
const settledNote = 'cut off mid-send (may have arrived); not resent: no longer a follower';
const acknowledgedNote = 'cut off mid-send; recorded as sent by the operator, not resent';

/** Inserts a post of `kind` after the last one recorded, unless it is already there. */
function formatInsertPostSql(kind: 'existing' | 'announced'): string {
  return `INSERT OR IGNORE INTO posts (id, title, kind, recorded_at, seq, categories)
           VALUES (?, ?, '${kind}', ?, (SELECT coalesce(max(seq), 0) + 1 FROM posts), ?)`;
}

const sql = {
  selectPostIds: 'SELECT id FROM posts',
  selectInitialised: `SELECT 1 FROM meta WHERE key = 'notify_initialised'`,
  selectSecretCheck: `SELECT value FROM meta WHERE key = 'service_secret_check'`,
  insertExistingPost: formatInsertPostSql('existing'),
  insertAnnouncedPost: formatInsertPostSql('announced'),
  // A rerun of the first run moves the mark; announcing keeps the first one.
  replaceInitialised: `INSERT OR REPLACE INTO meta (key, value) VALUES ('notify_initialised', ?)`,
  keepInitialised: `INSERT OR IGNORE INTO meta (key, value) VALUES ('notify_initialised', ?)`,
  // Who gets the post is decided here: mailed followers who want every post
  // or at least one of its categories (both sides lower-cased).
  queueConfirmed: `INSERT INTO deliveries (post_id, follower_id, state, updated_at)
             SELECT :postId, id, 'queued', :now FROM followers WHERE ${isMailedSql}
               AND (categories IS NULL OR EXISTS (
                 SELECT 1 FROM json_each(followers.categories) fc, json_each(:categories) pc
                 WHERE fc.value = lower(pc.value)))`,
  selectQueued: `SELECT d.post_id AS postId, d.follower_id AS followerId, f.email AS email,
             f.unsubscribe_nonce AS unsubscribeNonce, d.attempts AS attempts,
             f.delivery AS delivery
           FROM deliveries d JOIN followers f ON f.id = d.follower_id
           JOIN posts p ON p.id = d.post_id
           WHERE d.state = 'queued' AND f.status = 'confirmed'
             AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email_key = f.email_key)
             AND (f.delivery = 'instant'
               OR (f.delivery = 'daily' AND p.recorded_at <= :daily
                 AND coalesce(f.last_digest_at, f.confirmed_at, 0) < :daily)
               OR (f.delivery = 'weekly' AND p.recorded_at <= :weekly
                 AND coalesce(f.last_digest_at, f.confirmed_at, 0) < :weekly))
           ORDER BY p.seq, d.follower_id`,
  // "Interrupted" is one set everywhere: handed rows of followers still
  // mailed. Counting, listing, resending and acknowledging all mean it, so a
  // row the report names can always be resent or acknowledged.
  countHanded: `SELECT count(*) AS n FROM deliveries d WHERE ${formatHandedSql(true)}`,
  selectHanded: `SELECT d.post_id AS postId, f.email AS email FROM deliveries d
           JOIN followers f ON f.id = d.follower_id JOIN posts p ON p.id = d.post_id
           WHERE ${formatHandedSql(true)} ORDER BY p.seq, d.follower_id`,
  requeueHanded: `UPDATE deliveries AS d SET state = 'queued', updated_at = ?,
             error = 'resent after interruption' WHERE ${formatHandedSql(true)}`,
  acknowledgeHanded: `UPDATE deliveries AS d SET state = 'sent', updated_at = ?,
             error = '${acknowledgedNote}' WHERE ${formatHandedSql(true)}`,
  selectUnmailedHanded: `SELECT d.post_id AS postId, f.email AS email FROM deliveries d
           JOIN followers f ON f.id = d.follower_id JOIN posts p ON p.id = d.post_id
           WHERE ${formatHandedSql(false)} ORDER BY p.seq, d.follower_id`,
  settleUnmailedHanded: `UPDATE deliveries AS d SET state = 'failed', updated_at = ?,
             error = '${settledNote}' WHERE ${formatHandedSql(false)}`,
  updateHanded: formatSetDeliverySql('handed', ', message_id = :messageId'),
  updateSent: formatSetDeliverySql('sent', ', message_id = :messageId, error = NULL'),
  updateFailed: formatSetDeliverySql('failed', ', error = :error, attempts = attempts + 1'),
  updateDeferred: formatSetDeliverySql('queued', ', error = :error, attempts = attempts + 1'),
  updateDigestHanded: formatSetDigestSql('handed', ', message_id = :messageId'),
  updateDigestSent: formatSetDigestSql('sent', ', message_id = :messageId, error = NULL'),
  updateDigestClock: 'UPDATE followers SET last_digest_at = :now WHERE id = :followerId',
  updateDigestFailed: formatSetDigestSql('failed', ', error = :error, attempts = attempts + 1'),
  updateDigestDeferred: formatSetDigestSql('queued', ', error = :error, attempts = attempts + 1'),
  countByState: 'SELECT state, count(*) AS n FROM deliveries WHERE post_id = ? GROUP BY state',
  selectRunLock: `SELECT token, pid, host, started_at AS startedAt, heartbeat_at AS heartbeatAt
           FROM run_locks WHERE name = 'notify'`,
  replaceRunLock: `INSERT OR REPLACE INTO run_locks (name, token, pid, host, started_at, heartbeat_at)
           VALUES ('notify', :token, :pid, :host, :startedAt, :heartbeatAt)`,
  refreshRunLock: `UPDATE run_locks SET heartbeat_at = :now WHERE name = 'notify' AND token = :token`,
  deleteRunLock: `DELETE FROM run_locks WHERE name = 'notify' AND token = ?`,
};

/** The delivery store on an open, migrated database. */
export function createDeliveryStore(db: DatabaseSync): DeliveryStore {
  const statements = prepareStatements(db, sql);

  /** Runs a one-row transition; true when it found the row in the state it expects. */
  function moveOne(
    name: 'updateHanded' | 'updateSent' | 'updateFailed' | 'updateDeferred',
    params: Record<string, SQLInputValue>,
  ): boolean {
    return Number(statements[name].run(params).changes) === 1;
  }

  /**
   * Runs a digest transition, with `also` in the same transaction: every row
   * of `postIds` moves, or none does (false) when any was not in the state
   * the transition expects.
   */
  function moveDigest(
    name: 'updateDigestHanded' | 'updateDigestSent' | 'updateDigestFailed' | 'updateDigestDeferred',
    postIds: readonly string[],
    params: Record<string, SQLInputValue>,
    also: () => void = () => {},
  ): boolean {
    try {
      runInTransaction(db, () => {
        const moved = statements[name].run({ ...params, postIds: JSON.stringify(postIds) });
        if (Number(moved.changes) !== postIds.length) throw new PartialTransition();
        also();
      });
      return true;
    } catch (error) {
      if (error instanceof PartialTransition) return false;
      throw error;
    }
  }

  /** Lists, then moves, a set of handed rows in one transaction, so the list is what moved. */
  function moveHanded(
    select: 'selectHanded' | 'selectUnmailedHanded',
    update: 'acknowledgeHanded' | 'settleUnmailedHanded',
    now: number,
  ): InterruptedDelivery[] {
    return runInTransaction(db, () => {
      const rows = statements[select].all() as unknown as InterruptedDelivery[];
      if (rows.length > 0) statements[update].run(now);
      return rows.map((row) => ({ postId: row.postId, email: row.email }));
    });
  }

  /** A lock row as a plain object. */
  function readRunLock(): RunLockHolder | null {
    const row = statements.selectRunLock.get() as RunLockHolder | undefined;
    return row ? { ...row } : null;
  }

  return {
    takeRunLock(candidate, mayReplace) {
      return runInTransaction(db, () => {
        const current = readRunLock();
        if (current && !mayReplace(current)) return { taken: false, holder: current };
        statements.replaceRunLock.run({ ...candidate });
        return { taken: true, replaced: current };
      });
    },

    refreshRunLock(token, now) {
      return Number(statements.refreshRunLock.run({ token, now }).changes) === 1;
    },

    releaseRunLock(token) {
      return Number(statements.deleteRunLock.run(token).changes) === 1;
    },

    listKnownPostIds() {
      const rows = statements.selectPostIds.all() as { id: string }[];
      return new Set(rows.map((row) => row.id));
    },

    isNotifyInitialised() {
      return statements.selectInitialised.get() !== undefined;
    },

    readServiceSecretCheck() {
      const row = statements.selectSecretCheck.get() as { value: string } | undefined;
      return row?.value ?? null;
    },

    recordExistingPosts(posts, now) {
      runInTransaction(db, () => {
        for (const post of posts) {
          statements.insertExistingPost.run(
            post.id,
            post.title,
            now,
            JSON.stringify(post.categories ?? []),
          );
        }
        statements.replaceInitialised.run(String(now));
      });
    },

    announcePost(post, now) {
      return runInTransaction(db, () => {
        const categories = JSON.stringify(post.categories ?? []);
        const inserted = statements.insertAnnouncedPost.run(post.id, post.title, now, categories);
        statements.keepInitialised.run(String(now));
        if (inserted.changes === 0) return 0;
        // The recipients are fixed here, in the same transaction as the post:
        // whoever is confirmed now gets it, once, however many reruns follow.
        return Number(statements.queueConfirmed.run({ postId: post.id, now, categories }).changes);
      });
    },

    listQueuedDeliveries(slots = { daily: 0, weekly: 0 }) {
      return statements.selectQueued.all({
        daily: slots.daily,
        weekly: slots.weekly,
      }) as unknown as PendingDelivery[];
    },

    countInterrupted() {
      return (statements.countHanded.get() as { n: number }).n;
    },

    listInterrupted() {
      return statements.selectHanded.all() as unknown as InterruptedDelivery[];
    },

    requeueInterrupted(now) {
      return Number(statements.requeueHanded.run(now).changes);
    },

    acknowledgeInterrupted(now) {
      return moveHanded('selectHanded', 'acknowledgeHanded', now);
    },

    settleUnmailedInterrupted(now) {
      return moveHanded('selectUnmailedHanded', 'settleUnmailedHanded', now);
    },

    markHanded(postId, followerId, messageId, now) {
      return moveOne('updateHanded', { postId, followerId, messageId, now, from: 'queued' });
    },

    markSent(postId, followerId, messageId, now) {
      return moveOne('updateSent', { postId, followerId, messageId, now, from: 'handed' });
    },

    markFailed(postId, followerId, from, error, now) {
      return moveOne('updateFailed', { postId, followerId, error, now, from });
    },

    markDeferred(postId, followerId, from, error, now) {
      return moveOne('updateDeferred', { postId, followerId, error, now, from });
    },

    markDigestHanded(followerId, postIds, messageId, now) {
      return moveDigest('updateDigestHanded', postIds, {
        followerId,
        messageId,
        now,
        from: 'queued',
      });
    },

    markDigestSent(followerId, postIds, messageId, now) {
      const params = { followerId, messageId, now, from: 'handed' };
      // The digest clock moves in the same transaction, or not at all.
      return moveDigest('updateDigestSent', postIds, params, () =>
        statements.updateDigestClock.run({ followerId, now }),
      );
    },

    markDigestFailed(followerId, postIds, from, error, now) {
      return moveDigest('updateDigestFailed', postIds, { followerId, error, now, from });
    },

    markDigestDeferred(followerId, postIds, from, error, now) {
      return moveDigest('updateDigestDeferred', postIds, { followerId, error, now, from });
    },

    countDeliveries(postId) {
      const counts: DeliveryCounts = { queued: 0, handed: 0, sent: 0, failed: 0 };
      const rows = statements.countByState.all(postId) as { state: DeliveryState; n: number }[];
      for (const row of rows) counts[row.state] = row.n;
      return counts;
    },
  };
}
