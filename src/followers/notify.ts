/**
 * Mailing new posts to confirmed followers, exactly once per (post, follower).
 *
 * The ledger (`deliveries`) is written in this order for each pair:
 * 1. `queued`: when the post is first seen, one row per follower confirmed
 *    at that moment, in the same transaction as the post record.
 * 2. `handed`: synchronously, once the whole message body is written to the
 *    SMTP connection and before the end-of-data mark (see mailer.ts). Until
 *    then the server cannot have accepted the message.
 * 3. `sent` on the server's 250, `failed` on a 5xx, back to `queued` on a 4xx
 *    (the server said no, so a retry cannot duplicate).
 *
 * A run that dies leaves some rows `queued` (retried by the next run) and at
 * most one row per pooled connection `handed`: the end-of-data mark may or
 * may not have reached the server. Those are not re-sent on their own (a
 * second copy is as bad as none for most readers); they are listed in the
 * report, the notify script exits 2, and `resendInterrupted` sends them again
 * with the same Message-ID, so receivers that drop duplicate Message-IDs
 * keep one copy. A connection cut after the whole message went out usually
 * means the server has it; a process killed in that instant usually means
 * the end-of-data mark never left.
 *
 * Digests use the same ledger: a daily or weekly follower's rows are queued
 * when each post is announced like everyone's, and stay queued until their
 * digest is due (digest-schedule.ts); then one email covers them all and
 * every step above updates all its rows in one statement, so a digest is
 * `handed` or `sent` as a whole. The follower's digest clock moves in the
 * same transaction as `sent`: killed before that, the rerun sends the same
 * digest (same posts, same Message-ID); after it, nothing is due.
 */
import type { DigestSchedule } from '../site.ts';
import { site as siteConfig } from '../site.ts';
import { findDigestSlots } from './digest-schedule.ts';
import type { FeedPost, MailSite } from './messages.ts';
import { composeDigestEmail, composePostEmail } from './messages.ts';
import type { Mailer, OutgoingMessage } from './mailer.ts';
import { classifySendError } from './mailer.ts';
import type { DeliveryStore, InterruptedDelivery, PendingDelivery } from './store/deliveries.ts';
import {
  createManageToken,
  createVerpTag,
  deriveUnsubscribeToken,
  formatVerpAddress,
  manageLinkTtlMs,
} from './tokens.ts';

/** Retry policy for temporary failures within one run. */
export interface RetryPolicy {
  /** Attempts per delivery in one run, the first included. */
  readonly maxAttempts: number;
  /** Delay before the first retry; doubles each time. */
  readonly baseDelayMs: number;
  /** Longest delay between two attempts. */
  readonly maxDelayMs: number;
}

/** Progress after each finished delivery. */
export interface NotifyProgress {
  /** Deliveries finished in this run (sent, failed or given up for now). */
  readonly done: number;
  /** Deliveries this run set out to make. */
  readonly total: number;
  /** Of `done`, accepted by the server. */
  readonly sent: number;
}

/** Options of `notifyFollowers`. */
export interface NotifyOptions {
  /** The ledger side of the follower store. */
  readonly store: DeliveryStore;
  /** Where messages go. */
  readonly mailer: Mailer;
  /** Posts in the deployed feed, newest first. */
  readonly posts: readonly FeedPost[];
  /** Title and public base URL. */
  readonly site: MailSite;
  /**
   * Service secret (unsubscribe tokens are derived from it). Null when the
   * service never made one: fine while there is nothing to mail, else the
   * run stops with a {@link MissingSecretError} before sending anything.
   */
  readonly secret: string | null;
  /** On the first run, mail the existing posts too instead of recording them as announced. */
  readonly includeExisting?: boolean;
  /** Parallel sends; match the SMTP pool size. */
  readonly concurrency?: number;
  /** Temporary-failure retries. */
  readonly retry?: RetryPolicy;
  /** Clock, for tests. */
  readonly now?: () => number;
  /**
   * Send again the deliveries earlier runs left `handed` (maybe delivered).
   * The copy carries the same Message-ID, so receivers that drop duplicate
   * Message-IDs drop it; others show it twice.
   */
  readonly resendInterrupted?: boolean;
  /** Called after each finished delivery. */
  readonly onProgress?: (progress: NotifyProgress) => void;
  /** When digests fall due (the site's `digest` setting by default). */
  readonly digestSchedule?: DigestSchedule;
  /**
   * The bounce address; each email's envelope sender is it with the
   * follower's VERP tag (`bounces+TAG@…`). Null or absent: no VERP.
   */
  readonly bounceAddress?: string | null;
}

