/**
 * Memory of a process and all its descendants, read from Linux's /proc, so a
 * benchmark can report the peak of a build that spawns other processes. It
 * sums PSS (proportional set size): pages shared between the processes (the
 * Node binary itself) count once in total, not once per process as RSS would.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of one process, or undefined once it has exited. */
function readParent(pid: number): number | undefined {
  try {
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Proportional set size of one process in bytes (0 once it has exited). */
function readPss(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** `rootPid` and every process below it. */
function listTree(rootPid: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const ppid = readParent(Number(name));
    if (ppid !== undefined) parents.set(Number(name), ppid);
  }
  const tree: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    tree.push(pid);
    for (const [child, ppid] of parents) if (ppid === pid) queue.push(child);
  }
  return tree;
}

/** Memory (summed PSS, in bytes) of `rootPid` and every process below it. */
export function measureTreeMemory(rootPid: number): number {
  return listTree(rootPid).reduce((total, pid) => total + readPss(pid), 0);
}

/** Peak resident set (VmHWM) of one process in bytes, what GNU time reports as maximum RSS (0 once it has exited). */
function readPeakRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/**
 * The largest peak resident set (VmHWM) of any single process in the tree of
 * `rootPid`, in bytes: the figure GNU time's "maximum resident set size"
 * gives for the biggest process, so it compares with other generators' figures.
 */
export function measureLargestProcessPeak(rootPid: number): number {
  let largest = 0;
  for (const pid of listTree(rootPid)) largest = Math.max(largest, readPeakRss(pid));
  return largest;
}
