/** Fixtures for the follower store tests: throwaway database files and sign-ups with unique hashes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PendingSignUp } from '../../src/followers/store/sign-ups.ts';

const dirs: string[] = [];

/** A fresh database path in a new temporary folder (one level deeper, so opening must create it). */
export function makeDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'followers-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'followers.sqlite');
}

/** Deletes every folder `makeDbPath` made; call it from `afterEach`. */
export function removeDbPaths(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

let counter = 0;

/** A sign-up with unique hashes and nonce, its link working for 100 ms from `now`. */
export function makeSignUp(email: string, now = 1000): PendingSignUp {
  counter += 1;
  return {
    email,
    confirmHash: `c${counter}`,
    confirmExpiresAt: now + 100,
    unsubscribeNonce: `n${counter}`,
    unsubscribeHash: `u${counter}`,
    now,
  };
}
