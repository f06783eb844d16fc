/**
 * `npm run notify [-- --include-existing]`: after a deploy, mails each new
 * post in dist/feed.json to every confirmed follower, once. Safe to rerun at
 * any time, and one run at a time per database: a run that finds another
 * live run holding the database's notify lock stops at once and names it
 * (a lock left by a dead run is taken over). See src/followers/notify.ts.
 *
 * Options: --include-existing (first run: mail what is already published),
 * --resend-interrupted (send again what a cut-off run may have delivered,
 * same Message-ID), --mark-interrupted-sent (record those as sent instead,
 * without resending; sends nothing else), --concurrency N, --max-attempts N,
 * --retry-base-ms N, --quiet.
 * Exit status: 0 done, 1 error (bad settings or options: each numeric option
 * must be a whole number of at least 1; or emails to send but no secret yet:
 * the service creates it when it first starts), 2 some deliveries were interrupted
 * and are listed (decide, then rerun with --resend-interrupted or
 * --mark-interrupted-sent), 75 run again later: some deliveries deferred, or
 * another notify run holds the lock (or took it over from this one).
 */
import { dirname, join } from 'node:path';
import { readFollowerConfig } from '../src/followers/config.ts';
import { readFeedPosts } from '../src/followers/feed.ts';
import type { NotifyLock } from '../src/followers/notify-lock.ts';
import {
  defaultNotifyLockTimings,
  describeLockHolder,
  NotifyLockedError,
  takeNotifyLock,
} from '../src/followers/notify-lock.ts';
import type { FeedPost } from '../src/followers/messages.ts';
import type { NotifyReport } from '../src/followers/notify.ts';
import {
  acknowledgeInterrupted,
  defaultRetryPolicy,
  MissingSecretError,
  SecretMismatchError,
  notifyFollowers,
} from '../src/followers/notify.ts';
import { parseNotifyArgs } from '../src/followers/notify-options.ts';
import { describeMissingSecret } from '../src/followers/secret.ts';
import type { InterruptedDelivery } from '../src/followers/store/deliveries.ts';
import { createConfiguredMailer, openConfiguredStore } from '../src/followers/wiring.ts';
import { site, type SiteConfig } from '../src/site.ts';
import { describePingReport, pingChangedFeeds } from '../src/websub/index.ts';

