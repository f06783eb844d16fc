import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, expect, test } from 'vitest';
import type { PendingSignUp } from '../../src/followers/store.ts';
import { followerMigrations, openFollowerStore } from '../../src/followers/store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh database file in a temporary folder. */
function makeDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'followers-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'followers.sqlite');
}

let counter = 0;
/** A sign-up with unique hashes. */
function makeSignUp(email: string, now = 1000): PendingSignUp {
  counter += 1;
  return {
    email,
    confirmHash: `c${counter}`,
    confirmExpiresAt: now + 100,
    unsubscribeNonce: `n${counter}`,
    unsubscribeHash: `u${counter}`,
    now,
  };
}

test('creates the file in WAL mode with the schema, and reopens it without migrating twice', () => {
  const path = makeDbPath();
  const store = openFollowerStore(path);
  store.addPending(makeSignUp('a@example.com'));
  store.close();
  const raw = new DatabaseSync(path);
  expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
  expect(raw.prepare('PRAGMA user_version').get()).toEqual({
    user_version: followerMigrations.length,
  });
  raw.close();
  const reopened = openFollowerStore(path);
  expect(reopened.listFollowers().map((f) => f.email)).toEqual(['a@example.com']);
  reopened.close();
});

test('sign-up life cycle: pending, renewed, confirmed, unsubscribed, signed up again', () => {
  const store = openFollowerStore(makeDbPath());
  const first = makeSignUp('a@example.com');
  expect(store.addPending(first)).toBe('created');
  // While the link already sent works, another sign-up changes nothing.
  const early = makeSignUp('a@example.com', 1099);
  expect(store.addPending(early)).toBe('already-mailed');
  expect(store.hasPendingConfirm(first.confirmHash, 1099)).toBe(true);
  expect(store.hasPendingConfirm(early.confirmHash, 1099)).toBe(false);
  // Once it has expired, a sign-up renews it.
  const second = makeSignUp('a@example.com', 1100);
  expect(store.addPending(second)).toBe('renewed');
  expect(store.hasPendingConfirm(first.confirmHash, 1100)).toBe(false);
  expect(store.hasPendingConfirm(second.confirmHash, 1100)).toBe(true);
  expect(store.confirm(second.confirmHash, 1101)?.status).toBe('confirmed');
  expect(store.confirm(second.confirmHash, 1101)).toBeNull();
  expect(store.addPending(makeSignUp('a@example.com'))).toBe('already-confirmed');
  expect(store.countConfirmed()).toBe(1);
  // The unsubscribe hash of the original row stays valid: the renewal kept it.
  expect(store.unsubscribe(first.unsubscribeHash, 1102)?.status).toBe('unsubscribed');
  expect(store.countConfirmed()).toBe(0);
  const again = makeSignUp('a@example.com');
  expect(store.addPending(again)).toBe('created');
  expect(store.findByUnsubscribeHash(first.unsubscribeHash)).toBeNull();
  expect(store.findByUnsubscribeHash(again.unsubscribeHash)?.status).toBe('pending');
  store.close();
});

test('confirm refuses an expired token; purge deletes only expired pending sign-ups', () => {
  const store = openFollowerStore(makeDbPath());
  const stale = makeSignUp('stale@example.com', 0);
  const fresh = makeSignUp('fresh@example.com', 500);
  const kept = makeSignUp('kept@example.com', 0);
  for (const signUp of [stale, fresh, kept]) store.addPending(signUp);
  store.confirm(kept.confirmHash, 50);
  expect(store.confirm(stale.confirmHash, 100)).toBeNull();
  expect(store.purgeExpired(100)).toBe(1);
  expect(store.listFollowers().map((f) => f.email)).toEqual([
    'kept@example.com',
    'fresh@example.com',
  ]);
  store.close();
});

