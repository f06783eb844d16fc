/**
 * `npm run notify [-- --include-existing]`: after a deploy, mails each new
 * post in dist/feed.json to every confirmed follower, once. Safe to rerun at
 * any time; see src/followers/notify.ts for how.
 *
 * Options: --include-existing (first run: mail what is already published),
 * --resend-interrupted (send again what a cut-off run may not have delivered,
 * same Message-ID), --concurrency N, --max-attempts N, --retry-base-ms N, --quiet.
 * Exit status: 0 done, 1 error (bad settings or options: each numeric option
 * must be a whole number of at least 1; or emails to send but no secret yet:
 * the service creates it when it first starts), 2 some deliveries were interrupted
 * and are listed (decide, then rerun with --resend-interrupted), 75 some
 * deliveries deferred (run again later).
 */
import { dirname, join } from 'node:path';
import { readFollowerConfig } from '../src/followers/config.ts';
import { readFeedPosts } from '../src/followers/feed.ts';
import type { NotifyReport } from '../src/followers/notify.ts';
import {
  defaultRetryPolicy,
  MissingSecretError,
  notifyFollowers,
} from '../src/followers/notify.ts';
import { parseNotifyArgs } from '../src/followers/notify-options.ts';
import { describeMissingSecret } from '../src/followers/secret.ts';
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
if (config.publicUrl === null) {
  console.error(
    'Set PUBLIC_URL (the site origin, e.g. https://blog.fastmail.fm): links in emails use it.',
  );
  process.exit(1);
}
const publicUrl = config.publicUrl;
const feedPath = join(config.distDir, 'feed.json');
let posts;
try {
  posts = readFeedPosts(feedPath);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
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

const store = openConfiguredStore(config);
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
  if (!(error instanceof MissingSecretError)) throw error;
  console.error(describeMissingSecret(config.secretFile));
  console.error(`${error.waiting} emails stay queued for the next run.`);
} finally {
  await mailer.close();
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
if (report.interrupted > 0) {
  console.log(
    `${report.interrupted} deliveries were cut off after the whole message reached the connection ` +
      '(a run was stopped or the connection broke): they may or may not have arrived.',
  );
  for (const { email, postId } of report.interruptedDeliveries) {
    console.log(`Interrupted: ${email} (${postId})`);
  }
  console.log(
    'Run `npm run notify -- --resend-interrupted` to send them again with the same Message-ID ' +
      '(most receivers then keep one copy; some show two), or remove them with ' +
      '`npm run followers -- remove <email>` if they must not get a second copy.',
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
// Interrupted deliveries need a person's decision: that outranks "run again later".
if (report.interrupted > 0) process.exitCode = 2;
