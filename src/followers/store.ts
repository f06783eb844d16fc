/**
 * The follower database on `node:sqlite`: followers, the posts already
 * announced, and the delivery ledger keyed by (post, follower). One file,
 * WAL mode, schema versioned by `PRAGMA user_version`, every multi-row change
 * in a transaction. Token values never reach it: only their hashes.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** Where a follower stands. */
export type FollowerStatus = 'pending' | 'confirmed' | 'unsubscribed';

/** One row of `followers`, as the service uses it. */
export interface Follower {
  /** Row id; the ledger refers to it. */
  readonly id: number;
  /** The address as first typed (domain lower-cased); mail goes here. Unique regardless of case. */
  readonly email: string;
  /** Where the sign-up stands. */
  readonly status: FollowerStatus;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** When the address confirmed, if it did. */
  readonly confirmedAt: number | null;
  /** Random value the unsubscribe token is derived from (with the secret). */
  readonly unsubscribeNonce: string;
}

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

/** Counts of the ledger for one post. */
export type DeliveryCounts = Record<DeliveryState, number>;

/**
 * What `addPending` did, so the app knows whether to send a confirmation:
 * `created` and `renewed` need one; `already-mailed` (a pending address whose
 * link, already sent, still works) and `already-confirmed` get nothing.
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
}

/** The follower store the app, notifier and operator script share. */
export interface FollowerStore {
  /**
   * Records a sign-up, or renews an unconfirmed one whose link expired or was
   * never sent; leaves a pending one with a live, sent link and a confirmed
   * follower as they are.
   */
  addPending(signUp: PendingSignUp): SubscribeOutcome;
  /** The confirmation with this hash could not be sent: the next sign-up may send one. */
  markConfirmationUnsent(confirmHash: string): void;
  /** True when this confirm token hash belongs to an unexpired pending sign-up. Changes nothing. */
  hasPendingConfirm(confirmHash: string, now: number): boolean;
  /** Confirms the sign-up holding this token hash; the token is used up. Null when unknown or expired. */
  confirm(confirmHash: string, now: number): Follower | null;
  /** The follower an unsubscribe token hash belongs to. Changes nothing. */
  findByUnsubscribeHash(unsubscribeHash: string): Follower | null;
  /** Unsubscribes the follower holding this token hash and drops their queued deliveries; repeating it is harmless. */
  unsubscribe(unsubscribeHash: string, now: number): Follower | null;
  /** Confirmed followers right now. */
  countConfirmed(): number;
  /** Every follower, oldest first. */
  listFollowers(): Follower[];
  /** Deletes a follower (any spelling of the address) and their ledger rows; false when unknown. */
  removeFollower(email: string): boolean;
  /** Deletes unconfirmed sign-ups whose confirm link has expired; returns how many. */
  purgeExpired(now: number): number;
  /** Ids of posts already recorded (announced or existing before the first run). */
  listKnownPostIds(): Set<string>;
  /** True once the first notify run has recorded the site's existing posts. */
  isNotifyInitialised(): boolean;
  /** First run: records posts as already announced without mailing anybody. */
  recordExistingPosts(posts: readonly { id: string; title: string }[], now: number): void;
  /** Records a new post and queues one delivery per follower confirmed right now, atomically. */
  announcePost(post: { id: string; title: string }, now: number): number;
  /** Deliveries still `queued`, for confirmed followers, post by post in announcement order. */
  listQueuedDeliveries(): PendingDelivery[];
  /** Deliveries left `handed` by a run that stopped mid-send (state unknown; re-sent only on request). */
  countInterrupted(): number;
  /** Those deliveries, post by post, for the report. */
  listInterrupted(): { postId: string; email: string }[];
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
  /** Closes the database. */
  close(): void;
}

