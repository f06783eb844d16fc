/**
 * notify runs against a real SMTP server (npm smtp-server on loopback) that
 * can hold, slow down or drop a transaction at a chosen step:
 * - two `npm run notify` at once on one database: the second stops, naming
 *   the first, and every follower gets the post once;
 * - two runs that overlap all the same (the second took the first's lock
 *   over as stale): still once each, the ledger's claims decide;
 * - a relay that drops the connection before DATA leaves the delivery
 *   queued (certainly unsent, retried); a drop after the data leaves it
 *   `handed` (maybe delivered, reported);
 * - `--mark-interrupted-sent` records an interrupted delivery as sent
 *   without resending it;
 * - an interrupted delivery of someone who then unsubscribed is reported
 *   once as not resent, not as interrupted forever;
 * - a run given another secret than the follower service's sends nothing.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openFollowerStore } from '../../src/followers/store/index.ts';
import { formatSecretCheck } from '../../src/followers/tokens.ts';
import {
  countCopies,
  createFollowerDatabase,
  formatFollowerAddress,
  newPost,
  notifyInProcess,
  oldPost,
  spawnNotifyScript,
  writeFeed,
} from '../support/notify-fixtures.ts';
import type { SinkFaults, SmtpSink } from '../support/smtp-sink.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

/** The step of a transaction at which the relay can act. */
type Step = 'mail' | 'rcpt' | 'end';

/** What the relay does; reset after each test. */
interface RelayBehaviour {
  /** Drop the connection at this step of transaction `n` (1-based, counted at MAIL FROM). */
  drop?: (n: number, step: Step) => boolean;
  /** Hold the final answer of transaction `n` until the promise settles. */
  hold?: (n: number) => Promise<void> | undefined;
  /** Wait this long before answering MAIL FROM and RCPT TO (a relay doing its checks). */
  envelopeDelayMs?: number;
}

let workDir: string;
let sink: SmtpSink;
let behaviour: RelayBehaviour = {};
let dataPhases = 0;

/** Answers an envelope step after the configured delay, or drops the connection. */
async function answerEnvelope(step: Step, transaction: number): Promise<'drop' | 'accept'> {
  await sleep(behaviour.envelopeDelayMs ?? 0);
  return behaviour.drop?.(transaction, step) ? 'drop' : 'accept';
}

/** Sink faults that act out `behaviour`, whatever it is when each step comes. */
const relayFaults: SinkFaults = {
  onMailFrom: (transaction) => answerEnvelope('mail', transaction),
  onRcptTo: (transaction) => answerEnvelope('rcpt', transaction),
  onDataStart: () => void (dataPhases += 1),
  async onDataEnd(_n, transaction) {
    await behaviour.hold?.(transaction);
    return behaviour.drop?.(transaction, 'end') ? 'drop' : 'accept';
  },
};

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'followers-runs-'));
  writeFeed(workDir, [newPost, oldPost]);
  sink = await startSmtpSink();
});

afterAll(async () => {
  await sink?.close();
  rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => {
  sink.faults = relayFaults;
});

afterEach(() => {
  behaviour = {};
  dataPhases = 0;
  sink.reset();
});

/** A new database with `count` confirmed followers and the old post already announced. */
function createDatabase(count: number): string {
  return createFollowerDatabase(workDir, count);
}

/** Every one of `count` followers got exactly one copy. */
function expectOneCopyEach(count: number): void {
  expect(countCopies(sink.messages)).toEqual(
    new Map(Array.from({ length: count }, (_, i) => [formatFollowerAddress(i), 1])),
  );
}

/** Resolves once `condition` holds, checking every few milliseconds. */
async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A promise and the function that settles it. */
function createGate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Starts `npm run notify`'s script on `dbPath` against the relay. */
function spawnNotify(dbPath: string, args: readonly string[] = []): ChildProcess {
  return spawnNotifyScript({ dbPath, distDir: workDir, smtpUrl: sink.url, args, stdio: 'pipe' });
}

/** Waits for a script to end: its exit status and what it printed. */
function waitForScript(
  child: ChildProcess,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.once('close', (status) => resolve({ status, stdout, stderr })),
  );
}

