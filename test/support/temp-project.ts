/**
 * A throwaway copy of the project for build tests: the real sources, config
 * and scripts, with node_modules linked package by package so Astro's caches
 * (node_modules/.astro, .vite) stay private to the copy.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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

const COPIED = ['src', 'public', 'scripts', 'astro.config.mjs', 'tsconfig.json', 'package.json'];

/** Copies the project into a fresh temporary folder. */
export function createTempProject(): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'weblog-project-'));
  for (const entry of COPIED) cpSync(join(projectRoot, entry), join(root, entry), { recursive: true });
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(projectRoot, 'node_modules'))) {
    if (name === '.astro' || name === '.vite' || name === '.cache') continue;
    symlinkSync(join(projectRoot, 'node_modules', name), join(modules, name));
  }
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
