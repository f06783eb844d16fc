/**
 * Page history for "Last updated": one `git log` over the help folder per
 * build (not one process per page), read into file → last commit date. With
 * no git or no repository every page falls back to its `updatedDate`; on a
 * shallow clone the dates are those of the few commits fetched, so the build
 * warns (and still succeeds).
 */
import { spawnSync } from 'node:child_process';
import { HELP_CONTENT_DIR } from '../lib/help-tree.ts';

/** What git knows about the help pages. */
export interface HelpHistory {
  /** Last commit date per file path relative to the project root (`src/content/help/…`). */
  readonly lastCommit: ReadonlyMap<string, Date>;
  /** `ok`, `shallow` (dates may be too recent) or `unavailable` (no git, no repository). */
  readonly state: 'ok' | 'shallow' | 'unavailable';
}

/** Runs git in `cwd`; undefined when git is missing or fails. */
function runGit(cwd: string, args: readonly string[]): string | undefined {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return result.status === 0 ? result.stdout : undefined;
}

/**
 * Parses `git log --format=%x00%cI --name-only`: each commit is a NUL, its
 * date, then the files it touched; the newest commit comes first, so a file's
 * first appearance is its last change.
 */
export function parseGitLog(output: string): Map<string, Date> {
  const dates = new Map<string, Date>();
  for (const block of output.split('\0').slice(1)) {
    const [dateLine = '', ...files] = block.split('\n');
    const date = new Date(dateLine.trim());
    if (Number.isNaN(date.getTime())) continue;
    for (const file of files.map((line) => line.trim()).filter(Boolean)) {
      if (!dates.has(file)) dates.set(file, date);
    }
  }
  return dates;
}

/** Reads the help folder's history in the repository at `root` (the project root). */
export function readHelpHistory(root: string, folder = HELP_CONTENT_DIR): HelpHistory {
  const shallow = runGit(root, ['rev-parse', '--is-shallow-repository'])?.trim();
  if (shallow === undefined) return { lastCommit: new Map(), state: 'unavailable' };
  const log = runGit(root, [
    'log',
    '--format=%x00%cI',
    '--name-only',
    '--relative',
    '--no-renames',
    '--',
    folder,
  ]);
  if (log === undefined) return { lastCommit: new Map(), state: 'unavailable' };
  return { lastCommit: parseGitLog(log), state: shallow === 'true' ? 'shallow' : 'ok' };
}

let cached: HelpHistory | undefined;

/** The history of the project in the working directory, read once per build; warns on a shallow clone. */
export function getHelpHistory(): HelpHistory {
  if (cached) return cached;
  cached = readHelpHistory(process.cwd());
  if (cached.state === 'shallow') {
    console.warn(
      'Warning: this is a shallow git clone, so "Last updated" on help pages shows the date of the oldest fetched commit for older pages. Fetch the full history (git fetch --unshallow) for true dates.',
    );
  }
  return cached;
}
