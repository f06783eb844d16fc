/**
 * What notify (notify.ts) needs from the database: the posts already
 * recorded and the delivery ledger, one row per (post, follower), walked
 * `queued` → `handed` → `sent`/`failed` (see notify.ts for why in that order).
 */
import type { DatabaseSync } from 'node:sqlite';
import { prepareStatements, runInTransaction } from './database.ts';

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
  /** Deliveries still `queued`, for confirmed followers, post by post in announcement order. */
  listQueuedDeliveries(): PendingDelivery[];
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
  /** Ledger counts for one post. */
  countDeliveries(postId: string): DeliveryCounts;
}

/** An UPDATE of one ledger row to `state`, setting `extra` columns too. */
function formatSetDeliverySql(state: DeliveryState, extra = ''): string {
  return `UPDATE deliveries SET state = '${state}', updated_at = :now ${extra}
       WHERE post_id = :postId AND follower_id = :followerId`;
}

/** Inserts a post of `kind` after the last one recorded, unless it is already there. */
function formatInsertPostSql(kind: 'existing' | 'announced'): string {
  return `INSERT OR IGNORE INTO posts (id, title, kind, recorded_at, seq)
           VALUES (?, ?, '${kind}', ?, (SELECT coalesce(max(seq), 0) + 1 FROM posts))`;
}

const sql = {
  selectPostIds: 'SELECT id FROM posts',
  selectInitialised: `SELECT 1 FROM meta WHERE key = 'notify_initialised'`,
  insertExistingPost: formatInsertPostSql('existing'),
  insertAnnouncedPost: formatInsertPostSql('announced'),
  // A rerun of the first run moves the mark; announcing keeps the first one.
  replaceInitialised: `INSERT OR REPLACE INTO meta (key, value) VALUES ('notify_initialised', ?)`,
  keepInitialised: `INSERT OR IGNORE INTO meta (key, value) VALUES ('notify_initialised', ?)`,
  queueConfirmed: `INSERT INTO deliveries (post_id, follower_id, state, updated_at)
             SELECT ?, id, 'queued', ? FROM followers WHERE status = 'confirmed'`,
  selectQueued: `SELECT d.post_id AS postId, d.follower_id AS followerId, f.email AS email,
             f.unsubscribe_nonce AS unsubscribeNonce, d.attempts AS attempts
           FROM deliveries d JOIN followers f ON f.id = d.follower_id
           JOIN posts p ON p.id = d.post_id
           WHERE d.state = 'queued' AND f.status = 'confirmed'
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
        for (const post of posts) statements.insertExistingPost.run(post.id, post.title, now);
        statements.replaceInitialised.run(String(now));
      });
    },

    announcePost(post, now) {
      return runInTransaction(db, () => {
        const inserted = statements.insertAnnouncedPost.run(post.id, post.title, now);
        statements.keepInitialised.run(String(now));
        if (inserted.changes === 0) return 0;
        // The recipients are fixed here, in the same transaction as the post:
        // whoever is confirmed now gets it, once, however many reruns follow.
        return Number(statements.queueConfirmed.run(post.id, now).changes);
      });
    },

    listQueuedDeliveries() {
      return statements.selectQueued.all() as unknown as PendingDelivery[];
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

    countDeliveries(postId) {
      const counts: DeliveryCounts = { queued: 0, handed: 0, sent: 0, failed: 0 };
      const rows = statements.countByState.all(postId) as { state: DeliveryState; n: number }[];
      for (const row of rows) counts[row.state] = row.n;
      return counts;
    },
  };
}
