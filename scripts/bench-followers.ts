/**
 * `npm run bench:followers`: a benchmark, not a test. Prints
 * 1. notify throughput: one new post to 10,000 confirmed followers through a
 *    pooled SMTP connection to a local sink (npm smtp-server in its own process);
 * 2. subscribe requests per second: Debian `wrk` on loopback against the
 *    service process, each request a new address (confirmations go to the sink);
 * 3. importing 100,000 followers from a WordPress.com-style CSV;
 * 4. a digest run: 10,000 daily followers each due one digest of two posts,
 *    through the same pooled SMTP sink (compare with 1.);
 * 5. bounce processing: DSN and ARF reports (VERP-tagged) read and recorded.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatFollowerPath, HONEYPOT_FIELD } from '../src/data/follower-service.ts';
import { processBounceReport } from '../src/followers/bounces.ts';
import { findDigestSlots } from '../src/followers/digest-schedule.ts';
import { importFollowerCsv } from '../src/followers/import-csv.ts';
import { notifyFollowers } from '../src/followers/notify.ts';
import {
  createUnsubscribeNonce,
  createVerpTag,
  formatVerpAddress,
} from '../src/followers/tokens.ts';
import { site } from '../src/site.ts';
import { createConfiguredMailer, openConfiguredStore } from '../src/followers/wiring.ts';
import { findFreePort } from './lib/free-port.ts';

const root = resolve(import.meta.dirname, '..');
const followers = Number(process.env.BENCH_FOLLOWERS ?? 10_000);
const work = mkdtempSync(join(tmpdir(), 'bench-followers-'));
const secret = 'bench-secret-bench-secret-bench-secret-0000';
const children: ChildProcess[] = [];

/** Starts a child and resolves once it prints `ready`. */
function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env } });
  children.push(child);
  return new Promise((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => ready.test(String(chunk)) && done(child));
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => fail(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

try {
  if (spawnSync('wrk', ['--version']).error) {
    throw new Error('wrk is missing: apt-get install -y wrk');
  }
  // The sink: accepts and discards, counting; its own process so it does not share notify's event loop.
  const sinkPort = await findFreePort();
  const sinkCode = `import { SMTPServer } from 'smtp-server';
let n = 0;
const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
  onData(stream, _s, cb) { stream.on('data', () => {}); stream.on('end', () => { n += 1; cb(); }); } });
server.on('error', () => {});
let shown = 0;
setInterval(() => { if (n !== shown) { shown = n; console.log('received ' + n); } }, 50);
server.listen(${sinkPort}, '127.0.0.1', () => console.log('ready'));`;
  const sink = await startChild(['--input-type=module', '-e', sinkCode], {}, /ready/);
  let received = 0;
  sink.stdout?.on('data', (chunk: Buffer) => {
    const counts = [...String(chunk).matchAll(/received (\d+)/g)];
    if (counts.length > 0) received = Number(counts.at(-1)?.[1]);
  });
  const smtpUrl = `smtp://127.0.0.1:${sinkPort}`;

  // 1. notify throughput.
  const dbPath = join(work, 'notify.sqlite');
  const store = openConfiguredStore({ dbPath });
  for (let i = 0; i < followers; i += 1) {
    const nonce = createUnsubscribeNonce();
    store.signUps.addPending({
      email: `follower${i}@example.com`,
      confirmHash: `c${i}`,
      confirmExpiresAt: Date.now() + 60_000,
      unsubscribeNonce: nonce,
      unsubscribeHash: `u${i}`,
      now: Date.now(),
    });
    store.signUps.confirm(`c${i}`, Date.now());
  }
  const old = {
    id: 'https://blog.fastmail.fm/old/',
    url: 'https://blog.fastmail.fm/old/',
    title: 'Old',
    contentHtml: '<p>Old</p>',
    datePublished: '2012-07-01T00:00:00Z',
  };
  store.deliveries.recordExistingPosts([old], Date.now());
  const post = {
    ...old,
    id: 'https://blog.fastmail.fm/2012/07/16/new/',
    url: 'https://blog.fastmail.fm/2012/07/16/new/',
    title: 'Now enforcing SSL/TLS encryption on all IMAP/POP/SMTP/LDAP connections',
    contentHtml:
      '<p>' +
      'As we have noted over the last two months, SSL/TLS is now required. '.repeat(40) +
      '</p>',
  };
  // The pool's default size, 5 connections, as notify uses it.
  const mailerConfig = {
    smtpUrl,
    outboxDir: join(work, 'outbox'),
    from: 'FastMail.FM Weblog <followers@blog.fastmail.fm>',
  };
  const blogSite = { title: 'FastMail.FM Weblog', baseUrl: 'https://blog.fastmail.fm' };
  const mailer = createConfiguredMailer(mailerConfig);
  const started = performance.now();
  const report = await notifyFollowers({
    store: store.deliveries,
    mailer,
    posts: [post, old],
    site: blogSite,
    secret,
    concurrency: 5,
  });
  const seconds = (performance.now() - started) / 1000;
  await mailer.close();
  store.close();
  console.log(
    `notify: ${report.sent} of ${followers} emails in ${seconds.toFixed(1)} s = ${Math.round(report.sent / seconds)} messages/s (pooled SMTP, 5 connections)`,
  );

  // 3. import 100,000 followers.
  const importCount = Number(process.env.BENCH_IMPORT ?? 100_000);
  const csv = ['email_address,subscription_date'];
  for (let i = 0; i < importCount; i += 1) {
    csv.push(`reader${i}@example.com,2011-0${1 + (i % 9)}-15 10:00:00`);
  }
  const importStore = openConfiguredStore({ dbPath: join(work, 'import.sqlite') });
  const importStarted = performance.now();
  const imported = importFollowerCsv(csv.join('\n'), {
    store: importStore.imports,
    secret,
    source: 'WordPress.com',
    dryRun: false,
    now: Date.now(),
  });
  const importSeconds = (performance.now() - importStarted) / 1000;
  importStore.close();
  console.log(
    `import: ${imported.imported} followers from CSV in ${importSeconds.toFixed(1)} s = ${Math.round(imported.imported / importSeconds)} followers/s (target: 100,000 in under 10 s)`,
  );

  // 4. a digest run: every follower due one digest of two posts.
  const slot = findDigestSlots(Date.now(), site.digest).daily;
  const digestStore = openConfiguredStore({ dbPath: join(work, 'digest.sqlite') });
  for (let i = 0; i < followers; i += 1) {
    digestStore.signUps.addPending({
      email: `digest${i}@example.com`,
      confirmHash: `c${i}`,
      confirmExpiresAt: slot,
      unsubscribeNonce: createUnsubscribeNonce(),
      unsubscribeHash: `u${i}`,
      now: slot - 3 * 3_600_000,
    });
    digestStore.signUps.confirm(`c${i}`, slot - 2 * 3_600_000, {
      delivery: 'daily',
      categories: null,
    });
  }
  const second = { ...post, id: `${post.id}2`, url: `${post.url}2`, title: 'Another post' };
  digestStore.deliveries.recordExistingPosts([old], slot - 2 * 3_600_000);
  digestStore.deliveries.announcePost(post, slot - 90 * 60_000);
  digestStore.deliveries.announcePost(second, slot - 60 * 60_000);
  const digestMailer = createConfiguredMailer(mailerConfig);
  const digestStarted = performance.now();
  const digestReport = await notifyFollowers({
    store: digestStore.deliveries,
    mailer: digestMailer,
    posts: [second, post, old],
    site: blogSite,
    secret,
    concurrency: 5,
    bounceAddress: 'bounces@blog.fastmail.fm',
  });
  const digestSeconds = (performance.now() - digestStarted) / 1000;
  await digestMailer.close();
  console.log(
    `digests: ${digestReport.digests} of ${followers} digests (2 posts each) in ${digestSeconds.toFixed(1)} s = ${Math.round(digestReport.digests / digestSeconds)} messages/s (pooled SMTP, 5 connections; target: at least the notify rate above)`,
  );

  // 5. bounce processing: reports about the digest followers, each VERP-tagged,
  // alternating a hard-bounce DSN and an ARF complaint.
  const reportCount = Number(process.env.BENCH_REPORTS ?? 5_000);
  const digestFollowers = digestStore.operator.listFollowers();
  const reports = Array.from({ length: reportCount }, (_, i) => {
    const follower = digestFollowers[i % digestFollowers.length] as (typeof digestFollowers)[0];
    const returnPath = formatVerpAddress(
      'bounces@blog.fastmail.fm',
      createVerpTag(secret, follower.id, follower.unsubscribeNonce),
    );
    const report =
      i % 2 === 0
        ? `From: MAILER-DAEMON@mx.example.net\r\nTo: ${returnPath}\r\nSubject: Undelivered Mail\r\nMessage-ID: <r${i}@mx.example.net>\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nNot delivered.\r\n--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; ${follower.email}\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--B--\r\n`
        : `From: fbl@example.net\r\nTo: abuse@blog.fastmail.fm\r\nSubject: FW\r\nMessage-ID: <r${i}@fbl.example.net>\r\nContent-Type: multipart/report; report-type=feedback-report; boundary=A\r\n\r\n--A\r\nContent-Type: text/plain\r\n\r\nAbuse report.\r\n--A\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nVersion: 1\r\nOriginal-Rcpt-To: <${follower.email}>\r\n\r\n--A\r\nContent-Type: text/rfc822-headers\r\n\r\nReturn-Path: <${returnPath}>\r\nTo: ${follower.email}\r\n\r\n--A--\r\n`;
    return Buffer.from(report);
  });
  const bounceStarted = performance.now();
  let recorded = 0;
  for (const raw of reports) {
    const result = await processBounceReport(raw, {
      store: digestStore.bounces,
      secret,
      now: Date.now(),
    });
    if (result.outcome === 'recorded') recorded += 1;
  }
  const bounceSeconds = (performance.now() - bounceStarted) / 1000;
  const suppressedCount = digestStore.operator.listSuppressed().length;
  digestStore.close();
  console.log(
    `bounces: ${recorded} of ${reportCount} reports (DSN and ARF, VERP-checked) in ${bounceSeconds.toFixed(1)} s = ${Math.round(recorded / bounceSeconds)} reports/s, ${suppressedCount} addresses suppressed (target: at least 500 reports/s)`,
  );

  // 2. subscribe requests per second.
  const port = await findFreePort();
  const subscribeDb = join(work, 'subscribe.sqlite');
  const receivedBefore = received;
  await startChild(
    [join(root, 'src', 'followers', 'server.ts')],
    {
      PORT: String(port),
      FOLLOWERS_DB: subscribeDb,
      FOLLOWERS_SECRET: secret,
      SMTP_URL: smtpUrl,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      FOLLOWERS_IP_LIMIT: '100000000',
    },
    /Site and follower service/,
  );
  const lua = join(work, 'subscribe.lua');
  writeFileSync(
    lua,
    `local counter = 0
local thread_id = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function init(args) thread_id = id end
function request()
  counter = counter + 1
  return wrk.format("POST", "${formatFollowerPath('subscribe')}", { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "${HONEYPOT_FIELD}=&email=t" .. thread_id .. "n" .. counter .. "%40example.com")
end
function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\\n", summary.errors.status))
end
`,
  );
  const wrkStarted = performance.now();
  const wrk = spawnSync('wrk', ['-t2', '-c32', '-d10s', '-s', lua, `http://127.0.0.1:${port}/`], {
    encoding: 'utf8',
  });
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(wrk.stdout)?.[1];
  const latency = /Latency\s+(\S+)/.exec(wrk.stdout)?.[1];
  const non2xx = /non-2xx: (\d+)/.exec(wrk.stdout)?.[1];
  console.log(
    `subscribe: ${Math.round(Number(rate))} requests/s (wrk -t2 -c32 -d10s, new address each, mean latency ${latency}, non-2xx ${non2xx})`,
  );
  // Requests/s alone would count sign-ups whose confirmation still sits in the
  // service's queue: wait until the sink has every confirmation.
  const subscribeStore = openConfiguredStore({ dbPath: subscribeDb });
  const signUps = subscribeStore.operator.listFollowers().length;
  subscribeStore.close();
  let progressAt = performance.now();
  let last = received;
  while (received - receivedBefore < signUps) {
    await new Promise((done) => setTimeout(done, 50));
    if (received !== last) [last, progressAt] = [received, performance.now()];
    if (performance.now() - progressAt > 5_000) {
      throw new Error(
        `only ${received - receivedBefore} of ${signUps} confirmation emails reached the sink`,
      );
    }
  }
  const drained = (performance.now() - wrkStarted) / 1000;
  console.log(
    `subscribe end to end: ${signUps} sign-ups, every confirmation email at the sink ${drained.toFixed(1)} s after the load started = ${Math.round(signUps / drained)} sign-ups/s`,
  );
} catch (error) {
  console.error(`Benchmark failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  for (const child of children) child.kill();
  rmSync(work, { recursive: true, force: true });
}
