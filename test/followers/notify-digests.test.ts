/**
 * notify with digests and categories: a digest follower's posts wait for
 * their digest time and go out as one email; a category follower gets only
 * their categories; the ledger holds for digests as for single posts.
 */
import { describe, expect, test } from 'vitest';
import type { FeedPost } from '../../src/followers/messages.ts';
import { notifyFollowers } from '../../src/followers/notify.ts';
import type { FollowerPreferences } from '../../src/followers/store/follower.ts';
import { openFollowerStore } from '../../src/followers/store/index.ts';
import type { FakeSendBehaviour } from '../support/fakes.ts';
import { createFakeMailer, createSmtpError } from '../support/fakes.ts';

const site = { title: 'Test Weblog', baseUrl: 'https://blog.example.com' };
const secret = 'digest-secret-digest-secret-digest-secret-0';
const schedule = { hourUtc: 7, weeklyDay: 1 };
const hour = 60 * 60 * 1000;
// Monday 2012-07-16, 06:00 UTC: an hour before the digests fall due.
const monday6 = Date.UTC(2012, 6, 16, 6);

/** A post in `categories`. */
function makePost(n: number, categories: string[] = ['News']): FeedPost {
  const url = `https://blog.example.com/2012/07/${n}/`;
  return {
    id: url,
    url,
    title: `Post ${n}`,
    contentHtml: `<p>Body of post ${n}.</p>`,
    datePublished: '2012-07-16T00:00:00.000Z',
    summary: `Summary ${n}.`,
    categories,
  };
}

/** A store whose followers confirmed on Sunday with these preferences, notify initialised. */
function makeStore(followers: Record<string, FollowerPreferences>) {
  const store = openFollowerStore(':memory:');
  Object.entries(followers).forEach(([email, preferences], i) => {
    store.signUps.addPending({
      email,
      confirmHash: `c${i}`,
      confirmExpiresAt: monday6,
      unsubscribeNonce: `n${i}`,
      unsubscribeHash: `u${i}`,
      now: monday6 - 24 * hour,
    });
    store.signUps.confirm(`c${i}`, monday6 - 23 * hour, preferences);
  });
  store.deliveries.recordExistingPosts([makePost(0)], monday6 - 22 * hour);
  return store;
}

