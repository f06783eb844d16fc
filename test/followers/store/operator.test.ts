import { DatabaseSync } from 'node:sqlite';
import { afterEach, expect, test } from 'vitest';
import { formatOptOutKey } from '../../../src/followers/store/follower.ts';
import { openFollowerStore } from '../../../src/followers/store/index.ts';
import { makeDbPath, makeSignUp, removeDbPaths } from '../../support/follower-fixtures.ts';

afterEach(removeDbPaths);

test('lists every follower oldest first, whatever their state, and removes one by any spelling', () => {
  const store = openFollowerStore(makeDbPath());
  const { signUps, operator } = store;
  const late = makeSignUp('Late@example.com', 2000);
  const early = makeSignUp('early@example.com', 1000);
  for (const signUp of [late, early]) signUps.addPending(signUp);
  signUps.confirm(early.confirmHash, 1050);
  expect(operator.listFollowers().map((f) => [f.email, f.status, f.createdAt])).toEqual([
    ['early@example.com', 'confirmed', 1000],
    ['Late@example.com', 'pending', 2000],
  ]);
  expect(operator.removeFollower('late@EXAMPLE.com')).toBe(true);
  expect(operator.removeFollower('nobody@example.com')).toBe(false);
  expect(operator.listFollowers().map((f) => f.email)).toEqual(['early@example.com']);
  store.close();
});

test('removing a follower leaves an opt-out with only a hash of the address; an unknown one leaves none', () => {
  const path = makeDbPath();
  const store = openFollowerStore(path);
  const signUp = makeSignUp('Gone@example.com');
  store.signUps.addPending(signUp);
  store.signUps.confirm(signUp.confirmHash, 1050);
  expect(store.operator.removeFollower('gone@example.com', 1100)).toBe(true);
  expect(store.operator.removeFollower('nobody@example.com', 1100)).toBe(false);
  store.close();
  const db = new DatabaseSync(path, { readOnly: true });
  const rows = db.prepare('SELECT * FROM opt_outs').all();
  db.close();
  expect(rows.map((row) => ({ ...row }))).toEqual([
    { key_hash: formatOptOutKey('gone@example.com'), reason: 'removed', opted_out_at: 1100 },
  ]);
  expect(JSON.stringify(rows)).not.toContain('gone');
});
