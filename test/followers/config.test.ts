import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { readFollowerConfig } from '../../src/followers/config.ts';

/** Settings that pass on their own; each case changes one or two. */
const base = {
  FOLLOWERS_SECRET: 'config-test-secret-config-test-secret-0000',
  FOLLOWERS_DB: '/tmp/followers-config-test/followers.sqlite',
  PUBLIC_URL: 'https://blog.example.com',
};

test.each([
  [{ PORT: 'abc' }, 'PORT must be a port number'],
  [{ PORT: ' ' }, 'PORT must be a port number'],
  [{ PORT: '0x10' }, 'PORT must be a port number'],
  [{ PORT: '70000' }, 'PORT must be a port number'],
  [{ FOLLOWERS_IP_LIMIT: 'abc' }, 'FOLLOWERS_IP_LIMIT must be a whole number'],
  [{ FOLLOWERS_IP_LIMIT: '0' }, 'FOLLOWERS_IP_LIMIT must be a whole number'],
  [{ FOLLOWERS_IP_LIMIT: '1e3' }, 'FOLLOWERS_IP_LIMIT must be a whole number'],
  [{ FOLLOWERS_IP_LIMIT: '2.5' }, 'FOLLOWERS_IP_LIMIT must be a whole number'],
])('%j is refused', (env, message) => {
  expect(() => readFollowerConfig({ ...base, ...env })).toThrow(message);
});

test.each([
  [
    { PORT: '8080', FOLLOWERS_IP_LIMIT: '25' },
    { port: 8080, ipLimit: 25 },
  ],
  [{}, { port: 4321, ipLimit: 10 }],
])('%j is read', (env, expected) => {
  expect(readFollowerConfig({ ...base, ...env })).toMatchObject(expected);
});

test('SMTP_URL without PUBLIC_URL is refused: real mail must not carry localhost links', () => {
  const { PUBLIC_URL: _unused, ...withoutUrl } = base;
  expect(() =>
    readFollowerConfig({ ...withoutUrl, SMTP_URL: 'smtps://user:pass@smtp.example.com:465' }),
  ).toThrow('PUBLIC_URL must be set when SMTP_URL is');
});

test.each([
  [{ PORT: '8080' }, 'http://localhost:8080'],
  [{}, 'http://localhost:4321'],
  [{ PORT: '0' }, null],
  [{ PORT: '0', PUBLIC_URL: 'https://blog.example.com/' }, 'https://blog.example.com'],
  [
    { PUBLIC_URL: 'https://blog.example.com', SMTP_URL: 'smtp://smtp.example.com:587' },
    'https://blog.example.com',
  ],
])('%j gives the public URL %j', (env, publicUrl) => {
  const { PUBLIC_URL: _unused, ...withoutUrl } = base;
  expect(readFollowerConfig({ ...withoutUrl, ...env }).publicUrl).toBe(publicUrl);
});

test('reading the settings writes nothing: without FOLLOWERS_SECRET the secret is the file beside the database, or null', () => {
  const dir = mkdtempSync(join(tmpdir(), 'followers-config-'));
  try {
    const env = { FOLLOWERS_DB: join(dir, 'data', 'followers.sqlite') };
    const missing = readFollowerConfig(env);
    expect(missing.secret).toBeNull();
    expect(missing.secretFile).toBe(join(dir, 'data', 'followers.secret'));
    expect(readdirSync(dir)).toEqual([]);
    mkdirSync(join(dir, 'data'));
    writeFileSync(missing.secretFile, 'from-the-file-from-the-file-from-the-file\n');
    expect(readFollowerConfig(env).secret).toBe('from-the-file-from-the-file-from-the-file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