/** A delivery that failed for good. */
export interface FailedDelivery {
  /** Post id. */
  readonly postId: string;
  /** Recipient. */
  readonly email: string;
  /** The server's answer. */
  readonly error: string;
}

/** What a run did. */
export interface NotifyReport {
  /** True when this run only recorded the existing posts. */
  readonly recordedExisting: number;
  /** Titles of posts announced for the first time in this run. */
  readonly announced: readonly string[];
  /** Deliveries this run set out to make. */
  readonly total: number;
  /** Accepted by the server in this run. */
  readonly sent: number;
  /** Of `sent`, digests (each one email covering several posts). */
  readonly digests: number;
  /** Failed for good (5xx). */
  readonly failed: readonly FailedDelivery[];
  /** Still queued after the retries of this run (run again later). */
  readonly deferred: number;
  /** Left `handed` by an interrupted send (possibly delivered; re-sent only with `resendInterrupted`). */
  readonly interrupted: number;
  /** Those deliveries, for the operator. */
  readonly interruptedDeliveries: readonly InterruptedDelivery[];
  /** Queued deliveries whose post is no longer in the feed (cannot be composed). */
  readonly missingPosts: readonly string[];
}

/** Thrown when there are emails to send but no secret to sign their unsubscribe links. */
export class MissingSecretError extends Error {
  /** How many deliveries are waiting (still queued for the next run). */
  readonly waiting: number;

  /** An error for `waiting` deliveries that cannot be composed. */
  constructor(waiting: number) {
    super(`No secret to sign the unsubscribe links of ${waiting} queued emails`);
    this.name = 'MissingSecretError';
    this.waiting = waiting;
  }
}

/** Default retry policy: five attempts, 1 s doubling to at most 30 s. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
};

/** One email to send: a post to an instant follower, or a digest of a follower's due rows. */
interface DeliveryJob {
  /** The ledger rows it covers (one for a post email), all for the same follower. */
  readonly rows: readonly PendingDelivery[];
  /** True for a digest. */
  readonly digest: boolean;
}

/** Waits `ms` milliseconds. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The message of an error, for the ledger and the report. */
function describeError(error: unknown): string {
  const { response, message } = (error ?? {}) as { response?: unknown; message?: unknown };
  return String(response ?? message ?? error).slice(0, 500);
}

