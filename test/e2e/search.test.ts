/**
 * Search in Chromium: the header box leads to /search/, which finds posts
 * (and help pages) through pagefind; results show title, date and a
 * highlighted excerpt; without JavaScript the box still leads somewhere useful.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../support/browser.ts';
import { fastmailNlPostPath, sslHelpPath, sslPostPath } from '../support/site-pages.ts';

let session: BrowserSession;
let page: Page;
/** Scripts the browser fetched since the last reset, by path. */
const scripts: string[] = [];

beforeAll(async () => {
  session = await openBrowserSession();
  page = await (await session.newContext()).newPage();
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
});

afterAll(async () => {
  await session?.close();
});

/** The listed results once the status line reports them. */
async function readResults() {
  await page
    .locator('#search-status')
    .filter({ hasText: /results? for|No results/ })
    .waitFor();
  return page.locator('#search-results > li').evaluateAll((items) =>
    items.map((item) => ({
      path: item.querySelector('h2 a')?.getAttribute('href') ?? '',
      title: item.querySelector('h2 a')?.textContent ?? '',
      date: item.querySelector('.search-result-date')?.textContent ?? null,
      marks: [...item.querySelectorAll('mark')].map((mark) => mark.textContent ?? ''),
    })),
  );
}

describe('search with JavaScript', () => {
  test('no script loads on a page other than /search/', async () => {
    scripts.length = 0;
    await page.goto(sslPostPath);
    expect(scripts).toEqual([]);
  });

  test('"STARTTLS" in the header box finds the SSL/TLS post, dated and highlighted', async () => {
    await page.getByRole('searchbox', { name: 'Search the blog' }).fill('STARTTLS');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/search/?q=STARTTLS');
    const results = await readResults();
    const post = results.find((result) => result.path === sslPostPath);
    expect(post).toEqual({
      path: sslPostPath,
      title: 'Understanding SSL vs TLS vs STARTTLS',
      date: '21 May 2012',
      marks: expect.arrayContaining([expect.stringMatching(/^STARTTLS/i)]),
    });
    expect(results.map((result) => result.path)).toContain(sslHelpPath);
    expect(await page.locator('#search-fallback').isVisible()).toBe(false);
    // pagefind's client is fetched here, and only here.
    expect(scripts).toContain('/pagefind/pagefind.js');
  });

  test('"fastmail.nl" on the search page finds that post and updates the address', async () => {
    await page.locator('#search-q').fill('fastmail.nl');
    await page.locator('#search-q').press('Enter');
    await page.waitForURL('**/search/?q=fastmail.nl');
    const results = await readResults();
    expect(results[0]).toMatchObject({
      path: fastmailNlPostPath,
      title: 'New domain: fastmail.nl',
      date: '5 June 2012',
    });
    expect(results[0]?.marks.join(' ')).toMatch(/fastmail/i);
  });

  test('a result link opens the post', async () => {
    await page.locator(`#search-results a[href="${fastmailNlPostPath}"]`).click();
    await page.waitForURL(`**${fastmailNlPostPath}`);
    expect(await page.locator('h1').textContent()).toBe('New domain: fastmail.nl');
  });

  test('a word that is nowhere says so', async () => {
    await page.goto('/search/?q=zyxwvutsrq');
    expect(await readResults()).toEqual([]);
    expect(await page.locator('#search-status').textContent()).toBe('No results for “zyxwvutsrq”.');
  });
});

describe('search without JavaScript', () => {
  test('the header box still goes to /search/?q=… and points to the archives', async () => {
    const context = await session.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto('/');
    await plain.getByRole('searchbox', { name: 'Search the blog' }).fill('STARTTLS');
    await plain.getByRole('button', { name: 'Search' }).first().click();
    await plain.waitForURL('**/search/?q=STARTTLS');
    const note = plain.locator('main').getByText('Searching needs JavaScript');
    expect(await note.isVisible()).toBe(true);
    expect(await plain.locator('main a[href="/archives/"]').isVisible()).toBe(true);
    await context.close();
  });
});