/** Runs the script to its end. */
function runNotify(dbPath: string, args: readonly string[] = []) {
  return waitForScript(spawnNotify(dbPath, args));
}

/** The new post's ledger counts. */
function countLedger(dbPath: string) {
  const store = openFollowerStore(dbPath);
  try {
    return store.deliveries.countDeliveries(newPost.id);
  } finally {
    store.close();
  }
}

describe('two runs at once on one database', () => {
  test('a second `npm run notify` stops at once, naming the first; everyone gets one copy', async () => {
    const followers = 12;
    const dbPath = createDatabase(followers);
    // The first run's first message waits at its end-of-data until the second run is over.
    const gate = createGate();
    behaviour = { hold: (n) => (n === 1 ? gate.promise : undefined) };
    const first = spawnNotify(dbPath, ['--concurrency', '3']);
    const firstDone = waitForScript(first);
    await waitUntil(() => dataPhases >= 1);
    const second = await runNotify(dbPath, ['--concurrency', '3']);
    gate.open();
    const firstResult = await firstDone;
    expect(second.status).toBe(75);
    expect(second.stderr).toContain(
      `Another notify run is using ${dbPath}: pid ${first.pid} on host ${hostname()}`,
    );
    expect(second.stdout).toBe('');
    expect(firstResult.status).toBe(0);
    expect(firstResult.stdout).toContain(`Sent ${followers} of ${followers} emails.`);
    expectOneCopyEach(followers);
  });

  test('two runs that overlap anyway (the lock taken over as stale) still send each follower once', async () => {
    const followers = 12;
    const dbPath = createDatabase(followers);
    const gate = createGate();
    behaviour = { hold: (n) => (n === 1 ? gate.promise : undefined), envelopeDelayMs: 10 };
    // A never beats its heartbeat during the test; B takes any heartbeat as stale.
    const a = notifyInProcess(sink.url, dbPath, { lock: { heartbeatMs: 60_000 } });
    await waitUntil(() => dataPhases >= 1);
    const b = notifyInProcess(sink.url, dbPath, { lock: { staleMs: 0 } });
    // Both runs are sending now; the held message keeps A's first one open meanwhile.
    setTimeout(gate.open, 100);
    const [reportA, reportB] = await Promise.all([a, b]);
    expect(reportB.lockTakenOver).not.toBeNull();
    expect(reportA.lockLost).toBe(true);
    expect(reportA.sent + reportB.sent).toBe(followers);
    expectOneCopyEach(followers);
    expect(countLedger(dbPath)).toEqual({ queued: 0, handed: 0, sent: followers, failed: 0 });
    // What one run lost to the other is reported, not silently skipped.
    for (const report of [reportA, reportB]) {
      expect(report.sent + report.conflicts.length).toBe(report.total);
      for (const conflict of report.conflicts) {
        expect(conflict.detail).toMatch(/^not sent: no longer queued/);
      }
    }
  });
});

describe('a relay that drops the connection', () => {
  test.each<[string, Step, { queued: number; handed: number }]>([
    [
      'at MAIL FROM (before DATA): certainly unsent, stays queued',
      'mail',
      { queued: 1, handed: 0 },
    ],
    ['at RCPT TO (before DATA): certainly unsent, stays queued', 'rcpt', { queued: 1, handed: 0 }],
    [
      'after the data (before its answer): maybe delivered, stays handed',
      'end',
      { queued: 0, handed: 1 },
    ],
  ])('%s', async (_label, step, left) => {
    const dbPath = createDatabase(3);
    behaviour = { drop: (n, at) => n === 1 && at === step, envelopeDelayMs: 100 };
    const first = await notifyInProcess(sink.url, dbPath, {
      concurrency: 1,
      retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 5 },
    });
    expect(countLedger(dbPath)).toEqual({ ...left, sent: 2, failed: 0 });
    expect([first.deferred, first.interrupted]).toEqual([left.queued, left.handed]);
    expect(dataPhases).toBe(step === 'end' ? 3 : 2);
    behaviour = {};
    const second = await notifyInProcess(sink.url, dbPath);
    // Queued: sent by the next run. Handed: left for the operator, not resent.
    expect([second.sent, second.interrupted]).toEqual([left.queued, left.handed]);
    expect(sink.messages.filter((message) => message.to === formatFollowerAddress(0))).toHaveLength(
      left.queued,
    );
  });

  test('before DATA, the run itself retries it: one copy, nothing interrupted', async () => {
    const dbPath = createDatabase(3);
    behaviour = { drop: (n, at) => n === 1 && at === 'rcpt', envelopeDelayMs: 100 };
    const report = await notifyInProcess(sink.url, dbPath, { concurrency: 1 });
    expect([report.sent, report.deferred, report.interrupted]).toEqual([3, 0, 0]);
    expectOneCopyEach(3);
  });
});

