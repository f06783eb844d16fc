/** A throwaway copy of the project for build tests (see scripts/lib/project-copy.ts). */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { copyProject } from '../../scripts/lib/project-copy.ts';

/** The repository root. */
export const projectRoot = join(import.meta.dirname, '..', '..');

/** What a finished command printed and how it exited. */
export interface RunResult {
  readonly status: number | null;
  readonly output: string;
}

/** A temporary project directory and helpers to change and build it. */
export interface TempProject {
  readonly root: string;
  /** Writes a file relative to the project root, creating folders. */
  write(path: string, content: string): void;
  /** Removes a file or folder relative to the project root. */
  remove(path: string): void;
  /** Runs an npm-script file (e.g. `scripts/build-site.ts`) with the project's Node. */
  run(script: string, args?: string[], env?: NodeJS.ProcessEnv): Promise<RunResult>;
  /** Deletes the copy. */
  dispose(): void;
}

/** Copies the project into a fresh temporary folder. */
export function createTempProject(): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'weblog-project-'));
  copyProject(projectRoot, root);
  return {
    root,
    write(path, content) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    },
    remove(path) {
      rmSync(join(root, path), { recursive: true, force: true });
    },
    run(script, args = [], env = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [join(root, script), ...args], {
          cwd: root,
          env: { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, output }));
      });
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