test('ledger: announcing queues exactly the followers confirmed at that moment, once', () => {
  const store = openFollowerStore(makeDbPath());
  const signUps = ['a@example.com', 'b@example.com', 'c@example.com'].map((email) =>
    makeSignUp(email),
  );
  for (const signUp of signUps) store.addPending(signUp);
  store.confirm(signUps[0]!.confirmHash, 1001);
  store.confirm(signUps[1]!.confirmHash, 1001);
  expect(store.isNotifyInitialised()).toBe(false);
  expect(store.announcePost({ id: 'post-1', title: 'One' }, 2000)).toBe(2);
  expect(store.isNotifyInitialised()).toBe(true);
  expect(store.announcePost({ id: 'post-1', title: 'One' }, 2001)).toBe(0);
  store.confirm(signUps[2]!.confirmHash, 1002);
  expect(store.listQueuedDeliveries().map((d) => d.email)).toEqual([
    'a@example.com',
    'b@example.com',
  ]);
  const [a, b] = store.listQueuedDeliveries();
  store.markHanded(a!.postId, a!.followerId, 3000);
  store.markSent(a!.postId, a!.followerId, '<m@x>', 3001);
  store.markDeferred(b!.postId, b!.followerId, '451 later', 3002);
  expect(store.listQueuedDeliveries()).toEqual([{ ...b, attempts: 1 }]);
  store.markHanded(b!.postId, b!.followerId, 3003);
  expect(store.listQueuedDeliveries()).toEqual([]);
  expect(store.countInterrupted()).toBe(1);
  expect(store.countDeliveries('post-1')).toEqual({ queued: 0, handed: 1, sent: 1, failed: 0 });
  store.close();
});

test('unsubscribed followers drop out of the queue; removing a follower deletes their ledger rows', () => {
  const store = openFollowerStore(makeDbPath());
  const a = makeSignUp('a@example.com');
  const b = makeSignUp('b@example.com');
  for (const signUp of [a, b]) {
    store.addPending(signUp);
    store.confirm(signUp.confirmHash, 1001);
  }
  store.announcePost({ id: 'post-1', title: 'One' }, 2000);
  store.unsubscribe(a.unsubscribeHash, 2001);
  expect(store.listQueuedDeliveries().map((d) => d.email)).toEqual(['b@example.com']);
  expect(store.removeFollower('b@example.com')).toBe(true);
  expect(store.removeFollower('b@example.com')).toBe(false);
  expect(store.countDeliveries('post-1')).toEqual({ queued: 0, handed: 0, sent: 0, failed: 0 });
  store.close();
});

test('the first run records existing posts without queueing anything', () => {
  const store = openFollowerStore(makeDbPath());
  const a = makeSignUp('a@example.com');
  store.addPending(a);
  store.confirm(a.confirmHash, 1001);
  store.recordExistingPosts(
    [
      { id: 'p1', title: 'P1' },
      { id: 'p2', title: 'P2' },
    ],
    2000,
  );
  expect(store.isNotifyInitialised()).toBe(true);
  expect(store.listKnownPostIds()).toEqual(new Set(['p1', 'p2']));
  expect(store.listQueuedDeliveries()).toEqual([]);
  store.close();
});

test.each([
  ['Foo@example.com', 'foo@example.com'],
  ['foo@example.com', 'FOO@example.com'],
  ['MiXeD.Case@example.com', 'mixed.case@example.com'],
])('%s and %s are one follower; removing either spelling removes it', (first, second) => {
  const store = openFollowerStore(makeDbPath());
  const signUp = makeSignUp(first);
  expect(store.addPending(signUp)).toBe('created');
  store.confirm(signUp.confirmHash, 1001);
  expect(store.addPending(makeSignUp(second))).toBe('already-confirmed');
  // Mail goes to the address as it was first typed.
  expect(store.listFollowers().map((f) => f.email)).toEqual([first]);
  expect(store.announcePost({ id: 'post-1', title: 'One' }, 2000)).toBe(1);
  expect(store.removeFollower(second)).toBe(true);
  expect(store.listFollowers()).toEqual([]);
  store.close();
});

