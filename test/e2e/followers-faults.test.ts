/**
 * Fault injection for notify: the SMTP server drops the connection or
 * answers 451 after k messages, or the notify process is SIGKILLed at the
 * k-th message; then notify runs again. Every confirmed follower must end
 * with exactly one copy of the post, except a delivery cut off after the
 * whole message went out: that one is reported (exit 2) and, resent on
 * request with `--resend-interrupted`, may arrive twice. The same holds for
 * digests: one email covering two posts per daily follower.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { FeedPost } from '../../src/followers/messages.ts';
import { findDigestSlots } from '../../src/followers/digest-schedule.ts';
import { openFollowerStore } from '../../src/followers/store/index.ts';
import { site as siteConfig } from '../../src/site.ts';
import {
  countCopies,
  createFollowerDatabase,
  formatFollowerAddress,
  newPost,
  notifyInProcess,
  oldPost,
  quickRetry,
  spawnNotifyScript,
  writeFeed,
} from '../support/notify-fixtures.ts';
import type { SinkFaults, SmtpSink } from '../support/smtp-sink.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

const followerCount = 20;
/** Retries that give up after two attempts, so a run meeting 451s to the end defers the rest. */
const twoAttempts = { retry: { ...quickRetry, maxAttempts: 2 } };

let workDir: string;
let sink: SmtpSink;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'followers-faults-'));
  sink = await startSmtpSink();
  writeFeed(workDir, [newPost, oldPost]);
});

afterAll(async () => {
  await sink?.close();
  rmSync(workDir, { recursive: true, force: true });
});

afterEach(() => {
  sink.reset();
});

/** A new database with `followerCount` confirmed followers and the old post already announced. */
function createDatabase(): string {
  return createFollowerDatabase(workDir, followerCount);
}

/** Every follower has exactly one copy. */
function expectExactlyOneCopyEach(): void {
  const copies = countCopies(sink.messages);
  const expected = new Map(
    Array.from({ length: followerCount }, (_, i) => [formatFollowerAddress(i), 1]),
  );
  expect(copies).toEqual(expected);
}

/** Sink faults that cut the connection once, at the MAIL FROM of message k + 1, and whether that happened. */
function dropConnectionOnceAfter(k: number): { faults: SinkFaults; happened: () => boolean } {
  let dropped = false;
  return {
    faults: {
      onMailFrom: (n) => {
        if (n === k + 1 && !dropped) {
          dropped = true;
          return 'drop';
        }
        return 'accept';
      },
    },
    happened: () => dropped,
  };
}

describe('SMTP faults during one run, then a rerun', () => {
  test.each([0, 1, 7, 19])('connection dropped at the MAIL FROM after %i messages', async (k) => {
    const dbPath = createDatabase();
    const drop = dropConnectionOnceAfter(k);
    sink.faults = drop.faults;
    const first = await notifyInProcess(sink.url, dbPath);
    expect(drop.happened()).toBe(true);
    expect(first.sent).toBe(followerCount);
    const second = await notifyInProcess(sink.url, dbPath);
    expect(second.total).toBe(0);
    expectExactlyOneCopyEach();
  });

  test.each([0, 3, 12, 19])(
    '451 for every message after %i, so the run gives up; the rerun finishes',
    async (k) => {
      const dbPath = createDatabase();
      sink.faults = { onDataEnd: (n) => (n > k ? '451' : 'accept') };
      const first = await notifyInProcess(sink.url, dbPath, twoAttempts);
      expect(first.sent).toBe(k);
      expect(first.deferred).toBe(followerCount - k);
      sink.faults = {};
      const second = await notifyInProcess(sink.url, dbPath);
      expect(second.sent).toBe(followerCount - k);
      expectExactlyOneCopyEach();
    },
  );

  test.each([2, 11])('451 for three messages after %i is retried within the run', async (k) => {
    const dbPath = createDatabase();
    sink.faults = { onDataEnd: (n) => (n > k && n <= k + 3 ? '451' : 'accept') };
    const first = await notifyInProcess(sink.url, dbPath);
    expect(first.sent).toBe(followerCount);
    expectExactlyOneCopyEach();
  });

  test('a connection cut after the whole message arrived is reported, and resent only on request', async () => {
    const dbPath = createDatabase();
    sink.faults = { onDataEnd: (n) => (n === 5 ? 'drop' : 'accept') };
    const first = await notifyInProcess(sink.url, dbPath);
    expect(first.interrupted).toBe(1);
    expect(first.interruptedDeliveries).toHaveLength(1);
    const [cut] = first.interruptedDeliveries;
    const second = await notifyInProcess(sink.url, dbPath);
    expect(second.total).toBe(0);
    expect(second.interruptedDeliveries).toEqual([cut]);
    expect(countCopies(sink.messages).size).toBe(followerCount - 1);
    const resent = await notifyInProcess(sink.url, dbPath, { resendInterrupted: true });
    expect(resent.sent).toBe(1);
    expect(resent.interrupted).toBe(0);
    expectExactlyOneCopyEach();
  });
});

