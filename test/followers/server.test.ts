import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, expect, test } from 'vitest';
import { readFollowerConfig } from '../../src/followers/config.ts';
import { startFollowerServer } from '../../src/followers/server.ts';

const work = mkdtempSync(join(tmpdir(), 'followers-server-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('with PORT=0 and no PUBLIC_URL, confirmation links use the port the server got', async () => {
  const outbox = join(work, 'outbox');
  const server = await startFollowerServer(
    readFollowerConfig({
      PORT: '0',
      FOLLOWERS_DB: join(work, 'followers.sqlite'),
      FOLLOWERS_OUTBOX: outbox,
      FOLLOWERS_SECRET: 'server-test-secret-server-test-secret-0000',
      DIST_DIR: work,
    }),
  );
  try {
    const origin = new URL(server.url).origin;
    expect(server.publicUrl).toBe(origin);
    const response = await fetch(`${origin}/followers/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=reader%40example.com',
    });
    expect(response.status).toBe(200);
    let files: string[] = [];
    for (let i = 0; i < 100 && files.length === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      // The mail thread creates the outbox when it starts: until then, no files.
      files = (existsSync(outbox) ? readdirSync(outbox, { withFileTypes: true }) : [])
        .filter((entry) => entry.name.endsWith('.eml'))
        .map((entry) => join(outbox, entry.name));
    }
    expect(files).toHaveLength(1);
    const { text = '' } = await simpleParser(readFileSync(files[0] ?? ''));
    expect(text).toContain(`${origin}/followers/confirm?token=`);
    expect(text).not.toContain('localhost:0');
  } finally {
    await server.close();
  }
});

test('without FOLLOWERS_SECRET the server creates the secret file once, readable only by its owner', async () => {
  const dir = join(work, 'no-secret');
  const env = { PORT: '0', FOLLOWERS_DB: join(dir, 'followers.sqlite'), DIST_DIR: work };
  const config = readFollowerConfig(env);
  expect(config.secret).toBeNull();
  const server = await startFollowerServer(config);
  await server.close();
  expect(statSync(config.secretFile).mode & 0o777).toBe(0o600);
  const secret = readFollowerConfig(env).secret;
  expect(secret).toMatch(/^[\w-]{43}$/);
  // A second start keeps it: links already mailed stay valid.
  await (await startFollowerServer(readFollowerConfig(env))).close();
  expect(readFollowerConfig(env).secret).toBe(secret);
});