test('migrating an old database merges addresses differing only in case, keeping the earliest confirmed row', () => {
  const path = makeDbPath();
  mkdirSync(dirname(path), { recursive: true });
  const raw = new DatabaseSync(path);
  raw.exec(followerMigrations[0] as string);
  raw.exec('PRAGMA user_version = 1');
  const insert = raw.prepare(
    `INSERT INTO followers (id, email, status, created_at, confirmed_at, unsubscribe_nonce,
       unsubscribe_hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  // [id, email, status, created, confirmed]
  const rows: [number, string, string, number, number | null][] = [
    [1, 'Dup@example.com', 'pending', 100, null],
    [2, 'dup@example.com', 'confirmed', 200, 300],
    [3, 'DUP@example.com', 'confirmed', 250, 400],
    [4, 'solo@example.com', 'confirmed', 100, 150],
    [5, 'Gone@example.com', 'unsubscribed', 100, 150],
    [6, 'gone@example.com', 'pending', 500, null],
  ];
  for (const [id, email, status, created, confirmed] of rows) {
    insert.run(id, email, status, created, confirmed, `n${id}`, `u${id}`);
  }
  raw.exec(`INSERT INTO posts VALUES ('p1', 'P1', 'announced', 1000, 1)`);
  // Row 3 already got p1; row 2 (the one kept) still has it queued: it must not get a second copy.
  raw.exec(`INSERT INTO deliveries (post_id, follower_id, state, updated_at) VALUES
    ('p1', 2, 'queued', 1000), ('p1', 3, 'sent', 1000), ('p1', 4, 'queued', 1000)`);
  raw.close();
  const store = openFollowerStore(path);
  expect(store.listFollowers().map((f) => [f.id, f.email, f.status])).toEqual([
    [4, 'solo@example.com', 'confirmed'],
    [5, 'Gone@example.com', 'unsubscribed'],
    [2, 'dup@example.com', 'confirmed'],
  ]);
  expect(store.listQueuedDeliveries().map((d) => d.email)).toEqual(['solo@example.com']);
  expect(store.addPending(makeSignUp('DuP@example.com'))).toBe('already-confirmed');
  store.close();
});

test.each([
  ['the same spelling', 'a@example.com'],
  ['another spelling', 'A@Example.com'],
])(
  'a follower who leaves and comes back (%s) gets only posts announced after confirming again',
  (_label, again) => {
    const store = openFollowerStore(makeDbPath());
    const first = makeSignUp('a@example.com');
    store.addPending(first);
    store.confirm(first.confirmHash, 1001);
    store.announcePost({ id: 'post-1', title: 'One' }, 2000);
    store.unsubscribe(first.unsubscribeHash, 2001);
    expect(store.countDeliveries('post-1').queued).toBe(0);
    const second = makeSignUp(again, 3000);
    expect(store.addPending(second)).toBe('created');
    store.confirm(second.confirmHash, 3001);
    expect(store.listQueuedDeliveries()).toEqual([]);
    store.announcePost({ id: 'post-2', title: 'Two' }, 4000);
    expect(store.listQueuedDeliveries().map((d) => d.postId)).toEqual(['post-2']);
    store.close();
  },
);

test('migrating drops deliveries still queued for people who had unsubscribed', () => {
  const path = makeDbPath();
  mkdirSync(dirname(path), { recursive: true });
  const raw = new DatabaseSync(path);
  raw.exec(followerMigrations[0] as string);
  raw.exec(followerMigrations[1] as string);
  raw.exec('PRAGMA user_version = 2');
  raw.exec(`INSERT INTO followers (id, email, email_key, status, created_at, unsubscribe_nonce,
    unsubscribe_hash) VALUES (1, 'a@example.com', 'a@example.com', 'unsubscribed', 1, 'n', 'u'),
    (2, 'b@example.com', 'b@example.com', 'confirmed', 1, 'n2', 'u2')`);
  raw.exec(`INSERT INTO posts VALUES ('p1', 'P1', 'announced', 1000, 1)`);
  raw.exec(`INSERT INTO deliveries (post_id, follower_id, state, updated_at) VALUES
    ('p1', 1, 'queued', 1000), ('p1', 2, 'queued', 1000)`);
  raw.close();
  const store = openFollowerStore(path);
  expect(store.countDeliveries('p1')).toEqual({ queued: 1, handed: 0, sent: 0, failed: 0 });
  store.close();
});

test('a confirmation that could not be sent does not block the next sign-up', () => {
  const store = openFollowerStore(makeDbPath());
  const first = makeSignUp('a@example.com');
  store.addPending(first);
  store.markConfirmationUnsent(first.confirmHash);
  const second = makeSignUp('a@example.com', 1001);
  expect(store.addPending(second)).toBe('renewed');
  expect(store.hasPendingConfirm(second.confirmHash, 1002)).toBe(true);
  store.close();
});
