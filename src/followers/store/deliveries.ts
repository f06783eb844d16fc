/**
 * What notify (notify.ts) needs from the database: the posts already
 * recorded and the delivery ledger, one row per (post, follower), walked
 * `queued` → `handed` → `sent`/`failed` (see notify.ts for why in that order).
 */
import type { DatabaseSync } from 'node:sqlite';
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

/** The ledger side of the follower database, as notify uses it. */
export interface DeliveryStore {
  /** Ids of posts already recorded (announced or existing before the first run). */
  listKnownPostIds(): Set<string>;
  /** True once the first notify run has recorded the site's existing posts. */
  isNotifyInitialised(): boolean;
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
  /** Deliveries left `handed` by a run that stopped mid-send (state unknown; re-sent only on request). */
  countInterrupted(): number;
  /** Those deliveries, post by post, for the report. */
  listInterrupted(): InterruptedDelivery[];
  /** Puts every `handed` delivery of a confirmed follower back in the queue; returns how many. */
  requeueInterrupted(now: number): number;
  /** Marks the message's end as handed to SMTP; after this the pair is never sent again. */
  markHanded(postId: string, followerId: number, now: number): void;
  /** Marks a delivery accepted by the SMTP server. */
  markSent(postId: string, followerId: number, messageId: string, now: number): void;
  /** Marks a delivery permanently failed (SMTP 5xx). */
  markFailed(postId: string, followerId: number, error: string, now: number): void;
  /** Puts a delivery back in the queue after a temporary failure (4xx, dropped connection). */
  markDeferred(postId: string, followerId: number, error: string, now: number): void;
  /** A digest's end handed to SMTP: all its rows `handed`, in one statement. */
  markDigestHanded(followerId: number, postIds: readonly string[], now: number): void;
  /** A digest accepted: its rows `sent` and the follower's digest clock restarted, atomically. */
  markDigestSent(
    followerId: number,
    postIds: readonly string[],
    messageId: string,
    now: number,
  ): void;
  /** A digest refused for good (5xx): its rows `failed`. */
  markDigestFailed(
    followerId: number,
    postIds: readonly string[],
    error: string,
    now: number,
  ): void;
  /** A digest's temporary failure: its rows back to `queued`. */
  markDigestDeferred(
    followerId: number,
    postIds: readonly string[],
    error: string,
    now: number,
  ): void;
  /** Ledger counts for one post. */
  countDeliveries(postId: string): DeliveryCounts;
}

/** An UPDATE of one ledger row to `state`, setting `extra` columns too. */
function formatSetDeliverySql(state: DeliveryState, extra = ''): string {
  return `UPDATE deliveries SET state = '${state}', updated_at = :now ${extra}
       WHERE post_id = :postId AND follower_id = :followerId`;
}

/** The same UPDATE for every row of one digest (post ids as a JSON array). */
function formatSetDigestSql(state: DeliveryState, extra = ''): string {
  return `UPDATE deliveries SET state = '${state}', updated_at = :now ${extra}
       WHERE follower_id = :followerId AND post_id IN (SELECT value FROM json_each(:postIds))`;
}

/** Inserts a post of `kind` after the last one recorded, unless it is already there. */
function formatInsertPostSql(kind: 'existing' | 'announced'): string {
  return `INSERT OR IGNORE INTO posts (id, title, kind, recorded_at, seq, categories)
           VALUES (?, ?, '${kind}', ?, (SELECT coalesce(max(seq), 0) + 1 FROM posts), ?)`;
}

const sql = {
  selectPostIds: 'SELECT id FROM posts',
  selectInitialised: `SELECT 1 FROM meta WHERE key = 'notify_initialised'`,
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
  countHanded: `SELECT count(*) AS n FROM deliveries WHERE state = 'handed'`,
  selectHanded: `SELECT d.post_id AS postId, f.email AS email FROM deliveries d
           JOIN followers f ON f.id = d.follower_id JOIN posts p ON p.id = d.post_id
           WHERE d.state = 'handed' ORDER BY p.seq, d.follower_id`,
  requeueHanded: `UPDATE deliveries SET state = 'queued', updated_at = ?, error = 'resent after interruption'
           WHERE state = 'handed'
             AND follower_id IN (SELECT id FROM followers WHERE status = 'confirmed')`,
  updateHanded: formatSetDeliverySql('handed'),
  updateSent: formatSetDeliverySql('sent', ', message_id = :messageId, error = NULL'),
  updateFailed: formatSetDeliverySql('failed', ', error = :error, attempts = attempts + 1'),
  updateDeferred: formatSetDeliverySql('queued', ', error = :error, attempts = attempts + 1'),
  updateDigestHanded: formatSetDigestSql('handed'),
  updateDigestSent: formatSetDigestSql('sent', ', message_id = :messageId, error = NULL'),
  updateDigestClock: 'UPDATE followers SET last_digest_at = :now WHERE id = :followerId',
  updateDigestFailed: formatSetDigestSql('failed', ', error = :error, attempts = attempts + 1'),
  updateDigestDeferred: formatSetDigestSql('queued', ', error = :error, attempts = attempts + 1'),
  countByState: 'SELECT state, count(*) AS n FROM deliveries WHERE post_id = ? GROUP BY state',
};

/** The delivery store on an open, migrated database. */
export function createDeliveryStore(db: DatabaseSync): DeliveryStore {
  const statements = prepareStatements(db, sql);
  return {
    listKnownPostIds() {
      const rows = statements.selectPostIds.all() as { id: string }[];
      return new Set(rows.map((row) => row.id));
    },

    isNotifyInitialised() {
      return statements.selectInitialised.get() !== undefined;
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

    markHanded(postId, followerId, now) {
      statements.updateHanded.run({ postId, followerId, now });
    },

    markSent(postId, followerId, messageId, now) {
      statements.updateSent.run({ postId, followerId, messageId, now });
    },

    markFailed(postId, followerId, error, now) {
      statements.updateFailed.run({ postId, followerId, error, now });
    },

    markDeferred(postId, followerId, error, now) {
      statements.updateDeferred.run({ postId, followerId, error, now });
    },

    markDigestHanded(followerId, postIds, now) {
      statements.updateDigestHanded.run({ followerId, postIds: JSON.stringify(postIds), now });
    },

    markDigestSent(followerId, postIds, messageId, now) {
      runInTransaction(db, () => {
        const ids = JSON.stringify(postIds);
        statements.updateDigestSent.run({ followerId, postIds: ids, messageId, now });
        statements.updateDigestClock.run({ followerId, now });
      });
    },

    markDigestFailed(followerId, postIds, error, now) {
      statements.updateDigestFailed.run({
        followerId,
        postIds: JSON.stringify(postIds),
        error,
        now,
      });
    },

    markDigestDeferred(followerId, postIds, error, now) {
      const ids = JSON.stringify(postIds);
      statements.updateDigestDeferred.run({ followerId, postIds: ids, error, now });
    },

    countDeliveries(postId) {
      const counts: DeliveryCounts = { queued: 0, handed: 0, sent: 0, failed: 0 };
      const rows = statements.countByState.all(postId) as { state: DeliveryState; n: number }[];
      for (const row of rows) counts[row.state] = row.n;
      return counts;
    },
  };
}
