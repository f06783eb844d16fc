/**
 * The Follow form in the footer, in Chromium, against the real follower
 * service (site + /followers/ on one free port, a throwaway SQLite file, the
 * .eml outbox as the mail sink): fill it in, see the confirmation page, open
 * the emailed link and confirm with the button.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFollowerConfig } from '../../src/followers/config.ts';
import { startFollowerServer, type RunningFollowerServer } from '../../src/followers/server.ts';
import { chromiumArgs, chromiumPath } from '../support/browser.ts';
import { distDir } from '../support/dist.ts';
import { sslPostPath } from '../support/site-pages.ts';

const work = mkdtempSync(join(tmpdir(), 'follow-form-'));
const outbox = join(work, 'outbox');
let server: RunningFollowerServer;
let browser: Browser;

beforeAll(async () => {
  const config = readFollowerConfig({
    PORT: '0',
    FOLLOWERS_DB: join(work, 'followers.sqlite'),
    FOLLOWERS_OUTBOX: outbox,
    FOLLOWERS_SECRET: 'a-test-secret-that-is-long-enough-for-the-check',
    DIST_DIR: distDir,
  });
  [server, browser] = await Promise.all([
    startFollowerServer(config),
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('Follow form', () => {
  test('fill it in on a post, see the confirmation page, confirm from the email', async () => {
    const origin = new URL(server.url).origin;
    const page = await (await browser.newContext({ baseURL: origin })).newPage();
    await page.goto(sslPostPath);
    const form = page.locator('footer form[action="/followers/subscribe"]');
    await form.getByLabel('Email address').fill('reader@example.com');
    await Promise.all([
      page.waitForURL('**/followers/subscribe'),
      form.getByRole('button', { name: 'Follow' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Check your inbox');

    // The service answers before it sends (so timing tells nobody whether the address was known):
    // the confirmation arrives in the outbox a moment later.
    const listMail = () => readdirSync(outbox).filter((name) => name.endsWith('.eml'));
    await expect.poll(listMail).toHaveLength(1);
    const [file] = listMail();
    const mail = await simpleParser(readFileSync(join(outbox, file ?? '')));
    const link = /https?:\/\/\S+\/followers\/confirm\?token=[\w%-]+/.exec(mail.text ?? '')?.[0];
    expect(link).toBeDefined();
    const confirmUrl = new URL(link ?? '');

    await page.goto(`${confirmUrl.pathname}${confirmUrl.search}`);
    expect(await page.locator('h1').textContent()).toBe('Confirm following');
    await page.getByRole('button', { name: 'Confirm following' }).click();
    await page.locator('h1', { hasText: 'You are following' }).waitFor();
  });
});