/** Starts `npm run notify`'s script as its own process, three sends at a time. */
function spawnNotify(
  dbPath: string,
  extraArgs: readonly string[] = [],
  distDir = workDir,
): ChildProcess {
  return spawnNotifyScript({
    dbPath,
    distDir,
    smtpUrl: sink.url,
    args: ['--concurrency', '3', ...extraArgs],
  });
}

/** Sink faults that SIGKILL `child` when message `k` reaches `stage`: the end of its DATA, or its MAIL FROM. */
function killAt(child: ChildProcess, k: number, stage: string): SinkFaults {
  const kill = () => child.kill('SIGKILL');
  return stage === 'data'
    ? { onDataEnd: (n) => void (n === k && kill()) }
    : { onMailFrom: (n) => void (n === k && kill()) };
}

/** Resolves with the exit code or signal of a child. */
function waitForExit(child: ChildProcess): Promise<string> {
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? String(code))),
  );
}

test.each([
  ['--concurrency', 'abc'],
  ['--max-attempts', 'abc'],
  ['--retry-base-ms', '0'],
])('notify %s %s exits 1 with the usage line and mails nobody', async (option, value) => {
  const dbPath = createDatabase();
  const child = spawnNotify(dbPath, [option, value]);
  expect(await waitForExit(child)).toBe('1');
  expect(sink.messages).toHaveLength(0);
  const store = openFollowerStore(dbPath);
  expect(store.deliveries.listKnownPostIds().has(newPost.id)).toBe(false);
  store.close();
});

describe('notify process killed, then run again', () => {
  test.each([
    [1, 'data'],
    [6, 'data'],
    [13, 'data'],
    [20, 'data'],
    [1, 'mail'],
    [9, 'mail'],
  ])('SIGKILL at message %i (at its %s stage)', async (k, stage) => {
    const dbPath = createDatabase();
    const child = spawnNotify(dbPath);
    sink.faults = killAt(child, k, stage);
    expect(await waitForExit(child)).toBe('SIGKILL');
    sink.faults = {};
    const rerun = await waitForExit(spawnNotify(dbPath));
    const store = openFollowerStore(dbPath);
    const interrupted = store.deliveries.listInterrupted();
    store.close();
    if (interrupted.length === 0) {
      expect(rerun).toBe('0');
      expectExactlyOneCopyEach();
      return;
    }
    // Killed after the message was handed over: reported with exit 2, then
    // resent on request. Everyone has a copy; only the interrupted ones may have two.
    expect(rerun).toBe('2');
    expect(await waitForExit(spawnNotify(dbPath, ['--resend-interrupted']))).toBe('0');
    const twice = new Set(interrupted.map((delivery) => delivery.email));
    for (let i = 0; i < followerCount; i += 1) {
      const email = formatFollowerAddress(i);
      const copies = countCopies(sink.messages).get(email) ?? 0;
      if (twice.has(email)) expect([1, 2]).toContain(copies);
      else expect(copies).toBe(1);
    }
  });
});

