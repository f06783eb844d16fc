/**
 * The reading journey in Chromium, light and dark: home → a post → its
 * category → through every page of the category → older/newer along all
 * posts → home. What the pages show is compared with facts read from the
 * dist/ files, not with the pages under test.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../support/browser.ts';
import { listPostFacts } from '../support/site-pages.ts';

const posts = listPostFacts();
let session: BrowserSession;

beforeAll(async () => {
  session = await openBrowserSession();
});

afterAll(async () => {
  await session?.close();
});

/** The current page's path. */
const pathOf = (page: Page) => new URL(page.url()).pathname;

/** Clicks a link and waits for the page it leads to. */
async function follow(page: Page, selector: string): Promise<string> {
  const link = page.locator(selector).first();
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForURL(`**${href}`), link.click()]);
  return pathOf(page);
}

describe.each(['light', 'dark'] as const)('reading in %s mode', (colorScheme) => {
  let page: Page;

  beforeAll(async () => {
    page = await (await session.newContext({ colorScheme })).newPage();
  });

  test('the scheme applies', async () => {
    await page.goto('/');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(colorScheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(13, 17, 23)');
  });

  test('home → newest post → its category → every page of it → older/newer → home', async () => {
    await page.goto('/');
    const postPath = await follow(page, 'main article .post-title a');
    expect(postPath).toBe(posts[0]?.path);
    expect(await page.locator('h1').count()).toBe(1);

    const categoryPath = await follow(page, 'main .post-meta a[rel~="category"]');
    expect(categoryPath).toBe(posts[0]?.categoryPaths[0]);

    // Page through with "Older Entries" until the last page, collecting the posts listed.
    const listed: string[] = [];
    for (;;) {
      listed.push(
        ...(await page
          .locator('main article .post-title a')
          .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))),
      );
      if ((await page.locator('.pagination a[rel="next"]').count()) === 0) break;
      await follow(page, '.pagination a[rel="next"]');
    }
    const inCategory = posts.filter((post) => post.categoryPaths.includes(categoryPath));
    expect(listed).toEqual(inCategory.map((post) => post.path));

    // From a post on the last page, newer up to the newest post; then older
    // along every post, then newer all the way back.
    await follow(page, 'main article .post-title a');
    while ((await page.locator('.neighbour-nav a[rel="next"]').count()) > 0) {
      await follow(page, '.neighbour-nav a[rel="next"]');
    }
    const visited = [pathOf(page)];
    while ((await page.locator('.neighbour-nav a[rel="prev"]').count()) > 0) {
      visited.push(await follow(page, '.neighbour-nav a[rel="prev"]'));
    }
    expect(visited).toEqual(posts.map((post) => post.path));
    const back = [pathOf(page)];
    while ((await page.locator('.neighbour-nav a[rel="next"]').count()) > 0) {
      back.push(await follow(page, '.neighbour-nav a[rel="next"]'));
    }
    expect(back).toEqual([...visited].reverse());

    expect(await follow(page, '.site-title a')).toBe('/');
  });
});