/** Schema migrations, applied in order; `user_version` records how many ran (exported for tests). */
export const followerMigrations: readonly string[] = [
  `CREATE TABLE followers (
     id INTEGER PRIMARY KEY,
     email TEXT NOT NULL UNIQUE,
     status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
     created_at INTEGER NOT NULL,
     confirmed_at INTEGER,
     unsubscribed_at INTEGER,
     confirm_hash TEXT UNIQUE,
     confirm_expires_at INTEGER,
     unsubscribe_nonce TEXT NOT NULL,
     unsubscribe_hash TEXT NOT NULL UNIQUE
   );
   CREATE INDEX followers_status ON followers (status);
   CREATE TABLE posts (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('existing', 'announced')),
     recorded_at INTEGER NOT NULL,
     seq INTEGER NOT NULL
   );
   CREATE TABLE deliveries (
     post_id TEXT NOT NULL REFERENCES posts (id),
     follower_id INTEGER NOT NULL REFERENCES followers (id) ON DELETE CASCADE,
     state TEXT NOT NULL CHECK (state IN ('queued', 'handed', 'sent', 'failed')),
     attempts INTEGER NOT NULL DEFAULT 0,
     message_id TEXT,
     error TEXT,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (post_id, follower_id)
   ) WITHOUT ROWID;
   CREATE INDEX deliveries_state ON deliveries (state);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // 2: addresses are unique regardless of case ("Foo@x.com" is "foo@x.com"
  // to every real mailbox provider). Existing duplicates keep the earliest
  // confirmed row (else the earliest sign-up); a queued delivery is dropped when another spelling of the
  // same address already had that post, so nobody gets it twice.
  `ALTER TABLE followers ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
   UPDATE followers SET email_key = lower(email);
   DELETE FROM deliveries WHERE state = 'queued' AND EXISTS (
     SELECT 1 FROM deliveries other
     JOIN followers them ON them.id = other.follower_id
     JOIN followers me ON me.id = deliveries.follower_id
     WHERE other.post_id = deliveries.post_id AND them.email_key = me.email_key
       AND them.id != me.id AND other.state IN ('handed', 'sent'));
   DELETE FROM followers WHERE id IN (
     SELECT id FROM (
       SELECT id, row_number() OVER (
         PARTITION BY email_key
         ORDER BY status = 'confirmed' DESC,
           CASE WHEN status = 'confirmed' THEN confirmed_at END, created_at, id
       ) AS rank FROM followers
     ) WHERE rank > 1);
   CREATE UNIQUE INDEX followers_email_key ON followers (email_key);`,
  // 3: deliveries still queued for someone no longer confirmed are dropped, so
  // a person who leaves and comes back gets only posts announced after that.
  `DELETE FROM deliveries WHERE state = 'queued'
     AND follower_id IN (SELECT id FROM followers WHERE status != 'confirmed');`,
  // 4: when the confirmation email went out, so a pending address gets one
  // email per link lifetime however often it is entered (and across restarts).
  // Old pending rows are taken as mailed when they were created.
  `ALTER TABLE followers ADD COLUMN confirm_sent_at INTEGER;
   UPDATE followers SET confirm_sent_at = created_at WHERE status = 'pending';`,
];

/** The key an address is unique by: lower-cased (addresses are ASCII here). */
function formatEmailKey(email: string): string {
  return email.toLowerCase();
}

interface FollowerRow {
  id: number;
  email: string;
  status: FollowerStatus;
  created_at: number;
  confirmed_at: number | null;
  unsubscribe_nonce: string;
}

/** Turns a database row into a `Follower`. */
function toFollower(row: FollowerRow): Follower {
  return {
    id: row.id,
    email: row.email,
    status: row.status,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    unsubscribeNonce: row.unsubscribe_nonce,
  };
}

/** Brings an open database up to the newest schema, one transaction per step. */
function migrateDatabase(db: DatabaseSync): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as {
    user_version: number;
  };
  for (let step = version; step < followerMigrations.length; step += 1) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(followerMigrations[step] as string);
      db.exec(`PRAGMA user_version = ${step + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`Follower database migration ${step + 1} failed`, { cause: error });
    }
  }
}

/**
 * Opens (creating if needed) the follower database at `path` (`:memory:` for
 * tests). `synchronous = NORMAL` in WAL mode survives a killed process, which
 * is the crash notify must survive; a power cut may lose the last commits.
 */
