/** Runs one of the project's scripts in place, on the test's own Node, and collects what it printed. */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const projectRoot = resolve(import.meta.dirname, '..', '..');

/** What a finished script left behind. */
export interface ScriptResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `scripts/…` from the project root with the given arguments. */
export function runScript(script: string, args: readonly string[] = []): ScriptResult {
  const result = spawnSync(process.execPath, [join(projectRoot, script), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
