/**
 * The follower service end to end: the real server (site + follower routes),
 * a real SQLite file, a real SMTP server on loopback, and `npm run notify` as
 * a child process reading a feed.json like the one a deploy publishes.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFollowerConfig } from '../../src/followers/config.ts';
import type { RunningFollowerServer } from '../../src/followers/server.ts';
import { startFollowerServer } from '../../src/followers/server.ts';
import { readFollowerCount } from '../../src/followers/store/read-only.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { distDir, readDist } from '../support/dist.ts';
import { findFreePort } from '../../scripts/lib/free-port.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const secret = 'e2e-secret-e2e-secret-e2e-secret-e2e-secret';

let workDir: string;
let feedDir: string;
let sink: SmtpSink;
let server: RunningFollowerServer;
let baseUrl: string;
let env: NodeJS.ProcessEnv;

/** Writes the notify input: the deployed feed, optionally with new posts on top. */
function writeFeed(extraPosts: { id: string; title: string; html: string }[]): void {
  const feed = JSON.parse(readFileSync(join(distDir, 'feed.json'), 'utf8')) as { items: unknown[] };
  const added = extraPosts.map((post) => ({
    id: post.id,
    url: post.id,
    title: post.title,
    content_html: post.html,
    date_published: '2012-07-20T00:00:00.000Z',
  }));
  writeFileSync(
    join(feedDir, 'feed.json'),
    JSON.stringify({ ...feed, items: [...added, ...feed.items] }),
  );
}

/** Runs `npm run notify`'s script with the test environment. */
async function runNotify(): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [join(root, 'scripts', 'notify-followers.ts'), '--quiet'],
    {
      cwd: root,
      env,
    },
  );
  return stdout;
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'followers-e2e-'));
  feedDir = join(workDir, 'deployed');
  mkdirSync(feedDir);
  sink = await startSmtpSink();
  const port = await findFreePort();
  baseUrl = `http://127.0.0.1:${port}`;
  env = {
    ...process.env,
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    FOLLOWERS_DB: join(workDir, 'followers.sqlite'),
    FOLLOWERS_SECRET: secret,
    SMTP_URL: sink.url,
    FOLLOW_FROM: 'FastMail.FM Weblog <followers@blog.example.com>',
  };
  server = await startFollowerServer(readFollowerConfig({ ...env, DIST_DIR: distDir }));
  env.DIST_DIR = feedDir;
});

afterAll(async () => {
  await server?.close();
  await sink?.close();
  rmSync(workDir, { recursive: true, force: true });
});

test('follow from the footer form, confirm by POST, get the new post, unsubscribe in one click', async () => {
  // The built page's form, submitted as a browser without JavaScript would.
  const page = readDist('/');
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  expect(action).toBe('/followers/subscribe');
  const home = await fetch(`${baseUrl}/`);
  expect(home.status).toBe(200);
  expect(await home.text()).toContain('Get every new post delivered to your Inbox.');

  const subscribed = await fetch(`${baseUrl}${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'email=reader%40example.com&website=',
  });
  expect(subscribed.status).toBe(200);
  expect(await subscribed.text()).toContain('Check your inbox');

  await sink.waitForMessages(1);
  const confirmation = await sink.parse(0);
  expect(confirmation.to && 'text' in confirmation.to ? confirmation.to.text : '').toBe(
    'reader@example.com',
  );
  const confirmUrl = /(http:\/\/\S+\/followers\/confirm\?token=[\w-]+)/.exec(
    confirmation.text ?? '',
  )?.[1];
  expect(confirmUrl?.startsWith(baseUrl)).toBe(true);

  const confirmPage = await fetch(confirmUrl as string);
  expect(confirmPage.status).toBe(200);
  const confirmHtml = await confirmPage.text();
  expect(readFollowerCount(env.FOLLOWERS_DB)).toBe(0);
  const formAction = /<form method="post" action="([^"]+)"/.exec(confirmHtml)?.[1] ?? '';
  const confirmed = await fetch(`${baseUrl}${formAction.replace(/&amp;/g, '&')}`, {
    method: 'POST',
  });
  expect(confirmed.status).toBe(200);
  expect(await confirmed.text()).toContain('You are following');
  expect(await (await fetch(`${baseUrl}/followers/count`)).json()).toEqual({ count: 1 });
  expect(readFollowerCount(env.FOLLOWERS_DB)).toBe(1);
  // The welcome email: what they will get, and the link to change it.
  await sink.waitForMessages(2);
  const welcome = await sink.parse(1);
  expect(welcome.subject).toBe('Welcome to FastMail.FM Weblog');
  expect(welcome.text).toContain('each new post by email as it is published');
  expect(welcome.text).toContain(`${baseUrl}/followers/preferences?token=`);

  // First run on the site: existing posts are recorded, nobody is mailed.
  writeFeed([]);
  expect(await runNotify()).toContain('First run');
  expect(sink.messages).toHaveLength(2);

  const post = {
    id: 'https://blog.fastmail.fm/2012/07/20/a-new-post/',
    title: 'A new post',
    html: '<p>Read <a href="https://blog.fastmail.fm/2012/07/16/x/">the last post</a>.</p>',
  };
  writeFeed([post]);
  expect(await runNotify()).toContain('Sent 1 of 1 emails.');
  await sink.waitForMessages(3);
  const mail = await sink.parse(2);
  expect(mail.subject).toBe('A new post');
  expect(mail.html).toContain(post.html);
  expect(mail.text).toContain(post.id);
  // The raw header lines, unfolded: what a mail provider reads.
  const readHeader = (key: string) =>
    (mail.headerLines.find((line) => line.key === key)?.line ?? '')
      .replace(/\r?\n[ \t]+/g, '')
      .replace(/^[^:]+:\s*/, '');
  const unsubscribeUrl = /^<([^>]+)>$/.exec(readHeader('list-unsubscribe'))?.[1] ?? '';
  expect(unsubscribeUrl.startsWith(`${baseUrl}/followers/unsubscribe?token=`)).toBe(true);
  expect(readHeader('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  expect(mail.text).toContain(unsubscribeUrl);

  // RFC 8058 one-click, as a mail provider sends it: POST, the fixed body, no cookies.
  const unsubscribed = await fetch(unsubscribeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
    redirect: 'manual',
  });
  expect(unsubscribed.status).toBe(200);
  expect(readFollowerCount(env.FOLLOWERS_DB)).toBe(0);

  writeFeed([
    { ...post, id: 'https://blog.fastmail.fm/2012/07/21/another/', title: 'Another' },
    post,
  ]);
  expect(await runNotify()).toContain('Sent 0 of 0 emails.');
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(sink.messages).toHaveLength(3);
});

test('the service serves the site beside its routes, with the site 404 page for unknown paths', async () => {
  expect((await fetch(`${baseUrl}/feed.json`)).status).toBe(200);
  const missing = await fetch(`${baseUrl}/no-such-page/`);
  expect(missing.status).toBe(404);
  expect((await fetch(`${baseUrl}/followers/health`)).status).toBe(200);
});
