/**
 * axe-core in Debian's Chromium: zero violations on every page type, in the
 * light and the dark colour scheme; and no page requests anything from
 * another origin while it loads.
 */
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../support/browser.ts';
import { pageTypeCases } from '../support/site-pages.ts';

let session: BrowserSession;
const pages = new Map<
  'light' | 'dark',
  { context: BrowserContext; page: Page; foreign: string[] }
>();

beforeAll(async () => {
  session = await openBrowserSession();
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await session.newContext({ colorScheme });
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(session.site.origin)) foreign.push(request.url());
    });
    pages.set(colorScheme, { context, page, foreign });
  }
});

afterAll(async () => {
  await session?.close();
});

describe.each(['light', 'dark'] as const)('%s mode', (scheme) => {
  test.each(pageTypeCases)(
    '%s (%s) has no axe violations and no foreign requests',
    async (_, path) => {
      const { page, foreign } = pages.get(scheme)!;
      foreign.length = 0;
      await page.goto(path, { waitUntil: 'load' });
      if (path.startsWith('/search/')) {
        await page.locator('#search-results li').first().waitFor();
      }
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      // The colour scheme really applied: white in light mode, near-black in dark.
      expect(background).toBe(scheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(13, 17, 23)');
      const { violations } = await new AxeBuilder({ page }).analyze();
      const summary = violations.map((v) => ({
        rule: v.id,
        help: v.help,
        elements: v.nodes.map((node) => node.target.join(' ')),
      }));
      expect(summary, `axe violations on ${path} (${scheme})`).toEqual([]);
      expect(foreign, `requests to other origins from ${path}`).toEqual([]);
    },
  );
});
