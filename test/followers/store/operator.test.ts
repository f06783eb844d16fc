import { afterEach, expect, test } from 'vitest';
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
