/**
 * Mailing new posts to confirmed followers, exactly once per (post, follower).
 *
 * One run at a time per database (notify-lock.ts): a second run stops at
 * once, naming the first.
 *
 * The ledger (`deliveries`) is written in this order for each pair:
 * 1. `queued`: when the post is first seen, one row per follower confirmed
 *    at that moment, in the same transaction as the post record.
 * 2. `handed`: synchronously, in the SMTP data phase (after the server's 354,
 *    before the end-of-data mark; see mailer.ts). Until then the server
 *    cannot have accepted the message: a connection lost during MAIL FROM,
 *    RCPT TO or DATA leaves the row `queued`, to be retried.
 * 3. `sent` on the server's 250, `failed` on a 5xx, back to `queued` on a 4xx
 *    (the server said no, so a retry cannot duplicate).
 *
 * Each step moves the row only from the state it expects (`queued` → `handed`
 * is the claim): a row another run took, or that an unsubscribe or a
 * preference change dropped, is not sent by this run, and the message whose
 * claim failed is abandoned before its end-of-data mark. So even two runs
 * that ignored the lock would not send a row twice; the report lists what
 * such a change took away.
 *
 * A run that dies leaves some rows `queued` (retried by the next run) and at
 * most one row per pooled connection `handed`: the end-of-data mark may or
 * may not have reached the server. Those are not re-sent on their own (a
 * second copy is as bad as none for most readers); they are listed in the
 * report, the notify script exits 2, and the operator decides:
 * `resendInterrupted` sends them again with the same Message-ID (receivers
 * that drop duplicate Message-IDs keep one copy), {@link acknowledgeInterrupted}
 * records them as sent without resending. A `handed` row of someone who is no
 * longer a follower is settled (`failed`, noted "may have arrived") and
 * reported once: nobody would resend it.
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
import type { NotifyLock, NotifyLockTimings } from './notify-lock.ts';
import { takeNotifyLock } from './notify-lock.ts';
import type {
  DeliveryStore,
  ExpectedState,
  InterruptedDelivery,
  PendingDelivery,
  RunLockHolder,
} from './store/deliveries.ts';
import {
  createManageToken,
  createVerpTag,
  deriveUnsubscribeToken,
  formatSecretCheck,
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
  /** Run-lock timings (heartbeat, when a silent holder counts as gone); the defaults suit production. */
  readonly lock?: Partial<NotifyLockTimings>;
  /**
   * The notify lock, when the caller took it already (the script does, before
   * pinging WebSub); it stays held for the caller to release. Without it the
   * run takes the lock itself.
   */
  readonly heldLock?: NotifyLock;
}

/** A delivery this run did not finish because its ledger row changed under it. */
export interface ConflictedDelivery {
  /** Post id (several, space-separated, for a digest). */
  readonly postId: string;
  /** Recipient. */
  readonly email: string;
  /** What happened, for the operator. */
  readonly detail: string;
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
  /**
   * Deliveries left `handed` for people who are no longer followers: settled
   * by this run (never resent), listed once.
   */
  readonly settledInterrupted: readonly InterruptedDelivery[];
  /**
   * Deliveries whose ledger row changed while this run worked on them
   * (another run took them, or the follower left, changed their choices or
   * was removed); not sent by this run unless the detail says so.
   */
  readonly conflicts: readonly ConflictedDelivery[];
  /** The run lock this run took over from a holder that was gone, or null. */
  readonly lockTakenOver: RunLockHolder | null;
  /** True when another run took the lock over while this one ran. */
  readonly lockLost: boolean;
  /** Deliveries left queued, unattempted, because this run lost its lock. */
  readonly notAttempted: number;
}

/** What {@link acknowledgeInterrupted} did. */
export interface AcknowledgeReport {
  /** Interrupted deliveries now recorded as sent, without sending them again. */
  readonly acknowledged: readonly InterruptedDelivery[];
  /** Interrupted deliveries of people no longer followers, settled as never resent. */
  readonly settledInterrupted: readonly InterruptedDelivery[];
  /** The run lock taken over from a holder that was gone, or null. */
  readonly lockTakenOver: RunLockHolder | null;
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

/**
 * Thrown when there are emails to send but the secret differs from the one
 * the follower service checks links with: every unsubscribe link would fail.
 */
export class SecretMismatchError extends Error {
  /** How many deliveries are waiting (still queued for the next run). */
  readonly waiting: number;

