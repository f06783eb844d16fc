import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readFollowerConfig } from '../../../src/followers/config.ts';
import { openFollowerStore } from '../../../src/followers/store/index.ts';
import { resolveFollowerDbPath } from '../../../src/followers/store/location.ts';
import { readFollowerCount } from '../../../src/followers/store/read-only.ts';
import { site } from '../../../src/site.ts';

const dir = mkdtempSync(join(tmpdir(), 'follower-count-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('reads 0 without a database, then the confirmed followers only', () => {
  const path = join(dir, 'followers.sqlite');
  expect(readFollowerCount(path)).toBe(0);
  const store = openFollowerStore(path);
  for (const [i, confirm] of [true, true, false].entries()) {
    store.signUps.addPending({
      email: `f${i}@example.com`,
      confirmHash: `c${i}`,
      confirmExpiresAt: 10,
      unsubscribeNonce: `n${i}`,
      unsubscribeHash: `u${i}`,
      now: 0,
    });
    if (confirm) store.signUps.confirm(`c${i}`, 1);
  }
  expect(readFollowerCount(path)).toBe(2);
  store.close();
});

test('reads 0 from a SQLite file without the followers table', () => {
  const path = join(dir, 'empty.sqlite');
  writeFileSync(path, '');
  expect(readFollowerCount(path)).toBe(0);
});

const secret = { FOLLOWERS_SECRET: 'read-only-test-secret-read-only-test-secret' };

test.each([
  ['the default', {}],
  ['FOLLOWERS_DB', { FOLLOWERS_DB: join(dir, 'elsewhere', 'followers.sqlite') }],
])('with %s, the site reads the database the service uses', (_label, env) => {
  expect(resolveFollowerDbPath(env)).toBe(readFollowerConfig({ ...secret, ...env }).dbPath);
});

test('the default is under the project root, not the current folder', () => {
  const root = join(import.meta.dirname, '..', '..', '..');
  expect(resolveFollowerDbPath({})).toBe(join(root, site.followersDatabase));
});