let values;
try {
  values = parseNotifyArgs(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

let config;
try {
  config = readFollowerConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
// Settings and feed are checked before the database is opened (or created).
const feedPath = join(config.distDir, 'feed.json');
let publicUrl = '';
let posts: FeedPost[] = [];
if (!values.markInterruptedSent) {
  if (config.publicUrl === null) {
    console.error(
      'Set PUBLIC_URL (the site origin, e.g. https://blog.fastmail.fm): links in emails use it.',
    );
    process.exit(1);
  }
  publicUrl = config.publicUrl;
  try {
    posts = readFeedPosts(feedPath);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

/** Prints what a run settled: interrupted deliveries of people who are no longer followers. */
function printSettled(settled: readonly InterruptedDelivery[]): void {
  if (settled.length === 0) return;
  console.log(
    `${settled.length} interrupted deliveries were for people who are no longer followers: ` +
      'recorded as not resent (they may have arrived).',
  );
  for (const { email, postId } of settled) console.log(`Not resent: ${email} (${postId})`);
}

// The lock comes first: a second run must not even ping the hub or touch the ledger.
const store = openConfiguredStore(config);
let lock: NotifyLock;
try {
  lock = takeNotifyLock(store.deliveries);
} catch (error) {
  store.close();
  if (!(error instanceof NotifyLockedError)) throw error;
  console.error(
    `Another notify run is using ${config.dbPath}: ${describeLockHolder(error.holder, Date.now())}.\n` +
      'Nothing was done. Run again once it has finished. A lock whose holder died is taken over ' +
      `(at once on the same host; elsewhere after ${defaultNotifyLockTimings.staleMs / 1000} s without a heartbeat).`,
  );
  process.exit(75);
}
if (lock.replaced) {
  console.log(
    `Took over the notify lock of a run that is gone (${describeLockHolder(lock.replaced, Date.now())}).`,
  );
}

if (values.markInterruptedSent) {
  let acknowledged;
  try {
    acknowledged = acknowledgeInterrupted({ store: store.deliveries, heldLock: lock });
  } finally {
    lock.release();
    store.close();
  }
  printSettled(acknowledged.settledInterrupted);
  for (const { email, postId } of acknowledged.acknowledged) {
    console.log(`Recorded as sent, not resent: ${email} (${postId})`);
  }
  console.log(
    `${acknowledged.acknowledged.length} interrupted deliveries recorded as sent; nothing was mailed.`,
  );
  process.exit(0);
}

// Feed readers first: the WebSub hub hears of every changed feed (site.websubHub).
const siteConfig: SiteConfig = site;
if (siteConfig.websubHub) {
  const pings = await pingChangedFeeds({
    hub: siteConfig.websubHub,
    distDir: config.distDir,
    origin: site.url,
    statePath: join(dirname(config.dbPath), 'websub.json'),
  });
  const { summary, problems } = describePingReport(siteConfig.websubHub, pings);
  console.log(summary);
  for (const problem of problems) console.error(problem);
}

const mailer = createConfiguredMailer(config);
store.signUps.purgeExpired(Date.now());
let lastShown = 0;
let report: NotifyReport | undefined;
try {
  report = await notifyFollowers({
    store: store.deliveries,
    mailer,
    posts,
    site: { title: site.title, baseUrl: publicUrl },
    secret: config.secret,
    heldLock: lock,
    bounceAddress: config.bounceAddress,
    includeExisting: values.includeExisting,
    resendInterrupted: values.resendInterrupted,
    concurrency: values.concurrency,
    retry: {
      maxAttempts: values.maxAttempts,
      baseDelayMs: values.retryBaseMs,
      maxDelayMs: defaultRetryPolicy.maxDelayMs,
    },
    onProgress: ({ done, total, sent }) => {
      // About fifty progress lines per run, plus the last one.
      if (values.quiet || (done - lastShown < Math.max(1, total / 50) && done !== total)) return;
      lastShown = done;
      console.log(`sent ${sent} / ${total}`);
    },
  });
} catch (error) {
  if (error instanceof SecretMismatchError) {
    console.error(
      `${error.message}.\nGive notify the same secret as the follower service: FOLLOWERS_SECRET, when set, ` +
        `wins over the secret file (${config.secretFile}), so set it for both or for neither.`,
    );
  } else if (error instanceof MissingSecretError) {
    console.error(describeMissingSecret(config.secretFile));
  } else {
    throw error;
  }
  console.error(`${error.waiting} emails stay queued for the next run.`);
} finally {
  await mailer.close();
  lock.release();
  store.close();
}
if (!report) process.exit(1);

if (report.recordedExisting > 0) {
  console.log(
    `First run: recorded ${report.recordedExisting} published posts as already announced; nobody was mailed.\n` +
      'New posts will be mailed from the next run. (`--include-existing` mails them instead.)',
  );
}
for (const title of report.announced) console.log(`New post: ${title}`);
console.log(`Sent ${report.sent} of ${report.total} emails.`);
if (report.digests > 0) console.log(`${report.digests} of them were digests.`);
for (const failure of report.failed) {
  console.log(`Failed for good: ${failure.email} (${failure.postId}): ${failure.error}`);
}
for (const conflict of report.conflicts) {
  console.log(`Changed meanwhile: ${conflict.email} (${conflict.postId}): ${conflict.detail}`);
}
printSettled(report.settledInterrupted);
if (report.interrupted > 0) {
  console.log(
    `${report.interrupted} deliveries were cut off while the message was being transferred ` +
      "(after the relay's 354, before its final answer: a run was stopped or the connection broke): " +
      'they may or may not have arrived.',
  );
  for (const { email, postId } of report.interruptedDeliveries) {
    console.log(`Interrupted: ${email} (${postId})`);
  }
  console.log(
    'Run `npm run notify -- --resend-interrupted` to send them again with the same Message-ID ' +
      '(most receivers then keep one copy; some show two), or ' +
      '`npm run notify -- --mark-interrupted-sent` to record them as sent without resending.',
  );
}
if (report.lockLost) {
  console.log(
    `Another notify run took the lock over during this run (this one fell silent for over ${defaultNotifyLockTimings.staleMs / 1000} s)` +
      (report.notAttempted > 0
        ? `: ${report.notAttempted} deliveries were left queued for it, not attempted here.`
        : '.'),
  );
}
if (report.missingPosts.length > 0) {
  console.log(`Queued posts no longer in ${feedPath}: ${report.missingPosts.join(', ')}`);
}
if (report.deferred > 0) {
  console.log(
    `${report.deferred} deliveries got temporary errors and are still queued: run \`npm run notify\` again later.`,
  );
  process.exitCode = 75;
}
if (report.notAttempted > 0) process.exitCode = 75;
// Interrupted deliveries need a person's decision: that outranks "run again later".
if (report.interrupted > 0) process.exitCode = 2;