/** Finds new posts, queues them, and mails every queued delivery. */
export async function notifyFollowers(options: NotifyOptions): Promise<NotifyReport> {
  const { store, mailer, site, secret } = options;
  const now = options.now ?? Date.now;
  const retry = options.retry ?? defaultRetryPolicy;

  if (!store.isNotifyInitialised() && !options.includeExisting) {
    // First run on a site: what is already published was published before
    // anyone could follow it; mailing it now would flood new followers.
    store.recordExistingPosts(options.posts, now());
    return {
      recordedExisting: options.posts.length,
      announced: [],
      total: 0,
      sent: 0,
      digests: 0,
      failed: [],
      deferred: 0,
      interrupted: store.countInterrupted(),
      interruptedDeliveries: store.listInterrupted(),
      missingPosts: [],
    };
  }

  const known = store.listKnownPostIds();
  const announced: string[] = [];
  for (const post of [...options.posts].reverse()) {
    if (known.has(post.id)) continue;
    store.announcePost(post, now());
    announced.push(post.title);
  }

  if (options.resendInterrupted) store.requeueInterrupted(now());
  const postsById = new Map(options.posts.map((post) => [post.id, post]));
  const slots = findDigestSlots(now(), options.digestSchedule ?? siteConfig.digest);
  const instant: PendingDelivery[] = [];
  const digestRows = new Map<number, PendingDelivery[]>();
  const missing = new Set<string>();
  for (const delivery of store.listQueuedDeliveries(slots)) {
    if (!postsById.has(delivery.postId)) missing.add(delivery.postId);
    else if (delivery.delivery === 'instant') instant.push(delivery);
    else
      digestRows.set(delivery.followerId, [
        ...(digestRows.get(delivery.followerId) ?? []),
        delivery,
      ]);
  }
  const queue: DeliveryJob[] = [
    ...instant.map((delivery) => ({ rows: [delivery] as const, digest: false })),
    ...[...digestRows.values()].map((rows) => ({ rows, digest: true })),
  ];

  // A new secret would make every earlier unsubscribe link invalid, so notify
  // never invents one: the deliveries stay queued until the secret is there.
  if (queue.length > 0 && secret === null) throw new MissingSecretError(queue.length);
  const signingSecret = secret as string;

  const failed: FailedDelivery[] = [];
  let sent = 0;
  let digests = 0;
  let deferred = 0;
  let done = 0;
  const total = queue.length;

  /** The email of a job: one post, or the digest of its posts (oldest first). */
  function composeJob(job: DeliveryJob): OutgoingMessage {
    const first = job.rows[0] as PendingDelivery;
    const common = {
      to: first.email,
      followerId: first.followerId,
      unsubscribeToken: deriveUnsubscribeToken(signingSecret, first.unsubscribeNonce),
      manageToken: createManageToken(
        signingSecret,
        first.followerId,
        first.unsubscribeNonce,
        now() + manageLinkTtlMs,
      ),
      returnPath: options.bounceAddress
        ? formatVerpAddress(
            options.bounceAddress,
            createVerpTag(signingSecret, first.followerId, first.unsubscribeNonce),
          )
        : undefined,
    };
    if (!job.digest) {
      return composePostEmail(site, { ...common, post: postsById.get(first.postId) as FeedPost });
    }
    return composeDigestEmail(site, {
      ...common,
      delivery: first.delivery === 'weekly' ? 'weekly' : 'daily',
      posts: job.rows.map((row) => postsById.get(row.postId) as FeedPost),
    });
  }

  /** Sends one job, retrying temporary failures; records every outcome on all its rows. */
  async function deliver(job: DeliveryJob): Promise<void> {
    const message = composeJob(job);
    const first = job.rows[0] as PendingDelivery;
    const postIds = job.rows.map((row) => row.postId);
    const ledger = job.digest
      ? {
          handed: () => store.markDigestHanded(first.followerId, postIds, now()),
          sent: () => store.markDigestSent(first.followerId, postIds, message.messageId, now()),
          failed: (error: string) =>
            store.markDigestFailed(first.followerId, postIds, error, now()),
          deferred: (error: string) =>
            store.markDigestDeferred(first.followerId, postIds, error, now()),
        }
      : {
          handed: () => store.markHanded(first.postId, first.followerId, now()),
          sent: () => store.markSent(first.postId, first.followerId, message.messageId, now()),
          failed: (error: string) => store.markFailed(first.postId, first.followerId, error, now()),
          deferred: (error: string) =>
            store.markDeferred(first.postId, first.followerId, error, now()),
        };
    for (let attempt = 1; ; attempt += 1) {
      let handed = false;
      try {
        await mailer.send(message, {
          onHanded: () => {
            handed = true;
            ledger.handed();
          },
        });
        ledger.sent();
        sent += 1;
        if (job.digest) digests += 1;
        return;
      } catch (error) {
        const answered = typeof (error as { responseCode?: unknown }).responseCode === 'number';
        if (classifySendError(error) === 'permanent') {
          ledger.failed(describeError(error));
          failed.push({
            postId: postIds.join(' '),
            email: first.email,
            error: describeError(error),
          });
          return;
        }
        if (handed && !answered) {
          // The connection broke after the whole message went out: the server
          // may have it. Re-sending could make a second copy, so the row stays
          // `handed` and is reported.
          return;
        }
        ledger.deferred(describeError(error));
        if (attempt >= retry.maxAttempts) {
          deferred += 1;
          return;
        }
        const delay = Math.min(retry.baseDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);
        await sleep(delay * (0.75 + Math.random() * 0.5));
      }
    }
  }

  let next = 0;
  /** One of `concurrency` workers taking deliveries off the shared queue. */
  async function runWorker(): Promise<void> {
    while (next < queue.length) {
      const job = queue[next] as DeliveryJob;
      next += 1;
      await deliver(job);
      done += 1;
      options.onProgress?.({ done, total, sent });
    }
  }
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 5) }, () => runWorker());
  await Promise.all(workers);

  return {
    recordedExisting: 0,
    announced,
    total,
    sent,
    digests,
    failed,
    deferred,
    interrupted: store.countInterrupted(),
    interruptedDeliveries: store.listInterrupted(),
    missingPosts: [...missing],
  };
}
