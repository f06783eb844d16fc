import { afterEach, expect, test } from 'vitest';
import { openFollowerStore } from '../../../src/followers/store/index.ts';
import { makeDbPath, makeSignUp, removeDbPaths } from '../../support/follower-fixtures.ts';

afterEach(removeDbPaths);

test('ledger: announcing queues exactly the followers confirmed at that moment, once', () => {
  const store = openFollowerStore(makeDbPath());
  const { signUps, deliveries } = store;
  const people = ['a@example.com', 'b@example.com', 'c@example.com'].map((email) =>
    makeSignUp(email),
  );
  for (const signUp of people) signUps.addPending(signUp);
  signUps.confirm(people[0]!.confirmHash, 1001);
  signUps.confirm(people[1]!.confirmHash, 1001);
  expect(deliveries.isNotifyInitialised()).toBe(false);
  expect(deliveries.announcePost({ id: 'post-1', title: 'One' }, 2000)).toBe(2);
  expect(deliveries.isNotifyInitialised()).toBe(true);
  expect(deliveries.announcePost({ id: 'post-1', title: 'One' }, 2001)).toBe(0);
  signUps.confirm(people[2]!.confirmHash, 1002);
  expect(deliveries.listQueuedDeliveries().map((d) => d.email)).toEqual([
    'a@example.com',
    'b@example.com',
  ]);
  const [a, b] = deliveries.listQueuedDeliveries();
  deliveries.markHanded(a!.postId, a!.followerId, 3000);
  deliveries.markSent(a!.postId, a!.followerId, '<m@x>', 3001);
  deliveries.markDeferred(b!.postId, b!.followerId, '451 later', 3002);
  expect(deliveries.listQueuedDeliveries()).toEqual([{ ...b, attempts: 1 }]);
  deliveries.markHanded(b!.postId, b!.followerId, 3003);
  expect(deliveries.listQueuedDeliveries()).toEqual([]);
  expect(deliveries.countInterrupted()).toBe(1);
  expect(deliveries.listInterrupted()).toEqual([{ postId: 'post-1', email: 'b@example.com' }]);
  expect(deliveries.countDeliveries('post-1')).toEqual({
    queued: 0,
    handed: 1,
    sent: 1,
    failed: 0,
  });
  expect(deliveries.requeueInterrupted(3004)).toBe(1);
  expect(deliveries.listQueuedDeliveries().map((d) => d.email)).toEqual(['b@example.com']);
  deliveries.markFailed(b!.postId, b!.followerId, '550 no such user', 3005);
  expect(deliveries.countDeliveries('post-1')).toEqual({
    queued: 0,
    handed: 0,
    sent: 1,
    failed: 1,
  });
  store.close();
});

test('unsubscribed followers drop out of the queue; removing a follower deletes their ledger rows', () => {
  const store = openFollowerStore(makeDbPath());
  const { signUps, deliveries, operator } = store;
  const a = makeSignUp('a@example.com');
  const b = makeSignUp('b@example.com');
  for (const signUp of [a, b]) {
    signUps.addPending(signUp);
    signUps.confirm(signUp.confirmHash, 1001);
  }
  deliveries.announcePost({ id: 'post-1', title: 'One' }, 2000);
  signUps.unsubscribe(a.unsubscribeHash, 2001);
  expect(deliveries.listQueuedDeliveries().map((d) => d.email)).toEqual(['b@example.com']);
  expect(operator.removeFollower('b@example.com')).toBe(true);
  expect(operator.removeFollower('b@example.com')).toBe(false);
  expect(deliveries.countDeliveries('post-1')).toEqual({
    queued: 0,
    handed: 0,
    sent: 0,
    failed: 0,
  });
  store.close();
});

test('the first run records existing posts without queueing anything', () => {
  const store = openFollowerStore(makeDbPath());
  const { signUps, deliveries } = store;
  const a = makeSignUp('a@example.com');
  signUps.addPending(a);
  signUps.confirm(a.confirmHash, 1001);
  deliveries.recordExistingPosts(
    [
      { id: 'p1', title: 'P1' },
      { id: 'p2', title: 'P2' },
    ],
    2000,
  );
  expect(deliveries.isNotifyInitialised()).toBe(true);
  expect(deliveries.listKnownPostIds()).toEqual(new Set(['p1', 'p2']));
  expect(deliveries.listQueuedDeliveries()).toEqual([]);
  store.close();
});

test.each([
  ['the same spelling', 'a@example.com'],
  ['another spelling', 'A@Example.com'],
])(
  'a follower who leaves and comes back (%s) gets only posts announced after confirming again',
  (_label, again) => {
    const store = openFollowerStore(makeDbPath());
    const { signUps, deliveries } = store;
    const first = makeSignUp('a@example.com');
    signUps.addPending(first);
    signUps.confirm(first.confirmHash, 1001);
    deliveries.announcePost({ id: 'post-1', title: 'One' }, 2000);
    signUps.unsubscribe(first.unsubscribeHash, 2001);
    expect(deliveries.countDeliveries('post-1').queued).toBe(0);
    const second = makeSignUp(again, 3000);
    expect(signUps.addPending(second)).toBe('created');
    signUps.confirm(second.confirmHash, 3001);
    expect(deliveries.listQueuedDeliveries()).toEqual([]);
    deliveries.announcePost({ id: 'post-2', title: 'Two' }, 4000);
    expect(deliveries.listQueuedDeliveries().map((d) => d.postId)).toEqual(['post-2']);
    store.close();
  },
);
