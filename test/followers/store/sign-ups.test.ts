import { DatabaseSync } from 'node:sqlite';
import { afterEach, expect, test } from 'vitest';
import { formatOptOutKey } from '../../../src/followers/store/follower.ts';
import { openFollowerStore } from '../../../src/followers/store/index.ts';
import { confirmResendIntervalMs } from '../../../src/followers/store/sign-ups.ts';
import { makeDbPath, makeSignUp, removeDbPaths } from '../../support/follower-fixtures.ts';

afterEach(removeDbPaths);

test('sign-up life cycle: pending, renewed, confirmed, unsubscribed, signed up again', () => {
  const store = openFollowerStore(makeDbPath());
  const { signUps } = store;
  const first = makeSignUp('a@example.com');
  expect(signUps.addPending(first)).toBe('created');
  // While the link already sent works, another sign-up changes nothing.
  const early = makeSignUp('a@example.com', 1099);
  expect(signUps.addPending(early)).toBe('already-mailed');
  expect(signUps.hasPendingConfirm(first.confirmHash, 1099)).toBe(true);
  expect(signUps.hasPendingConfirm(early.confirmHash, 1099)).toBe(false);
  // Once it has expired, a sign-up renews it.
  const second = makeSignUp('a@example.com', 1100);
  expect(signUps.addPending(second)).toBe('renewed');
  expect(signUps.hasPendingConfirm(first.confirmHash, 1100)).toBe(false);
  expect(signUps.hasPendingConfirm(second.confirmHash, 1100)).toBe(true);
  expect(signUps.confirm(second.confirmHash, 1101)?.status).toBe('confirmed');
  expect(signUps.confirm(second.confirmHash, 1101)).toBeNull();
  expect(signUps.addPending(makeSignUp('a@example.com'))).toBe('already-confirmed');
  expect(signUps.countConfirmed()).toBe(1);
  // The unsubscribe hash of the original row stays valid: the renewal kept it.
  expect(signUps.unsubscribe(first.unsubscribeHash, 1102)?.status).toBe('unsubscribed');
  expect(signUps.countConfirmed()).toBe(0);
  const again = makeSignUp('a@example.com');
  expect(signUps.addPending(again)).toBe('created');
  expect(signUps.findByUnsubscribeHash(first.unsubscribeHash)).toBeNull();
  expect(signUps.findByUnsubscribeHash(again.unsubscribeHash)?.status).toBe('pending');
  store.close();
});

test('confirm refuses an expired token; purge deletes only expired pending sign-ups', () => {
  const store = openFollowerStore(makeDbPath());
  const { signUps, operator } = store;
  const stale = makeSignUp('stale@example.com', 0);
  const fresh = makeSignUp('fresh@example.com', 500);
  const kept = makeSignUp('kept@example.com', 0);
  for (const signUp of [stale, fresh, kept]) signUps.addPending(signUp);
  signUps.confirm(kept.confirmHash, 50);
  expect(signUps.confirm(stale.confirmHash, 100)).toBeNull();
  expect(signUps.purgeExpired(100)).toBe(1);
  expect(operator.listFollowers().map((f) => f.email)).toEqual([
    'kept@example.com',
    'fresh@example.com',
  ]);
  store.close();
});

test.each([
  ['Foo@example.com', 'foo@example.com'],
  ['foo@example.com', 'FOO@example.com'],
  ['MiXeD.Case@example.com', 'mixed.case@example.com'],
])('%s and %s are one follower; removing either spelling removes it', (first, second) => {
  const store = openFollowerStore(makeDbPath());
  const { signUps, deliveries, operator } = store;
  const signUp = makeSignUp(first);
  expect(signUps.addPending(signUp)).toBe('created');
  signUps.confirm(signUp.confirmHash, 1001);
  expect(signUps.addPending(makeSignUp(second))).toBe('already-confirmed');
  // Mail goes to the address as it was first typed.
  expect(operator.listFollowers().map((f) => f.email)).toEqual([first]);
  expect(deliveries.announcePost({ id: 'post-1', title: 'One' }, 2000)).toBe(1);
  expect(operator.removeFollower(second)).toBe(true);
  expect(operator.listFollowers()).toEqual([]);
  store.close();
});

test('a confirmation that could not be sent does not block the next sign-up', () => {
  const store = openFollowerStore(makeDbPath());
  const { signUps } = store;
  const first = makeSignUp('a@example.com');
  signUps.addPending(first);
  signUps.markConfirmationUnsent(first.confirmHash);
  const second = makeSignUp('a@example.com', 1001);
  expect(signUps.addPending(second)).toBe('renewed');
  expect(signUps.hasPendingConfirm(second.confirmHash, 1002)).toBe(true);
  store.close();
});

test.each([
  ['just mailed', 'already-mailed', 0],
  ['mailed a moment inside the resend interval', 'already-mailed', confirmResendIntervalMs - 1],
  // The link still works for days, but the email may never have gone out (a crash) or be in spam.
  ['mailed a resend interval ago', 'renewed', confirmResendIntervalMs],
])('a pending sign-up %s, its link still working: %s', (_label, expected, later) => {
  const store = openFollowerStore(makeDbPath());
  const week = 7 * 24 * 60 * 60 * 1000;
  store.signUps.addPending({ ...makeSignUp('a@example.com', 1000), confirmExpiresAt: 1000 + week });
  const again = { ...makeSignUp('a@example.com', 1000 + later), confirmExpiresAt: 2000 + week };
  expect(store.signUps.addPending(again)).toBe(expected);
  store.close();
});

/** The opt-outs table of a database file, read aside. */
function readOptOuts(path: string): unknown[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db
      .prepare('SELECT key_hash, reason FROM opt_outs')
      .all()
      .map((row) => ({ ...row }));
  } finally {
    db.close();
  }
}

test('unsubscribing leaves an opt-out holding only a hash of the address; a fresh double opt-in lifts it', () => {
  const path = makeDbPath();
  const store = openFollowerStore(path);
  const { signUps } = store;
  const first = makeSignUp('Reader@example.com');
  signUps.addPending(first);
  const follower = signUps.confirm(first.confirmHash, 1001);
  expect(signUps.findByUnsubscribeNonce(first.unsubscribeNonce)?.email).toBe('Reader@example.com');
  expect(signUps.unsubscribeFollower(follower?.id ?? 0, 1002)?.status).toBe('unsubscribed');
  expect(signUps.unsubscribeFollower(follower?.id ?? 0, 1003)?.status).toBe('unsubscribed');
  const optOuts = readOptOuts(path);
  expect(optOuts).toEqual([
    { key_hash: formatOptOutKey('reader@EXAMPLE.com'), reason: 'unsubscribed' },
  ]);
  expect(JSON.stringify(optOuts)).not.toContain('reader');
  // Signing up again keeps it until the address confirms.
  const again = makeSignUp('reader@example.com', 2000);
  expect(signUps.addPending(again)).toBe('created');
  expect(readOptOuts(path)).toHaveLength(1);
  signUps.confirm(again.confirmHash, 2001);
  expect(readOptOuts(path)).toEqual([]);
  store.close();
});

test('the service records which secret it checks links with, replacing the one before', () => {
  const path = makeDbPath();
  const store = openFollowerStore(path);
  store.signUps.recordSecretCheck('check-one');
  store.signUps.recordSecretCheck('check-two');
  store.close();
  const db = new DatabaseSync(path, { readOnly: true });
  expect(db.prepare("SELECT value FROM meta WHERE key = 'service_secret_check'").all()).toEqual([
    { value: 'check-two' },
  ]);
  db.close();
});
