import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  listFollowerMigrations,
  migrateFollowerDatabase,
} from '../../../src/followers/store/database.ts';
import { importFollowerCsv } from '../../../src/followers/import-csv.ts';
import { openFollowerStore } from '../../../src/followers/store/index.ts';
import { makeDbPath, makeSignUp, removeDbPaths } from '../../support/follower-fixtures.ts';

/** A raw database file at `path` with only the first `steps` migrations applied. */
function createOldDatabase(path: string, steps: number): DatabaseSync {
  mkdirSync(dirname(path), { recursive: true });
  const raw = new DatabaseSync(path);
  migrateFollowerDatabase(raw, listFollowerMigrations().slice(0, steps));
  return raw;
}

describe('opening', () => {
  afterEach(removeDbPaths);

  test('creates the file in WAL mode with the schema, and reopens it without migrating twice', () => {
    const path = makeDbPath();
    const store = openFollowerStore(path);
    store.signUps.addPending(makeSignUp('a@example.com'));
    store.close();
    const raw = new DatabaseSync(path);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(raw.prepare('PRAGMA user_version').get()).toEqual({
      user_version: listFollowerMigrations().length,
    });
    raw.close();
    const reopened = openFollowerStore(path);
    expect(reopened.operator.listFollowers().map((f) => f.email)).toEqual(['a@example.com']);
    reopened.close();
  });

  test('migrating drops deliveries still queued for people who had unsubscribed', () => {
    const path = makeDbPath();
    const raw = createOldDatabase(path, 2);
    raw.exec(`INSERT INTO followers (id, email, email_key, status, created_at, unsubscribe_nonce,
      unsubscribe_hash) VALUES (1, 'a@example.com', 'a@example.com', 'unsubscribed', 1, 'n', 'u'),
      (2, 'b@example.com', 'b@example.com', 'confirmed', 1, 'n2', 'u2')`);
    raw.exec(`INSERT INTO posts VALUES ('p1', 'P1', 'announced', 1000, 1)`);
    raw.exec(`INSERT INTO deliveries (post_id, follower_id, state, updated_at) VALUES
      ('p1', 1, 'queued', 1000), ('p1', 2, 'queued', 1000)`);
    raw.close();
    const store = openFollowerStore(path);
    expect(store.deliveries.countDeliveries('p1')).toEqual({
      queued: 1,
      handed: 0,
      sent: 0,
      failed: 0,
    });
    store.close();
  });
});

describe('a database from before opt-outs and trusted reports', () => {
  afterEach(removeDbPaths);

  test('its bounce events still count, and its unsubscribed rows stay out of imports once removed or purged', () => {
    const path = makeDbPath();
    const before = listFollowerMigrations().findIndex((m) =>
      m.name.includes('opt-outs-and-trusted-reports'),
    );
    expect(before).toBeGreaterThan(0);
    const raw = createOldDatabase(path, before);
    raw.exec(`INSERT INTO followers (id, email, email_key, status, created_at, confirmed_at,
        unsubscribed_at, unsubscribe_nonce, unsubscribe_hash) VALUES
      (1, 'a@example.com', 'a@example.com', 'confirmed', 1, 1, NULL, 'n1', 'u1'),
      (2, 'Left@example.com', 'left@example.com', 'unsubscribed', 1, 1, 5, 'n2', 'u2'),
      (3, 'back@example.com', 'back@example.com', 'unsubscribed', 1, 1, 5, 'n3', 'u3')`);
    raw.exec(`INSERT INTO bounce_events (email_key, kind, status, detail, at)
      VALUES ('a@example.com', 'hard', '5.7.1', 'blocked', 1000)`);
    raw.close();
    const store = openFollowerStore(path);
    try {
      const event = { email: 'a@example.com', kind: 'hard' as const, status: '5.7.1' };
      // The bounce recorded before is the first strike; this one the second.
      expect(
        store.bounces.recordReport('r2', [{ ...event, detail: null, at: 2000 }], 2000),
      ).toEqual(['a@example.com']);
      const options = {
        store: store.imports,
        secret: 'a-secret-a-secret-a-secret-a-secret-0000',
        source: 'WordPress.com',
        dryRun: false,
        now: 3000,
      };
      expect(importFollowerCsv('email\nleft@example.com\n', options)).toMatchObject({
        imported: 0,
        unsubscribed: 1,
      });
      expect(store.operator.removeFollower('left@example.com', 3000)).toBe(true);
      // One who left before opt-outs existed signs up again, never confirms, and is purged.
      expect(store.signUps.addPending(makeSignUp('back@example.com', 3000))).toBe('created');
      expect(store.signUps.purgeExpired(4000)).toBe(1);
      expect(
        importFollowerCsv('email\nleft@example.com\nback@example.com\n', options),
      ).toMatchObject({ imported: 0, unsubscribed: 2 });
    } finally {
      store.close();
    }
  });
});