describe('digests: notify killed or cut off, then run again', () => {
  const newerPost: FeedPost = {
    ...newPost,
    id: newPost.id.replace('new', 'newer'),
    url: newPost.url.replace('new', 'newer'),
    title: 'Newer post',
  };
  const digestPosts = [newerPost, newPost, oldPost];
  let digestDir: string;
  let digestDatabases = 0;

  beforeAll(() => {
    digestDir = join(workDir, 'digest-dist');
    mkdirSync(digestDir);
    writeFeed(digestDir, digestPosts);
  });

  /**
   * A database of daily followers who confirmed before the latest digest
   * time, with both new posts announced before it too: every one of them is
   * due one digest of two posts.
   */
  function createDigestDatabase(): string {
    digestDatabases += 1;
    const path = join(workDir, `digest-${digestDatabases}.sqlite`);
    const slot = findDigestSlots(Date.now(), siteConfig.digest).daily;
    const store = openFollowerStore(path);
    for (let i = 0; i < followerCount; i += 1) {
      store.signUps.addPending({
        email: formatFollowerAddress(i),
        confirmHash: `c${i}`,
        confirmExpiresAt: slot,
        unsubscribeNonce: `n${i}`,
        unsubscribeHash: `u${i}`,
        now: slot - 3 * 60 * 60 * 1000,
      });
      store.signUps.confirm(`c${i}`, slot - 2 * 60 * 60 * 1000, {
        delivery: 'daily',
        categories: null,
      });
    }
    store.deliveries.recordExistingPosts([oldPost], slot - 2 * 60 * 60 * 1000);
    store.deliveries.announcePost(newPost, slot - 90 * 60 * 1000);
    store.deliveries.announcePost(newerPost, slot - 60 * 60 * 1000);
    store.close();
    return path;
  }

  /** Every digest the sink holds covers both new posts. */
  async function expectDigestsOfBothPosts(): Promise<void> {
    for (let i = 0; i < sink.messages.length; i += 1) {
      const mail = await sink.parse(i);
      // The site's title: the script's, or the test's in-process runs.
      expect(mail.subject).toMatch(/^Daily digest: 2 new posts on /);
      expect(mail.text).toContain(newPost.url);
      expect(mail.text).toContain(newerPost.url);
    }
  }

  test.each([0, 7, 19])('connection dropped at the MAIL FROM after %i digests', async (k) => {
    const dbPath = createDigestDatabase();
    const drop = dropConnectionOnceAfter(k);
    sink.faults = drop.faults;
    const first = await notifyInProcess(sink.url, dbPath, { posts: digestPosts });
    expect([first.sent, first.digests]).toEqual([followerCount, followerCount]);
    expect((await notifyInProcess(sink.url, dbPath, { posts: digestPosts })).total).toBe(0);
    expectExactlyOneCopyEach();
    await expectDigestsOfBothPosts();
  });

  test.each([3, 12])('451 for every digest after %i; the rerun finishes', async (k) => {
    const dbPath = createDigestDatabase();
    sink.faults = { onDataEnd: (n) => (n > k ? '451' : 'accept') };
    const first = await notifyInProcess(sink.url, dbPath, { ...twoAttempts, posts: digestPosts });
    expect([first.sent, first.deferred]).toEqual([k, followerCount - k]);
    sink.faults = {};
    expect((await notifyInProcess(sink.url, dbPath, { posts: digestPosts })).sent).toBe(
      followerCount - k,
    );
    expectExactlyOneCopyEach();
    await expectDigestsOfBothPosts();
  });

  test.each([
    [1, 'data'],
    [8, 'data'],
    [20, 'data'],
    [1, 'mail'],
    [13, 'mail'],
  ])('SIGKILL at digest %i (at its %s stage)', async (k, stage) => {
    const dbPath = createDigestDatabase();
    const child = spawnNotify(dbPath, [], digestDir);
    sink.faults = killAt(child, k, stage);
    expect(await waitForExit(child)).toBe('SIGKILL');
    sink.faults = {};
    const rerun = await waitForExit(spawnNotify(dbPath, [], digestDir));
    const store = openFollowerStore(dbPath);
    const interrupted = store.deliveries.listInterrupted();
    store.close();
    await expectDigestsOfBothPosts();
    if (interrupted.length === 0) {
      expect(rerun).toBe('0');
      expectExactlyOneCopyEach();
      return;
    }
    // A digest cut off after it was handed: both its rows are reported, resent on request.
    expect(rerun).toBe('2');
    expect(await waitForExit(spawnNotify(dbPath, ['--resend-interrupted'], digestDir))).toBe('0');
    const twice = new Set(interrupted.map((delivery) => delivery.email));
    for (let i = 0; i < followerCount; i += 1) {
      const email = formatFollowerAddress(i);
      const copies = countCopies(sink.messages).get(email) ?? 0;
      if (twice.has(email)) expect([1, 2]).toContain(copies);
      else expect(copies).toBe(1);
    }
    // The run after that finds nothing due: nobody gets a third.
    expect(await waitForExit(spawnNotify(dbPath, [], digestDir))).toBe('0');
    await expectDigestsOfBothPosts();
  });
});
