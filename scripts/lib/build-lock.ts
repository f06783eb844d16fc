/**
 * One build at a time per project: `npm run build` stages into one fixed
 * folder (a fixed output path keeps Astro's incremental cache valid: the
 * build's modules embed it), so a second build must not start while one runs.
 * The lock file holds the builder's pid; a lock left by a process that is
 * gone (a killed build) is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/** True when a process with this pid is running (ours or another user's). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock at `path` for this process and returns the function that
 * releases it (also run when the process exits). Throws, naming the other
 * build's pid, when a running process holds it.
 */
export function acquireBuildLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      const release = () => rmSync(path, { force: true });
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw new Error(
          `another build (pid ${holder}) is running in this project; wait for it, or remove ${path} if it is not`,
        );
      }
      // Left by a build that is gone: take it over.
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not take the build lock ${path}`);
}