describe('the migration files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'followers-migrations-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('are numbered 1, 2, 3… with names, in order', () => {
    const migrations = listFollowerMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_m, i) => i + 1));
    for (const migration of migrations) expect(migration.name).toMatch(/^\d{3}-[a-z0-9-]+\.sql$/);
  });

  test.each([
    [['001-a.sql', '003-c.sql'], 'must be numbered 1, 2, 3'],
    [['001-a.sql', '001-b.sql'], 'must be numbered 1, 2, 3'],
    [['1st.sql'], 'must be named NNN-name.sql'],
  ])('%j is refused', (names, message) => {
    const folder = mkdtempSync(join(dir, 'case-'));
    for (const name of names) writeFileSync(join(folder, name), 'SELECT 1;');
    expect(() => listFollowerMigrations(folder)).toThrow(message);
  });

  test('a failing step is rolled back and named; the steps before it stay', () => {
    const folder = mkdtempSync(join(dir, 'failing-'));
    writeFileSync(join(folder, '001-table.sql'), 'CREATE TABLE t (x INTEGER);');
    writeFileSync(join(folder, '002-broken.sql'), 'INSERT INTO t VALUES (1); SELECT nonsense(;');
    const db = new DatabaseSync(':memory:');
    expect(() => migrateFollowerDatabase(db, listFollowerMigrations(folder))).toThrow(
      'Follower database migration 2 failed',
    );
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('a database made by the oldest schema (migration 1) migrates to the newest', () => {
  let dir: string;
  let path: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'followers-oldest-'));
    path = join(dir, 'followers.sqlite');
    const raw = createOldDatabase(path, 1);
    const insert = raw.prepare(
      `INSERT INTO followers (id, email, status, created_at, confirmed_at, unsubscribed_at,
         confirm_hash, confirm_expires_at, unsubscribe_nonce, unsubscribe_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // [id, email, status, created, confirmed, unsubscribed, pending link expiry]
    const rows: [number, string, string, number, number | null, number | null, number | null][] = [
      [1, 'Dup@example.com', 'pending', 100, null, null, 9_000],
      [2, 'dup@example.com', 'confirmed', 200, 300, null, null],
      [3, 'DUP@example.com', 'confirmed', 250, 400, null, null],
      [4, 'solo@example.com', 'confirmed', 100, 150, null, null],
      [5, 'Gone@example.com', 'unsubscribed', 100, 150, 160, null],
      [6, 'gone@example.com', 'pending', 500, null, null, 9_000],
      [7, 'waiting@example.com', 'pending', 600, null, null, 9_000],
      [8, 'left@example.com', 'unsubscribed', 100, 150, 170, null],
    ];
    for (const [id, email, status, created, confirmed, unsubscribed, expires] of rows) {
      const confirmHash = expires === null ? null : `c${id}`;
      insert.run(
        id,
        email,
        status,
        created,
        confirmed,
        unsubscribed,
        confirmHash,
        expires,
        `n${id}`,
        `u${id}`,
      );
    }
    raw.exec(`INSERT INTO posts VALUES ('p0', 'P0', 'existing', 900, 1),
      ('p1', 'P1', 'announced', 1000, 2), ('p2', 'P2', 'announced', 1100, 3)`);
    raw.exec(`INSERT INTO meta VALUES ('notify_initialised', '900')`);
    raw.exec(`INSERT INTO deliveries (post_id, follower_id, state, attempts, message_id, error,
      updated_at) VALUES
      ('p1', 2, 'queued', 0, NULL, NULL, 1000),
      ('p1', 3, 'sent', 1, '<p1-3@x>', NULL, 1000),
      ('p1', 4, 'queued', 2, NULL, '451 later', 1000),
      ('p1', 5, 'sent', 1, '<p1-5@x>', NULL, 1000),
      ('p1', 8, 'queued', 0, NULL, NULL, 1000),
      ('p2', 2, 'failed', 1, NULL, '550 no', 1100),
      ('p2', 4, 'handed', 1, NULL, NULL, 1100)`);
    raw.close();
    openFollowerStore(path).close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Rows of a query against the migrated file, as plain arrays. */
  function readRows(sql: string): unknown[][] {
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      return db
        .prepare(sql)
        .all()
        .map((row) => Object.values(row));
    } finally {
      db.close();
    }
  }

  test.each([
    [
      'followers: one row per address, the earliest confirmed kept, the rest untouched',
      `SELECT id, email, email_key, status, confirmed_at, unsubscribed_at, confirm_hash,
         confirm_sent_at, unsubscribe_hash FROM followers ORDER BY id`,
      [
        [2, 'dup@example.com', 'dup@example.com', 'confirmed', 300, null, null, null, 'u2'],
        [4, 'solo@example.com', 'solo@example.com', 'confirmed', 150, null, null, null, 'u4'],
        [5, 'Gone@example.com', 'gone@example.com', 'unsubscribed', 150, 160, null, null, 'u5'],
        // A pending link from before migration 4 counts as mailed when the row was created.
        [7, 'waiting@example.com', 'waiting@example.com', 'pending', null, null, 'c7', 600, 'u7'],
        [8, 'left@example.com', 'left@example.com', 'unsubscribed', 150, 170, null, null, 'u8'],
      ],
    ],
    [
      'posts: all of them',
      'SELECT id, title, kind, recorded_at, seq FROM posts ORDER BY seq',
      [
        ['p0', 'P0', 'existing', 900, 1],
        ['p1', 'P1', 'announced', 1000, 2],
        ['p2', 'P2', 'announced', 1100, 3],
      ],
    ],
    [
      // Dropped: p1 for row 2 (another spelling, row 3, already had it; row 3 went with its
      // follower) and p1 for row 8 (unsubscribed).
      'deliveries: all but a second copy of a post and what was queued for people who left',
      `SELECT post_id, follower_id, state, attempts, message_id, error FROM deliveries
         ORDER BY post_id, follower_id`,
      [
        ['p1', 4, 'queued', 2, null, '451 later'],
        ['p1', 5, 'sent', 1, '<p1-5@x>', null],
        ['p2', 2, 'failed', 1, null, '550 no'],
        ['p2', 4, 'handed', 1, null, null],
      ],
    ],
    [
      // Migration 5: everyone as before, each post as published, every category, their own sign-up.
      'followers: instant delivery, every category, consent from a sign-up',
      `SELECT id, delivery, categories, last_digest_at, consent_source FROM followers ORDER BY id`,
      [2, 4, 5, 7, 8].map((id) => [id, 'instant', null, null, 'sign-up']),
    ],
    [
      'posts: in no category (notify records categories from now on)',
      'SELECT id, categories FROM posts ORDER BY seq',
      [
        ['p0', '[]'],
        ['p1', '[]'],
        ['p2', '[]'],
      ],
    ],
    [
      'bounces, suppressions and processed reports start empty',
      `SELECT (SELECT count(*) FROM bounce_events), (SELECT count(*) FROM suppressions),
         (SELECT count(*) FROM processed_reports)`,
      [[0, 0, 0]],
    ],
    [
      'opt-outs start empty: unsubscribed rows are still there to say so',
      'SELECT count(*) FROM opt_outs',
      [[0]],
    ],
    [
      'meta: notify stays initialised',
      'SELECT key, value FROM meta',
      [['notify_initialised', '900']],
    ],
    [
      'the schema version is the newest',
      'PRAGMA user_version',
      [[listFollowerMigrations().length]],
    ],
  ])('%s', (_label, sql, expected) => {
    expect(readRows(sql)).toEqual(expected);
  });

  test('the stores work on it: any spelling of a merged address is the kept follower', () => {
    const store = openFollowerStore(path);
    try {
      expect(store.signUps.addPending(makeSignUp('DuP@example.com'))).toBe('already-confirmed');
      expect(store.signUps.hasPendingConfirm('c7', 1000)).toBe(true);
      expect(store.deliveries.listQueuedDeliveries().map((d) => [d.postId, d.email])).toEqual([
        ['p1', 'solo@example.com'],
      ]);
      expect(store.deliveries.listInterrupted()).toEqual([
        { postId: 'p2', email: 'solo@example.com' },
      ]);
    } finally {
      store.close();
    }
  });
});
