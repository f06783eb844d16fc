import { afterEach, expect, test } from 'vitest';
import { openFollowerStore } from '../../../src/followers/store/index.ts';
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
