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

/** Memory (summed PSS, in bytes) of `rootPid` and every process below it. */
export function measureTreeMemory(rootPid: number): number {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const ppid = readParent(Number(name));
    if (ppid !== undefined) parents.set(Number(name), ppid);
  }
  let total = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    total += readPss(pid);
    for (const [child, ppid] of parents) if (ppid === pid) queue.push(child);
  }
  return total;
}
