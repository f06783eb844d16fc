import { afterEach, describe, expect, test } from 'vitest';
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
  expect(deliveries.markHanded(a!.postId, a!.followerId, '<m@x>', 3000)).toBe(true);
  expect(deliveries.markSent(a!.postId, a!.followerId, '<m@x>', 3001)).toBe(true);
  expect(deliveries.markDeferred(b!.postId, b!.followerId, 'queued', '451 later', 3002)).toBe(true);
  expect(deliveries.listQueuedDeliveries()).toEqual([{ ...b, attempts: 1 }]);
  expect(deliveries.markHanded(b!.postId, b!.followerId, '<m2@x>', 3003)).toBe(true);
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
  expect(deliveries.markFailed(b!.postId, b!.followerId, 'queued', '550 no', 3005)).toBe(true);
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

describe('every transition moves a row only from the state it expects', () => {
  type Deliveries = ReturnType<typeof openFollowerStore>['deliveries'];
  /** Puts the one delivery of a fresh store into `state` by the ledger's own moves. */
  function setUp(state: 'queued' | 'handed' | 'sent' | 'dropped') {
    const store = openFollowerStore(makeDbPath());
    const a = makeSignUp('a@example.com');
    store.signUps.addPending(a);
    store.signUps.confirm(a.confirmHash, 1001);
    store.deliveries.announcePost({ id: 'post-1', title: 'One' }, 2000);
    const [row] = store.deliveries.listQueuedDeliveries();
    const { postId, followerId } = row!;
    if (state !== 'queued' && state !== 'dropped') {
      store.deliveries.markHanded(postId, followerId, '<m@x>', 2001);
    }
    if (state === 'sent') store.deliveries.markSent(postId, followerId, '<m@x>', 2002);
    // Another process's unsubscribe deletes the queued row under the run.
    if (state === 'dropped') store.signUps.unsubscribe(a.unsubscribeHash, 2001);
    return { store, postId, followerId };
  }

  test.each<
    [
      string,
      'queued' | 'handed' | 'sent' | 'dropped',
      (d: Deliveries, p: string, f: number) => boolean,
      boolean,
      string,
    ]
  >([
    [
      'handed from queued (the claim)',
      'queued',
      (d, p, f) => d.markHanded(p, f, '<m@x>', 3000),
      true,
      'handed',
    ],
    [
      'handed again (another run claimed it)',
      'handed',
      (d, p, f) => d.markHanded(p, f, '<m@x>', 3000),
      false,
      'handed',
    ],
    [
      'handed after it was sent',
      'sent',
      (d, p, f) => d.markHanded(p, f, '<m@x>', 3000),
      false,
      'sent',
    ],
    [
      'handed after an unsubscribe dropped it',
      'dropped',
      (d, p, f) => d.markHanded(p, f, '<m@x>', 3000),
      false,
      'none',
    ],
    [
      'sent from queued (never handed)',
      'queued',
      (d, p, f) => d.markSent(p, f, '<m@x>', 3000),
      false,
      'queued',
    ],
    ['sent from handed', 'handed', (d, p, f) => d.markSent(p, f, '<m@x>', 3000), true, 'sent'],
    [
      'failed expecting queued, but handed',
      'handed',
      (d, p, f) => d.markFailed(p, f, 'queued', '550', 3000),
      false,
      'handed',
    ],
    [
      'failed expecting handed',
      'handed',
      (d, p, f) => d.markFailed(p, f, 'handed', '550', 3000),
      true,
      'failed',
    ],
    [
      'deferred expecting queued, but sent',
      'sent',
      (d, p, f) => d.markDeferred(p, f, 'queued', '451', 3000),
      false,
      'sent',
    ],
    [
      'deferred expecting handed',
      'handed',
      (d, p, f) => d.markDeferred(p, f, 'handed', '451', 3000),
      true,
      'queued',
    ],
  ])('%s', (_label, state, move, moved, after) => {
    const { store, postId, followerId } = setUp(state);
    expect(move(store.deliveries, postId, followerId)).toBe(moved);
    const counts = store.deliveries.countDeliveries(postId);
    const present = Object.entries(counts).filter(([, n]) => n > 0);
    expect(present).toEqual(after === 'none' ? [] : [[after, 1]]);
    store.close();
  });

  test('a digest moves all its rows or none', () => {
    const store = openFollowerStore(makeDbPath());
    const a = makeSignUp('a@example.com');
    store.signUps.addPending(a);
    store.signUps.confirm(a.confirmHash, 1001);
    store.deliveries.announcePost({ id: 'post-1', title: 'One' }, 2000);
    store.deliveries.announcePost({ id: 'post-2', title: 'Two' }, 2001);
    const followerId = store.deliveries.listQueuedDeliveries()[0]!.followerId;
    // Another run claimed post-1 alone: the digest of both must not go out.
    expect(store.deliveries.markHanded('post-1', followerId, '<m@x>', 3000)).toBe(true);
    const both = ['post-1', 'post-2'];
    expect(store.deliveries.markDigestHanded(followerId, both, '<d@x>', 3001)).toBe(false);
    expect(store.deliveries.countDeliveries('post-2').queued).toBe(1);
    expect(store.deliveries.markDeferred('post-1', followerId, 'handed', '451', 3002)).toBe(true);
    expect(store.deliveries.markDigestHanded(followerId, both, '<d@x>', 3003)).toBe(true);
    expect(store.deliveries.markDigestSent(followerId, ['post-1', 'post-3'], '<d@x>', 3004)).toBe(
      false,
    );
    expect(store.deliveries.markDigestSent(followerId, both, '<d@x>', 3005)).toBe(true);
    for (const id of both) expect(store.deliveries.countDeliveries(id).sent).toBe(1);
    store.close();
  });
});

test('interrupted means a handed row of someone still mailed: counted, listed, resent and acknowledged alike', () => {
  const store = openFollowerStore(makeDbPath());
  const { signUps, deliveries } = store;
  const people = ['a@example.com', 'b@example.com', 'c@example.com'].map((email) =>
    makeSignUp(email),
  );
  for (const signUp of people) {
    signUps.addPending(signUp);
    signUps.confirm(signUp.confirmHash, 1001);
  }
  deliveries.announcePost({ id: 'post-1', title: 'One' }, 2000);
  for (const row of deliveries.listQueuedDeliveries()) {
    deliveries.markHanded(row.postId, row.followerId, '<m@x>', 2001);
  }
  signUps.unsubscribe(people[0]!.unsubscribeHash, 2002);
  expect(deliveries.countInterrupted()).toBe(2);
  expect(deliveries.listInterrupted().map((d) => d.email)).toEqual([
    'b@example.com',
    'c@example.com',
  ]);
  // The one nobody will resend is settled once, and said so.
  expect(deliveries.settleUnmailedInterrupted(2003)).toEqual([
    { postId: 'post-1', email: 'a@example.com' },
  ]);
  expect(deliveries.settleUnmailedInterrupted(2004)).toEqual([]);
  expect(deliveries.acknowledgeInterrupted(2005)).toEqual([
    { postId: 'post-1', email: 'b@example.com' },
    { postId: 'post-1', email: 'c@example.com' },
  ]);
  expect(deliveries.countInterrupted()).toBe(0);
  expect(deliveries.requeueInterrupted(2006)).toBe(0);
  expect(deliveries.countDeliveries('post-1')).toEqual({
    queued: 0,
    handed: 0,
    sent: 2,
    failed: 1,
  });
  store.close();
});