  /** An error for `waiting` deliveries whose links the service would refuse. */
  constructor(waiting: number) {
    super(
      `The secret differs from the follower service's: the unsubscribe links of ${waiting} queued emails would not work`,
    );
    this.name = 'SecretMismatchError';
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

/**
 * Records every interrupted delivery (left `handed`: it may have arrived) as
 * sent without sending it again: the operator's answer when a second copy
 * is worse than none. Takes the run lock like a notify run, so it never
 * touches a delivery a live run is sending.
 */
export function acknowledgeInterrupted(
  options: Pick<NotifyOptions, 'store' | 'now' | 'lock' | 'heldLock'>,
): AcknowledgeReport {
  const { store } = options;
  const now = options.now ?? Date.now;
  const lock = options.heldLock ?? takeNotifyLock(store, options.lock);
  try {
    const settledInterrupted = store.settleUnmailedInterrupted(now());
    return {
      acknowledged: store.acknowledgeInterrupted(now()),
      settledInterrupted,
      lockTakenOver: lock.replaced,
    };
  } finally {
    if (!options.heldLock) lock.release();
  }
}

/**
 * Finds new posts, queues them, and mails every queued delivery, holding the
 * database's notify lock throughout (notify-lock.ts throws its
 * `NotifyLockedError` when another live run holds it).
 */
export async function notifyFollowers(options: NotifyOptions): Promise<NotifyReport> {
  if (options.heldLock) return notifyUnderLock(options, options.heldLock);
  const lock = takeNotifyLock(options.store, options.lock);
  try {
    return await notifyUnderLock(options, lock);
  } finally {
    lock.release();
  }
}

/** {@link notifyFollowers}, once the lock is held. */
async function notifyUnderLock(options: NotifyOptions, lock: NotifyLock): Promise<NotifyReport> {
  const { store, mailer, site, secret } = options;
  const now = options.now ?? Date.now;
  const retry = options.retry ?? defaultRetryPolicy;
  // No live run is sending (the lock says so), so every `handed` row is a
  // past run's: those of people who left are settled now, once.
  const settledInterrupted = store.settleUnmailedInterrupted(now());
  const lockReport = { settledInterrupted, lockTakenOver: lock.replaced };

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
      ...lockReport,
      conflicts: [],
      lockLost: !lock.confirmHeld(),
      notAttempted: 0,
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
  // The service records which secret it checks links with; a cron job given
  // another one (FOLLOWERS_SECRET set for one of them only) would mail links
  // that all fail, so nothing is sent until they agree.
  const serviceCheck = store.readServiceSecretCheck();
  if (
    queue.length > 0 &&
    serviceCheck !== null &&
    serviceCheck !== formatSecretCheck(signingSecret)
  ) {
    throw new SecretMismatchError(queue.length);
  }

  const failed: FailedDelivery[] = [];
  const conflicts: ConflictedDelivery[] = [];
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

  /**
   * Sends one job, retrying temporary failures; records every outcome on all
   * its rows, each move from the state the job left them in. A move that
   * finds the rows elsewhere ends the job and is reported as a conflict.
   */
  async function deliver(job: DeliveryJob): Promise<void> {
    const message = composeJob(job);
    const first = job.rows[0] as PendingDelivery;
    const postIds = job.rows.map((row) => row.postId);
    const ledger = job.digest
      ? {
          handed: () => store.markDigestHanded(first.followerId, postIds, message.messageId, now()),
          sent: () => store.markDigestSent(first.followerId, postIds, message.messageId, now()),
          failed: (from: ExpectedState, error: string) =>
            store.markDigestFailed(first.followerId, postIds, from, error, now()),
          deferred: (from: ExpectedState, error: string) =>
            store.markDigestDeferred(first.followerId, postIds, from, error, now()),
        }
      : {
          handed: () => store.markHanded(first.postId, first.followerId, message.messageId, now()),
          sent: () => store.markSent(first.postId, first.followerId, message.messageId, now()),
          failed: (from: ExpectedState, error: string) =>
            store.markFailed(first.postId, first.followerId, from, error, now()),
          deferred: (from: ExpectedState, error: string) =>
            store.markDeferred(first.postId, first.followerId, from, error, now()),
        };
    const recordConflict = (detail: string) =>
      conflicts.push({ postId: postIds.join(' '), email: first.email, detail });
    for (let attempt = 1; ; attempt += 1) {
      let handed = false;
      let claimLost = false;
      try {
        await mailer.send(message, {
          onHanded: () => {
            // The claim: only a row still queued goes out. Throwing here
            // abandons the message before its end-of-data mark.
            if (!ledger.handed()) {
              claimLost = true;
              throw new Error('The delivery is no longer queued: not sent');
            }
            handed = true;
          },
        });
      } catch (error) {
        if (claimLost) {
          recordConflict(
            'not sent: no longer queued when its data went out (another run took it, or the follower left or changed their choices)',
          );
          return;
        }
        const answered = typeof (error as { responseCode?: unknown }).responseCode === 'number';
        const from: ExpectedState = handed ? 'handed' : 'queued';
        if (classifySendError(error) === 'permanent') {
          if (!ledger.failed(from, describeError(error))) {
            recordConflict(
              `refused for good (${describeError(error)}), but its ledger row had changed: left as it was`,
            );
            return;
          }
          failed.push({
            postId: postIds.join(' '),
            email: first.email,
            error: describeError(error),
          });
          return;
        }
        if (handed && !answered) {
          // The connection broke in the data phase: the server may have the
          // message. Re-sending could make a second copy, so the row stays
          // `handed` and is reported.
          return;
        }
        if (!ledger.deferred(from, describeError(error))) {
          recordConflict(`not retried (${describeError(error)}): its ledger row had changed`);
          return;
        }
        if (attempt >= retry.maxAttempts) {
          deferred += 1;
          return;
        }
        const delay = Math.min(retry.baseDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);
        await sleep(delay * (0.75 + Math.random() * 0.5));
        continue;
      }
      sent += 1;
      if (job.digest) digests += 1;
      // A mailer that never called the hook still claims the row afterwards.
      if (!((handed || ledger.handed()) && ledger.sent())) {
        recordConflict(
          'sent, but its ledger row had changed meanwhile (a removed follower, or another run): check for a second copy',
        );
      }
      return;
    }
  }

  let next = 0;
  /** One of `concurrency` workers taking deliveries off the shared queue. */
  async function runWorker(): Promise<void> {
    // A run whose lock was taken over stops taking deliveries: the new holder sends them.
    while (next < queue.length && lock.isHeld()) {
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
    ...lockReport,
    conflicts,
    lockLost: !lock.confirmHeld(),
    notAttempted: queue.length - next,
  };
}
