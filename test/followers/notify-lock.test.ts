/**
 * notify's run lock on a real database file: who may take it over, the
 * message naming a live holder, the heartbeat, and a lock lost to a takeover.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, describe, expect, test } from 'vitest';
import {
  identifyThisHost,
  isLockHolderGone,
  NotifyLockedError,
  takeNotifyLock,
} from '../../src/followers/notify-lock.ts';
import type { RunLockHolder } from '../../src/followers/store/deliveries.ts';
import { openFollowerStore } from '../../src/followers/store/index.ts';
import { makeDbPath, removeDbPaths } from '../support/follower-fixtures.ts';

afterEach(removeDbPaths);

/** The pid of a process that has already exited. */
function findDeadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

const now = Date.now();
const here = identifyThisHost();
const staleMs = 60_000;

/** A lock row as another run would have left it. */
function makeHolder(overrides: Partial<RunLockHolder>): RunLockHolder {
  return {
    token: 'someone-else',
    pid: process.ppid,
    host: here,
    startedAt: now - 5_000,
    heartbeatAt: now - 1_000,
    ...overrides,
  };
}

describe('who may take a held lock over', () => {
  test.each<[string, () => Partial<RunLockHolder>, boolean]>([
    ['a live process on this host, heartbeat fresh', () => ({}), false],
    ['a dead pid on this host', () => ({ pid: findDeadPid() }), true],
    ['this very pid, but a lock this process does not hold', () => ({ pid: process.pid }), true],
    [
      'another host, heartbeat fresh (its pid proves nothing here)',
      () => ({ host: 'elsewhere', pid: 1 }),
      false,
    ],
    [
      'a dead pid under this host name but in another pid namespace (a container)',
      () => ({ host: `${hostname()} (pid namespace 1)`, pid: findDeadPid() }),
      false,
    ],
    [
      'another host, heartbeat stale',
      () => ({ host: 'elsewhere', heartbeatAt: now - 2 * staleMs }),
      true,
    ],
    [
      'a live pid on this host, heartbeat stale (a reused pid)',
      () => ({ heartbeatAt: now - 2 * staleMs }),
      true,
    ],
  ])('%s: gone = %s', (_label, overrides, gone) => {
    expect(isLockHolderGone(makeHolder(overrides()), now, staleMs, here)).toBe(gone);
  });
});

test('this host is named with its pid namespace, which containers sharing a host name do not share', () => {
  expect(existsSync('/proc/self/ns/pid'), 'these tests run on Linux').toBe(true);
  expect(identifyThisHost()).toMatch(new RegExp(`^${hostname()} \\(pid namespace \\d+\\)$`));
});

describe('takeNotifyLock', () => {
  test('one holder at a time; the second is refused with a message naming the first', () => {
    const store = openFollowerStore(makeDbPath());
    const first = takeNotifyLock(store.deliveries);
    expect(first.replaced).toBeNull();
    let refusal: unknown;
    try {
      takeNotifyLock(store.deliveries);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(NotifyLockedError);
    expect((refusal as NotifyLockedError).holder).toEqual(first.holder);
    expect((refusal as Error).message).toMatch(
      new RegExp(
        `^Another notify run holds the lock: pid ${process.pid} on host ${here.replace(/[()]/g, (char) => `\\${char}`)}, started \\S+Z, last heartbeat \\d+ s ago$`,
      ),
    );
    first.release();
    const second = takeNotifyLock(store.deliveries);
    expect(second.replaced).toBeNull();
    second.release();
    store.close();
  });

  test('a second connection to the same file sees the lock (it lives in the database)', () => {
    const path = makeDbPath();
    const a = openFollowerStore(path);
    const b = openFollowerStore(path);
    const lock = takeNotifyLock(a.deliveries);
    expect(() => takeNotifyLock(b.deliveries)).toThrow(NotifyLockedError);
    lock.release();
    takeNotifyLock(b.deliveries).release();
    a.close();
    b.close();
  });

  test('a lock left by a dead process is taken over and named', () => {
    const store = openFollowerStore(makeDbPath());
    const dead = makeHolder({ pid: findDeadPid() });
    expect(store.deliveries.takeRunLock(dead, () => false)).toEqual({
      taken: true,
      replaced: null,
    });
    const lock = takeNotifyLock(store.deliveries);
    expect(lock.replaced).toEqual(dead);
    lock.release();
    store.close();
  });

  test('the heartbeat moves; a run whose lock was taken over finds out and does not free the new one', async () => {
    const path = makeDbPath();
    const a = openFollowerStore(path);
    const b = openFollowerStore(path);
    const slow = takeNotifyLock(a.deliveries, { heartbeatMs: 60_000 });
    expect(slow.confirmHeld()).toBe(true);
    // B counts any heartbeat older than 0 ms as silence: the mistaken takeover
    // a hung holder would suffer.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const eager = takeNotifyLock(b.deliveries, { staleMs: 0, heartbeatMs: 10 });
    expect(eager.replaced?.token).toBe(slow.holder.token);
    expect(slow.isHeld()).toBe(true);
    expect(slow.confirmHeld()).toBe(false);
    expect(slow.isHeld()).toBe(false);
    slow.release();
    // Still B's: A's release removed nothing.
    expect(() => takeNotifyLock(a.deliveries)).toThrow(NotifyLockedError);
    const before = eager.holder.heartbeatAt;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(eager.isHeld()).toBe(true);
    expect(eager.confirmHeld()).toBe(true);
    let refusal: NotifyLockedError | undefined;
    try {
      takeNotifyLock(a.deliveries);
    } catch (error) {
      refusal = error as NotifyLockedError;
    }
    expect(refusal?.holder.heartbeatAt).toBeGreaterThan(before);
    eager.release();
    a.close();
    b.close();
  });
});
