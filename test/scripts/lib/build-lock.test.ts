import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { acquireBuildLock } from '../../../scripts/lib/build-lock.ts';

let dir: string;
let lock: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'build-lock-'));
  lock = join(dir, 'build.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
const exitedPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('acquireBuildLock', () => {
  test('takes a free lock with its pid and releases it', () => {
    const release = acquireBuildLock(lock);
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(existsSync(lock)).toBe(false);
  });

  test.each([
    ['a build that is gone', () => String(exitedPid())],
    ['an unreadable file', () => 'not a pid'],
  ])('takes over a lock left by %s', (_, content) => {
    writeFileSync(lock, content());
    acquireBuildLock(lock)();
    expect(existsSync(lock)).toBe(false);
  });

  test('refuses while another running build holds it, naming its pid, and leaves its lock', () => {
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(lock, `${other.pid}\n`);
      expect(() => acquireBuildLock(lock)).toThrow(`another build (pid ${other.pid}) is running`);
      expect(readFileSync(lock, 'utf8').trim()).toBe(String(other.pid));
    } finally {
      other.kill();
    }
  });
});