/** One notify run at `now` over `posts`. */
async function runAt(
  store: ReturnType<typeof makeStore>,
  now: number,
  posts: FeedPost[],
  behaviour?: FakeSendBehaviour,
) {
  const mailer = createFakeMailer(behaviour);
  const report = await notifyFollowers({
    store: store.deliveries,
    mailer,
    posts,
    site,
    secret,
    digestSchedule: schedule,
    now: () => now,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  return { report, sent: mailer.sent.map((m) => [m.to, m.subject]) };
}

const every = { categories: null };

describe('digests', () => {
  test('a daily follower gets nothing before the digest time, then one digest of both posts, then nothing', async () => {
    const store = makeStore({
      'now@example.com': { delivery: 'instant', ...every },
      'daily@example.com': { delivery: 'daily', ...every },
    });
    const posts = [makePost(2), makePost(1)];
    const early = await runAt(store, monday6, posts);
    expect(early.sent).toEqual([
      ['now@example.com', 'Post 1'],
      ['now@example.com', 'Post 2'],
    ]);
    const due = await runAt(store, monday6 + 2 * hour, posts);
    expect(due.sent).toEqual([['daily@example.com', 'Daily digest: 2 new posts on Test Weblog']]);
    expect(due.report.digests).toBe(1);
    const again = await runAt(store, monday6 + 3 * hour, posts);
    expect(again.sent).toEqual([]);
  });

  test('a weekly follower waits for the weekly day; a digest of one post has its full text', async () => {
    const store = makeStore({ 'weekly@example.com': { delivery: 'weekly', ...every } });
    const tuesday = monday6 + 25 * hour;
    await runAt(store, tuesday, [makePost(1)]);
    expect((await runAt(store, tuesday + 24 * hour, [makePost(1)])).sent).toEqual([]);
    const mailer = createFakeMailer();
    await notifyFollowers({
      store: store.deliveries,
      mailer,
      posts: [makePost(1)],
      site,
      secret,
      digestSchedule: schedule,
      now: () => monday6 + 7 * 24 * hour + 2 * hour,
    });
    expect(mailer.sent.map((m) => m.subject)).toEqual(['Weekly digest: Post 1']);
    expect(mailer.sent[0]?.html).toContain('<p>Body of post 1.</p>');
    expect(mailer.sent[0]?.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mailer.sent[0]?.text).toContain('/followers/preferences?token=');
  });

  test('a digest refused with 451 stays queued whole and goes out whole on the rerun', async () => {
    const store = makeStore({ 'daily@example.com': { delivery: 'daily', ...every } });
    const posts = [makePost(2), makePost(1)];
    await runAt(store, monday6, posts);
    const refused = await runAt(store, monday6 + 2 * hour, posts, () => ({
      error: createSmtpError(451),
    }));
    expect(refused.report.deferred).toBe(1);
    const rerun = await runAt(store, monday6 + 3 * hour, posts);
    expect(rerun.sent).toHaveLength(1);
    expect(store.deliveries.countDeliveries(makePost(1).id).sent).toBe(1);
    expect(store.deliveries.countDeliveries(makePost(2).id).sent).toBe(1);
  });

  test('a digest cut off after it was handed is reported, not resent on its own', async () => {
    const store = makeStore({ 'daily@example.com': { delivery: 'daily', ...every } });
    const posts = [makePost(2), makePost(1)];
    await runAt(store, monday6, posts);
    const cut = await runAt(store, monday6 + 2 * hour, posts, () => ({
      error: createSmtpError(),
      handBeforeError: true,
    }));
    expect(cut.report.interrupted).toBe(2);
    expect((await runAt(store, monday6 + 3 * hour, posts)).sent).toEqual([]);
  });
});

describe('categories', () => {
  test.each([
    ['every post', null, ['Post 1', 'Post 2', 'Post 3']],
    ['news only', ['news'], ['Post 1', 'Post 3']],
    ['status only', ['status'], ['Post 2', 'Post 3']],
    ['a category no post has', ['other'], []],
  ])('a follower of %s', async (_label, categories, expected) => {
    const store = makeStore({ 'reader@example.com': { delivery: 'instant', categories } });
    const posts = [makePost(3, ['News', 'Status']), makePost(2, ['Status']), makePost(1, ['News'])];
    const { sent } = await runAt(store, monday6, posts);
    expect(sent.map(([, subject]) => subject)).toEqual(expected);
  });

  test('a digest follower of one category gets a digest of only that category', async () => {
    const store = makeStore({ 'daily@example.com': { delivery: 'daily', categories: ['news'] } });
    const posts = [makePost(2, ['Status']), makePost(1, ['News'])];
    await runAt(store, monday6, posts);
    const due = await runAt(store, monday6 + 2 * hour, posts);
    expect(due.sent).toEqual([['daily@example.com', 'Daily digest: Post 1']]);
  });

  test('changing categories drops what is queued outside them', async () => {
    const store = makeStore({ 'daily@example.com': { delivery: 'daily', ...every } });
    const posts = [makePost(2, ['Status']), makePost(1, ['News'])];
    await runAt(store, monday6, posts);
    const [follower] = store.operator.listFollowers();
    store.preferences.updatePreferences(
      follower?.id ?? 0,
      { delivery: 'daily', categories: ['status'] },
      monday6,
    );
    const due = await runAt(store, monday6 + 2 * hour, posts);
    expect(due.sent).toEqual([['daily@example.com', 'Daily digest: Post 2']]);
  });
});
