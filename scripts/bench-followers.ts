/**
 * `npm run bench:followers`: a benchmark, not a test. Prints
 * 1. notify throughput: one new post to 10,000 confirmed followers through a
 *    pooled SMTP connection to a local sink (npm smtp-server in its own process);
 * 2. subscribe requests per second: Debian `wrk` on loopback against the
 *    service process, each request a new address (confirmations go to the sink).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatFollowerPath, HONEYPOT_FIELD } from '../src/data/follower-service.ts';
import { notifyFollowers } from '../src/followers/notify.ts';
import { createUnsubscribeNonce } from '../src/followers/tokens.ts';
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
  const mailer = createConfiguredMailer({
    smtpUrl,
    outboxDir: join(work, 'outbox'),
    from: 'FastMail.FM Weblog <followers@blog.fastmail.fm>',
  });
  const started = performance.now();
  const report = await notifyFollowers({
    store: store.deliveries,
    mailer,
    posts: [post, old],
    site: { title: 'FastMail.FM Weblog', baseUrl: 'https://blog.fastmail.fm' },
    secret,
    concurrency: 5,
  });
  const seconds = (performance.now() - started) / 1000;
  await mailer.close();
  store.close();
  console.log(
    `notify: ${report.sent} of ${followers} emails in ${seconds.toFixed(1)} s = ${Math.round(report.sent / seconds)} messages/s (pooled SMTP, 5 connections)`,
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