export function openFollowerStore(path: string): FollowerStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path, { timeout: 5_000 });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  migrateDatabase(db);

  /** Runs `work` in one write transaction. */
  function runTransaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  const followerColumns = 'id, email, status, created_at, confirmed_at, unsubscribe_nonce';
  const selectByEmail = db.prepare(`SELECT ${followerColumns} FROM followers WHERE email_key = ?`);
  const selectByUnsubscribe = db.prepare(
    `SELECT ${followerColumns} FROM followers WHERE unsubscribe_hash = ?`,
  );
  // Sign-up statements are prepared once: compiling SQL on every request cost
  // as much as running it.
  const selectConfirmState = db.prepare(
    'SELECT confirm_sent_at AS sentAt, confirm_expires_at AS expiresAt FROM followers WHERE id = ?',
  );
  const updatePendingConfirm = db.prepare(
    `UPDATE followers SET confirm_hash = ?, confirm_expires_at = ?, confirm_sent_at = ?
     WHERE id = ?`,
  );
  const restartFollower = db.prepare(
    `UPDATE followers SET status = 'pending', created_at = ?, confirmed_at = NULL,
       unsubscribed_at = NULL, confirm_hash = ?, confirm_expires_at = ?, confirm_sent_at = ?,
       unsubscribe_nonce = ?, unsubscribe_hash = ? WHERE id = ?`,
  );
  // A new address, the usual sign-up, in one statement: it commits on its
  // own, so the common case skips BEGIN/COMMIT and the lookup; any existing
  // row (whatever its state) leaves it untouched and takes the transaction below.
  const insertNewPending = db.prepare(
    `INSERT INTO followers (email, email_key, status, created_at, confirm_hash,
       confirm_expires_at, confirm_sent_at, unsubscribe_nonce, unsubscribe_hash)
       VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?)
       ON CONFLICT (email_key) DO NOTHING RETURNING id`,
  );
  const deleteQueued = db.prepare(
    `DELETE FROM deliveries WHERE follower_id = ? AND state = 'queued'`,
  );
  const setDelivery = (state: DeliveryState, extra = '') =>
    db.prepare(
      `UPDATE deliveries SET state = '${state}', updated_at = :now ${extra}
       WHERE post_id = :postId AND follower_id = :followerId`,
    );
  const updateHanded = setDelivery('handed');
  const updateSent = setDelivery('sent', ', message_id = :messageId, error = NULL');
  const updateFailed = setDelivery('failed', ', error = :error, attempts = attempts + 1');
  const updateDeferred = setDelivery('queued', ', error = :error, attempts = attempts + 1');

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
      const inserted = insertNewPending.get(...insertValues);
      if (inserted) return 'created';
      return runTransaction(() => {
        const existing = selectByEmail.get(emailKey) as FollowerRow | undefined;
        if (existing?.status === 'confirmed') return 'already-confirmed';
        if (existing?.status === 'pending') {
          const sent = selectConfirmState.get(existing.id) as {
            sentAt: number | null;
            expiresAt: number | null;
          };
          // The link already sent still works: "never mailed anything but the
          // one confirmation" means no second one until it expires.
          if (sent.sentAt !== null && (sent.expiresAt ?? 0) > signUp.now) return 'already-mailed';
          updatePendingConfirm.run(
            signUp.confirmHash,
            signUp.confirmExpiresAt,
            signUp.now,
            existing.id,
          );
          return 'renewed';
        }
        if (existing) {
          // A past follower signing up again starts over, with new tokens and
          // no deliveries left over from before.
          deleteQueued.run(existing.id);
          restartFollower.run(
            signUp.now,
            signUp.confirmHash,
            signUp.confirmExpiresAt,
            signUp.now,
            signUp.unsubscribeNonce,
            signUp.unsubscribeHash,
            existing.id,
          );
          return 'created';
        }
        // Deleted by another process since the insert above found it.
        insertNewPending.run(...insertValues);
        return 'created';
      });
    },

    markConfirmationUnsent(confirmHash) {
      db.prepare('UPDATE followers SET confirm_sent_at = NULL WHERE confirm_hash = ?').run(
        confirmHash,
      );
    },

    hasPendingConfirm(confirmHash, now) {
      const row = db
        .prepare(
          `SELECT 1 FROM followers WHERE confirm_hash = ? AND status = 'pending'
           AND confirm_expires_at > ?`,
        )
        .get(confirmHash, now);
      return row !== undefined;
    },

    confirm(confirmHash, now) {
      return runTransaction(() => {
        const row = db
          .prepare(
            `UPDATE followers SET status = 'confirmed', confirmed_at = ?, confirm_hash = NULL,
               confirm_expires_at = NULL
             WHERE confirm_hash = ? AND status = 'pending' AND confirm_expires_at > ?
             RETURNING ${followerColumns}`,
          )
          .get(now, confirmHash, now) as FollowerRow | undefined;
        return row ? toFollower(row) : null;
      });
    },

    findByUnsubscribeHash(unsubscribeHash) {
      const row = selectByUnsubscribe.get(unsubscribeHash) as FollowerRow | undefined;
      return row ? toFollower(row) : null;
    },

    unsubscribe(unsubscribeHash, now) {
      return runTransaction(() => {
        const row = selectByUnsubscribe.get(unsubscribeHash) as FollowerRow | undefined;
        if (!row) return null;
        if (row.status !== 'unsubscribed') {
          db.prepare(
            `UPDATE followers SET status = 'unsubscribed', unsubscribed_at = ?, confirm_hash = NULL,
               confirm_expires_at = NULL WHERE id = ?`,
          ).run(now, row.id);
        }
        // Posts not yet mailed are not owed any more: if they come back they
        // get only what is announced after they confirm again.
        deleteQueued.run(row.id);
        return toFollower({ ...row, status: 'unsubscribed' });
      });
    },

    countConfirmed() {
      const row = db
        .prepare(`SELECT count(*) AS n FROM followers WHERE status = 'confirmed'`)
        .get() as { n: number };
      return row.n;
    },

    listFollowers() {
      const rows = db
        .prepare(`SELECT ${followerColumns} FROM followers ORDER BY created_at, id`)
        .all() as unknown as FollowerRow[];
      return rows.map(toFollower);
    },

    removeFollower(email) {
      const result = db
        .prepare('DELETE FROM followers WHERE email_key = ?')
        .run(formatEmailKey(email));
      return result.changes > 0;
    },

    purgeExpired(now) {
      const result = db
        .prepare(`DELETE FROM followers WHERE status = 'pending' AND confirm_expires_at <= ?`)
        .run(now);
      return Number(result.changes);
    },

    listKnownPostIds() {
      const rows = db.prepare('SELECT id FROM posts').all() as { id: string }[];
      return new Set(rows.map((row) => row.id));
    },

    isNotifyInitialised() {
      return db.prepare(`SELECT 1 FROM meta WHERE key = 'notify_initialised'`).get() !== undefined;
    },

    recordExistingPosts(posts, now) {
      runTransaction(() => {
        const insert = db.prepare(
          `INSERT OR IGNORE INTO posts (id, title, kind, recorded_at, seq)
           VALUES (?, ?, 'existing', ?, (SELECT coalesce(max(seq), 0) + 1 FROM posts))`,
        );
        for (const post of posts) insert.run(post.id, post.title, now);
        db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('notify_initialised', ?)`).run(
          String(now),
        );
      });
    },

    announcePost(post, now) {
      return runTransaction(() => {
        const inserted = db
          .prepare(
            `INSERT OR IGNORE INTO posts (id, title, kind, recorded_at, seq)
             VALUES (?, ?, 'announced', ?, (SELECT coalesce(max(seq), 0) + 1 FROM posts))`,
          )
          .run(post.id, post.title, now);
        db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('notify_initialised', ?)`).run(
          String(now),
        );
        if (inserted.changes === 0) return 0;
        // The recipients are fixed here, in the same transaction as the post:
        // whoever is confirmed now gets it, once, however many reruns follow.
        const queued = db
          .prepare(
            `INSERT INTO deliveries (post_id, follower_id, state, updated_at)
             SELECT ?, id, 'queued', ? FROM followers WHERE status = 'confirmed'`,
          )
          .run(post.id, now);
        return Number(queued.changes);
      });
    },

    listQueuedDeliveries() {
      const rows = db
        .prepare(
          `SELECT d.post_id AS postId, d.follower_id AS followerId, f.email AS email,
             f.unsubscribe_nonce AS unsubscribeNonce, d.attempts AS attempts
           FROM deliveries d JOIN followers f ON f.id = d.follower_id
           JOIN posts p ON p.id = d.post_id
           WHERE d.state = 'queued' AND f.status = 'confirmed'
           ORDER BY p.seq, d.follower_id`,
        )
        .all() as unknown as PendingDelivery[];
      return rows;
    },

    countInterrupted() {
      const row = db
        .prepare(`SELECT count(*) AS n FROM deliveries WHERE state = 'handed'`)
        .get() as { n: number };
      return row.n;
    },

    listInterrupted() {
      return db
        .prepare(
          `SELECT d.post_id AS postId, f.email AS email FROM deliveries d
           JOIN followers f ON f.id = d.follower_id JOIN posts p ON p.id = d.post_id
           WHERE d.state = 'handed' ORDER BY p.seq, d.follower_id`,
        )
        .all() as unknown as { postId: string; email: string }[];
    },

    requeueInterrupted(now) {
      const result = db
        .prepare(
          `UPDATE deliveries SET state = 'queued', updated_at = ?, error = 'resent after interruption'
           WHERE state = 'handed'
             AND follower_id IN (SELECT id FROM followers WHERE status = 'confirmed')`,
        )
        .run(now);
      return Number(result.changes);
    },

    markHanded(postId, followerId, now) {
      updateHanded.run({ postId, followerId, now });
    },

    markSent(postId, followerId, messageId, now) {
      updateSent.run({ postId, followerId, messageId, now });
    },

    markFailed(postId, followerId, error, now) {
      updateFailed.run({ postId, followerId, error, now });
    },

    markDeferred(postId, followerId, error, now) {
      updateDeferred.run({ postId, followerId, error, now });
    },

    countDeliveries(postId) {
      const counts: DeliveryCounts = { queued: 0, handed: 0, sent: 0, failed: 0 };
      const rows = db
        .prepare('SELECT state, count(*) AS n FROM deliveries WHERE post_id = ? GROUP BY state')
        .all(postId) as { state: DeliveryState; n: number }[];
      for (const row of rows) counts[row.state] = row.n;
      return counts;
    },

    close() {
      db.close();
    },
  };
}
