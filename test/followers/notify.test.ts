import { describe, expect, test } from 'vitest';
import type { FeedPost } from '../../src/followers/messages.ts';
import type { NotifyOptions } from '../../src/followers/notify.ts';
import {
  MissingSecretError,
  notifyFollowers,
  SecretMismatchError,
} from '../../src/followers/notify.ts';
import { formatSecretCheck } from '../../src/followers/tokens.ts';
import type { DeliveryStore } from '../../src/followers/store/deliveries.ts';
import { openFollowerStore } from '../../src/followers/store/index.ts';
import type { FakeSendBehaviour } from '../support/fakes.ts';
import { createFakeMailer, createSmtpError } from '../support/fakes.ts';

const site = { title: 'Test Weblog', baseUrl: 'https://blog.example.com' };
const secret = 'test-secret-test-secret-test-secret-0123';
const fastRetry = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 };

/** A post as the feed would list it. */
function makePost(n: number): FeedPost {
  return {
    id: `https://blog.example.com/2012/07/${String(n).padStart(2, '0')}/post-${n}/`,
    url: `https://blog.example.com/2012/07/${String(n).padStart(2, '0')}/post-${n}/`,
    title: `Post ${n}`,
    contentHtml: `<p>Body of post ${n}.</p>`,
    datePublished: `2012-07-${String(n).padStart(2, '0')}T00:00:00.000Z`,
  };
}

/** A store with `count` confirmed followers. */
function makeStore(count: number, serviceSecret?: string): DeliveryStore {
  const { signUps, deliveries } = openFollowerStore(':memory:');
  if (serviceSecret !== undefined) signUps.recordSecretCheck(formatSecretCheck(serviceSecret));
  for (let i = 0; i < count; i += 1) {
    signUps.addPending({
      email: `f${i}@example.com`,
      confirmHash: `c${i}`,
      confirmExpiresAt: 10_000,
      unsubscribeNonce: `n${i}`,
      unsubscribeHash: `u${i}`,
      now: 0,
    });
    signUps.confirm(`c${i}`, 1);
  }
  return deliveries;
}

/** Runs notify with defaults for tests. */
function runNotify(
  store: DeliveryStore,
  posts: FeedPost[],
  behaviour?: FakeSendBehaviour,
  extra: Partial<NotifyOptions> = {},
) {
  const mailer = createFakeMailer(behaviour);
  const result = notifyFollowers({
    store,
    mailer,
    posts,
    site,
    secret,
    retry: fastRetry,
    concurrency: 3,
    ...extra,
  });
  return result.then((report) => ({ report, mailer }));
}

