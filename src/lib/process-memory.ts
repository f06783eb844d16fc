/**
 * Resident memory of a process and all its descendants, read from Linux's
 * /proc, so a benchmark can report the peak of a build that spawns workers.
 */
import { readdirSync, readFileSync } from 'node:fs';

const PAGE_SIZE = 4096;

/** Parent pid and resident bytes of one process, or undefined once it has exited. */
function readProcess(pid: number): { ppid: number; rss: number } | undefined {
  try {
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const rssPages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return { ppid: Number(fields[1]), rss: rssPages * PAGE_SIZE };
  } catch {
    return undefined;
  }
}

/** Sum of resident memory, in bytes, of `rootPid` and every process below it. */
export function measureTreeRss(rootPid: number): number {
  const processes = new Map<number, { ppid: number; rss: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProcess(Number(name));
    if (info) processes.set(Number(name), info);
  }
  let total = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    total += processes.get(pid)?.rss ?? 0;
    for (const [child, info] of processes) if (info.ppid === pid) queue.push(child);
  }
  return total;
}