describe('interrupted deliveries, after the operator decides', () => {
  test('`--mark-interrupted-sent` records them as sent without resending; later runs are clean', async () => {
    const dbPath = createDatabase(3);
    behaviour = { drop: (n, at) => n === 1 && at === 'end' };
    const cut = await runNotify(dbPath, ['--concurrency', '1']);
    expect(cut.status).toBe(2);
    expect(cut.stdout).toContain(`Interrupted: ${formatFollowerAddress(0)} (${newPost.id})`);
    expect(cut.stdout).toContain('`npm run notify -- --mark-interrupted-sent`');
    behaviour = {};
    const before = sink.messages.length;
    const marked = await runNotify(dbPath, ['--mark-interrupted-sent']);
    expect(marked.status).toBe(0);
    expect(marked.stdout).toBe(
      `Recorded as sent, not resent: ${formatFollowerAddress(0)} (${newPost.id})\n` +
        '1 interrupted deliveries recorded as sent; nothing was mailed.\n',
    );
    expect(countLedger(dbPath)).toEqual({ queued: 0, handed: 0, sent: 3, failed: 0 });
    const after = await runNotify(dbPath);
    expect(after.status).toBe(0);
    expect(after.stdout).not.toContain('Interrupted');
    const resend = await runNotify(dbPath, ['--resend-interrupted']);
    expect(resend.status).toBe(0);
    expect(sink.messages.length).toBe(before);
    // Twice is harmless: nothing is left to mark.
    expect((await runNotify(dbPath, ['--mark-interrupted-sent'])).stdout).toBe(
      '0 interrupted deliveries recorded as sent; nothing was mailed.\n',
    );
  });

  test('an interrupted delivery of someone who then unsubscribed is reported once as not resent', async () => {
    const dbPath = createDatabase(3);
    behaviour = { drop: (n, at) => n === 1 && at === 'end' };
    expect((await runNotify(dbPath, ['--concurrency', '1'])).status).toBe(2);
    behaviour = {};
    const store = openFollowerStore(dbPath);
    store.signUps.unsubscribe('u0', Date.now());
    expect(store.deliveries.countInterrupted()).toBe(0);
    expect(store.deliveries.listInterrupted()).toEqual([]);
    store.close();
    const settled = await runNotify(dbPath, ['--resend-interrupted']);
    expect(settled.status).toBe(0);
    expect(settled.stdout).toContain(`Not resent: ${formatFollowerAddress(0)} (${newPost.id})`);
    const next = await runNotify(dbPath);
    expect(next.status).toBe(0);
    expect(next.stdout).not.toContain(formatFollowerAddress(0));
    expect(sink.messages.filter((message) => message.to === formatFollowerAddress(0))).toEqual([]);
    expect(countLedger(dbPath)).toEqual({ queued: 0, handed: 0, sent: 2, failed: 1 });
  });
});

describe("a notify run whose secret is not the follower service's", () => {
  test('sends nothing, exits 1 naming the cause, and leaves every delivery queued', async () => {
    const dbPath = createDatabase(3);
    const store = openFollowerStore(dbPath);
    // What the service records at start; FOLLOWERS_SECRET was set for notify only, say.
    store.signUps.recordSecretCheck(formatSecretCheck('the-service-has-another-secret-000000000'));
    store.close();
    const result = await runNotify(dbPath);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "The secret differs from the follower service's: the unsubscribe links of 3 queued emails would not work",
    );
    expect(result.stderr).toContain('3 emails stay queued for the next run.');
    expect(sink.messages).toEqual([]);
    expect(countLedger(dbPath)).toEqual({ queued: 3, handed: 0, sent: 0, failed: 0 });
  });
});
