/**
 * One notify run at a time per database. Two overlapping runs (cron beside a
 * post-deploy hook) would each list the same queued deliveries; the ledger's
 * conditional transitions (store/deliveries.ts) already keep any row from
 * being sent twice, but only one run should be sending, and only a run that
 * knows no other is alive may touch rows a past run left `handed`.
 *
 * The lock is a row in the database itself (`run_locks`), taken in a write
 * transaction and naming its holder: pid, host, start, heartbeat. A holder
 * that is provably gone (its pid is dead in this host's pid namespace) or whose heartbeat is
 * stale (a dead holder on another host, or a reused pid) is taken over; any
 * other holder makes the run stop with a {@link NotifyLockedError} naming it.
 */
import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { DeliveryStore, RunLockHolder } from './store/deliveries.ts';

/** How often a holder moves its heartbeat, and when silence means it is gone. */
export interface NotifyLockTimings {
  /** Between two heartbeats, milliseconds. */
  readonly heartbeatMs: number;
  /** A heartbeat older than this lets another run take the lock over, milliseconds. */
  readonly staleMs: number;
}

/** A heartbeat every 15 s; two minutes of silence and the lock may be taken over. */
export const defaultNotifyLockTimings: NotifyLockTimings = {
  heartbeatMs: 15_000,
  staleMs: 120_000,
};

/** The part of the delivery store the lock uses. */
export type RunLockStore = Pick<DeliveryStore, 'takeRunLock' | 'refreshRunLock' | 'releaseRunLock'>;

/** A held run lock. */
export interface NotifyLock {
  /** This run, as the lock row names it. */
  readonly holder: RunLockHolder;
  /** The lock taken over from a holder that was gone, or null when it was free. */
  readonly replaced: RunLockHolder | null;
  /** False once a heartbeat found that another run took the lock over. */
  isHeld(): boolean;
  /** Moves the heartbeat now and says whether the lock is still this run's. */
  confirmHeld(): boolean;
  /** Stops the heartbeat and frees the lock, unless another run has taken it over since. */
  release(): void;
}

/** Thrown when another live run holds the lock. */
export class NotifyLockedError extends Error {
  /** The run holding it. */
  readonly holder: RunLockHolder;

  /** An error naming `holder`, as of `now`. */
  constructor(holder: RunLockHolder, now: number) {
    super(`Another notify run holds the lock: ${describeLockHolder(holder, now)}`);
    this.name = 'NotifyLockedError';
    this.holder = holder;
  }
}

/** Tokens of the locks this process holds right now, to tell them from a dead namesake's. */
const heldTokens = new Set<string>();

/** True when a process with this pid is running here (ours or another user's). */
function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * This host as a lock row names it: the host name, and on Linux the pid
 * namespace (`web1 (pid namespace 4026531836)`). Containers often share a
 * host name (`--network host`, a fixed `hostname:`) but never see each
 * other's processes, so a pid is only evidence within one namespace.
 */
export function identifyThisHost(): string {
  const name = hostname();
  try {
    const namespace = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1];
    return namespace ? `${name} (pid namespace ${namespace})` : name;
  } catch {
    return name;
  }
}

/**
 * True when `holder` is gone for sure: its heartbeat is older than `staleMs`,
 * or it ran on this host under a pid that is dead, or that is this process's
 * own pid without this process holding the lock (a container restarted with
 * the same pid). A pid on another host, or in another pid namespace of this
 * one ({@link identifyThisHost}), proves nothing: only the heartbeat does.
 */
export function isLockHolderGone(
  holder: RunLockHolder,
  now: number,
  staleMs: number,
  thisHost: string = identifyThisHost(),
): boolean {
  if (now - holder.heartbeatAt > staleMs) return true;
  if (holder.host !== thisHost) return false;
  if (holder.pid === process.pid) return !heldTokens.has(holder.token);
  return !isProcessRunning(holder.pid);
}

/** "pid 123 on host web1, started 2026-12-06T10:00:00.000Z, last heartbeat 3 s ago", for messages. */
export function describeLockHolder(holder: RunLockHolder, now: number): string {
  const seconds = Math.max(0, Math.round((now - holder.heartbeatAt) / 1000));
  return (
    `pid ${holder.pid} on host ${holder.host}, started ${new Date(holder.startedAt).toISOString()}, ` +
    `last heartbeat ${seconds} s ago`
  );
}

/**
 * Takes notify's run lock on the store's database, or throws a
 * {@link NotifyLockedError} naming the live run that holds it. While held, a
 * timer moves the heartbeat; if it finds the lock taken over (this run fell
 * silent for longer than `staleMs`), `isHeld()` turns false and the run stops
 * taking new deliveries.
 */
export function takeNotifyLock(
  store: RunLockStore,
  timings: Partial<NotifyLockTimings> = {},
  now: () => number = Date.now,
): NotifyLock {
  const { heartbeatMs, staleMs } = { ...defaultNotifyLockTimings, ...timings };
  const started = now();
  const holder: RunLockHolder = {
    token: randomBytes(16).toString('hex'),
    pid: process.pid,
    host: identifyThisHost(),
    startedAt: started,
    heartbeatAt: started,
  };
  const outcome = store.takeRunLock(holder, (current) => isLockHolderGone(current, now(), staleMs));
  if (!outcome.taken) throw new NotifyLockedError(outcome.holder, now());
  heldTokens.add(holder.token);
  let held = true;
  /** One heartbeat: false (for good) once the row names another run. */
  const beat = (): boolean => {
    if (!held) return false;
    try {
      held = store.refreshRunLock(holder.token, now());
    } catch {
      // A database busy past its timeout: the next beat tries again, and
      // staleMs is many heartbeats long.
    }
    return held;
  };
  const timer = setInterval(beat, heartbeatMs);
  // The sends keep the process alive; the heartbeat alone must not.
  timer.unref();
  return {
    holder,
    replaced: outcome.replaced,
    isHeld: () => held,
    confirmHeld: beat,
    release() {
      clearInterval(timer);
      heldTokens.delete(holder.token);
      held = false;
      // Deletes the row only while it still names this run's token.
      store.releaseRunLock(holder.token);
    },
  };
}