describe('notifyFollowers', () => {
  test('the first run records existing posts and mails nobody; the next run mails only new posts', async () => {
    const store = makeStore(3);
    const first = await runNotify(store, [makePost(2), makePost(1)]);
    expect(first.report.recordedExisting).toBe(2);
    expect(first.mailer.attempts).toHaveLength(0);
    const second = await runNotify(store, [makePost(3), makePost(2), makePost(1)]);
    expect(second.report.announced).toEqual(['Post 3']);
    expect(second.mailer.sent.map((m) => m.to).sort()).toEqual([
      'f0@example.com',
      'f1@example.com',
      'f2@example.com',
    ]);
    expect(second.mailer.sent.every((m) => m.subject === 'Post 3')).toBe(true);
    const third = await runNotify(store, [makePost(3), makePost(2), makePost(1)]);
    expect(third.mailer.attempts).toHaveLength(0);
  });

  test('--include-existing mails the existing posts on the first run, oldest first', async () => {
    const store = makeStore(1);
    const { mailer } = await runNotify(store, [makePost(2), makePost(1)], undefined, {
      includeExisting: true,
    });
    expect(mailer.sent.map((m) => m.subject)).toEqual(['Post 1', 'Post 2']);
  });

  test('4xx answers are retried with backoff; 5xx are recorded as failed and not retried', async () => {
    const store = makeStore(4);
    await runNotify(store, [makePost(1)]);
    const { report, mailer } = await runNotify(
      store,
      [makePost(2), makePost(1)],
      (message, index) => {
        if (message.to === 'f1@example.com' && index < 4) return { error: createSmtpError(451) };
        if (message.to === 'f2@example.com') return { error: createSmtpError(550) };
        return undefined;
      },
    );
    expect(report.sent).toBe(3);
    expect(report.failed).toEqual([expect.objectContaining({ email: 'f2@example.com' })]);
    expect(mailer.attempts.filter((m) => m.to === 'f2@example.com')).toHaveLength(1);
    expect(mailer.sent.filter((m) => m.to === 'f1@example.com')).toHaveLength(1);
    expect(store.countDeliveries(makePost(2).id)).toEqual({
      queued: 0,
      handed: 0,
      sent: 3,
      failed: 1,
    });
  });

  test('deliveries still failing after the retries stay queued and go out on the next run', async () => {
    const store = makeStore(2);
    await runNotify(store, [makePost(1)]);
    const posts = [makePost(2), makePost(1)];
    const broken = await runNotify(store, posts, (message) =>
      message.to === 'f0@example.com' ? { error: createSmtpError() } : undefined,
    );
    expect(broken.report.deferred).toBe(1);
    expect(broken.mailer.attempts.filter((m) => m.to === 'f0@example.com')).toHaveLength(3);
    const rerun = await runNotify(store, posts);
    expect(rerun.mailer.sent.map((m) => m.to)).toEqual(['f0@example.com']);
  });

  test('a connection lost after the message was handed over is never re-sent (at most once)', async () => {
    const store = makeStore(2);
    await runNotify(store, [makePost(1)]);
    const posts = [makePost(2), makePost(1)];
    const cut = await runNotify(store, posts, (message) =>
      message.to === 'f0@example.com'
        ? { error: createSmtpError(), handBeforeError: true }
        : undefined,
    );
    expect(cut.report.interrupted).toBe(1);
    expect(cut.mailer.attempts.filter((m) => m.to === 'f0@example.com')).toHaveLength(1);
    expect(cut.report.interruptedDeliveries).toEqual([
      { postId: makePost(2).id, email: 'f0@example.com' },
    ]);
    const rerun = await runNotify(store, posts);
    expect(rerun.mailer.attempts).toHaveLength(0);
    expect(rerun.report.interrupted).toBe(1);
    // Asked for, it goes again with the same Message-ID, and only that one.
    const resend = await runNotify(store, posts, undefined, { resendInterrupted: true });
    expect(resend.mailer.sent.map((m) => m.to)).toEqual(['f0@example.com']);
    expect(resend.mailer.sent[0]?.messageId).toBe(
      cut.mailer.attempts.find((m) => m.to === 'f0@example.com')?.messageId,
    );
    expect(resend.report.interrupted).toBe(0);
    expect(resend.report.interruptedDeliveries).toEqual([]);
    expect(store.countDeliveries(makePost(2).id)).toEqual({
      queued: 0,
      handed: 0,
      sent: 2,
      failed: 0,
    });
  });

  test('a 4xx answer after the message was handed over is retried (the server refused it)', async () => {
    const store = makeStore(1);
    await runNotify(store, [makePost(1)]);
    const { mailer } = await runNotify(store, [makePost(2), makePost(1)], (_message, index) =>
      index === 0 ? { error: createSmtpError(451), handBeforeError: true } : undefined,
    );
    expect(mailer.sent).toHaveLength(1);
    expect(store.countDeliveries(makePost(2).id).sent).toBe(1);
  });

  test('a delivery another run claimed first is abandoned before its end and reported, not sent', async () => {
    const store = makeStore(2);
    await runNotify(store, [makePost(1)]);
    const { report, mailer } = await runNotify(store, [makePost(2), makePost(1)], (message) => {
      // Another run (one that ignored the lock) reaches f0's data phase first.
      if (message.to === 'f0@example.com') store.markHanded(makePost(2).id, 1, '<other@x>', 5);
      return undefined;
    });
    expect(mailer.sent.map((m) => m.to)).toEqual(['f1@example.com']);
    expect(report.sent).toBe(1);
    expect(report.conflicts).toEqual([
      {
        postId: makePost(2).id,
        email: 'f0@example.com',
        detail: expect.stringMatching(/^not sent: no longer queued/),
      },
    ]);
    // The other run's claim stands, for that run to finish.
    expect(store.countDeliveries(makePost(2).id)).toMatchObject({ handed: 1, sent: 1 });
  });

  test('progress counts up to the total', async () => {
    const store = makeStore(5);
    await runNotify(store, [makePost(1)]);
    const seen: number[] = [];
    await runNotify(store, [makePost(2), makePost(1)], undefined, {
      onProgress: ({ done, total }) => {
        expect(total).toBe(5);
        seen.push(done);
      },
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  test('without a secret the first run still records the posts; a run with mail to send stops before sending', async () => {
    const store = makeStore(2);
    const first = await runNotify(store, [makePost(1)], undefined, { secret: null });
    expect(first.report.recordedExisting).toBe(1);
    const posts = [makePost(2), makePost(1)];
    const mailer = createFakeMailer();
    const run = notifyFollowers({ store, mailer, posts, site, secret: null, retry: fastRetry });
    await expect(run).rejects.toThrow(MissingSecretError);
    await expect(run).rejects.toMatchObject({ waiting: 2 });
    expect(mailer.attempts).toHaveLength(0);
    // Queued, not lost: the next run with the secret mails them.
    const next = await runNotify(store, posts);
    expect(next.mailer.sent).toHaveLength(2);
  });

  test.each([
    { case: 'the service checks links with another secret', service: 'other-secret', sends: false },
    { case: 'the service checks links with the same secret', service: 'same', sends: true },
    { case: 'the service has not recorded its secret yet', service: null, sends: true },
  ])('$case: sends $sends', async ({ service, sends }) => {
    const store = makeStore(
      2,
      service === null ? undefined : service === 'same' ? secret : service,
    );
    await runNotify(store, [makePost(1)]);
    const posts = [makePost(2), makePost(1)];
    const mailer = createFakeMailer();
    const run = notifyFollowers({ store, mailer, posts, site, secret, retry: fastRetry });
    if (sends) {
      await run;
      expect(mailer.sent).toHaveLength(2);
    } else {
      await expect(run).rejects.toThrow(SecretMismatchError);
      await expect(run).rejects.toMatchObject({ waiting: 2 });
      expect(mailer.attempts).toHaveLength(0);
    }
  });
});
