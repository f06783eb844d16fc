/**
 * Keyboard only, in Chromium: the skip link comes first and moves focus to
 * the content; Tab reaches every link, field, button and open group's summary
 * (links folded away in a closed help sidebar group are skipped, as Tab skips them) of each page type,
 * and every focused control shows a visible focus indicator.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openBrowserSession, type BrowserSession } from '../support/browser.ts';
import { pageTypeCases } from '../support/site-pages.ts';

let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  session = await openBrowserSession();
  page = await (await session.newContext()).newPage();
});

afterAll(async () => {
  await session?.close();
});

/** Numbers every visible control with `data-kb` and returns how many there are. */
function markControls(target: Page): Promise<number> {
  return target.evaluate(() => {
    const selector =
      'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, textarea, [tabindex], details > summary';
    /** Inside a closed <details> (a summary counts from its own group's parent): not in the Tab order. */
    const isFolded = (element: HTMLElement) => {
      const from = element.matches('details > summary')
        ? element.parentElement?.parentElement
        : element;
      return from?.closest('details:not([open])') != null;
    };
    // A negative tabindex takes an element out of the Tab order on purpose (the form's honeypot field).
    const controls = [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((element) => !element.matches('[tabindex^="-"]'))
      .filter((element) => !isFolded(element))
      .filter(
        (element) => element.getClientRects().length > 0 || element.classList.contains('skip-link'),
      );
    controls.forEach((element, index) => (element.dataset.kb = String(index)));
    return controls.length;
  });
}

/** What the focused element is and whether its focus can be seen. */
function readFocus(target: Page) {
  return target.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const rect = element.getBoundingClientRect();
    return {
      kb: element.dataset.kb ?? null,
      label: `${element.tagName.toLowerCase()} ${element.textContent?.trim().slice(0, 40) || element.getAttribute('name') || ''}`,
      outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0,
    };
  });
}

describe('keyboard', () => {
  test('the first Tab shows the skip link; Enter moves focus to the content', async () => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    const focus = await readFocus(page);
    expect(focus?.label).toBe('a Skip to content');
    expect(focus?.onScreen).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');
    // The next Tab continues inside the content, not back in the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
  });

  test.each(pageTypeCases)(
    'on the %s page (%s) Tab reaches every control, each visibly focused',
    async (_, path) => {
      await page.goto(path);
      if (path.startsWith('/search/')) await page.locator('#search-results li').first().waitFor();
      const total = await markControls(page);
      expect(total).toBeGreaterThan(3);
      const reached = new Set<string>();
      const unseen: string[] = [];
      // Tab until focus leaves the page's controls (wraps to the browser UI / body).
      for (let step = 0; step < total + 5; step++) {
        await page.keyboard.press('Tab');
        const focus = await readFocus(page);
        if (!focus || focus.kb === null) break;
        if (reached.has(focus.kb)) break;
        reached.add(focus.kb);
        if (!focus.outlined || !focus.onScreen) unseen.push(focus.label);
      }
      expect(unseen, 'controls focused without a visible indicator').toEqual([]);
      const missed = await page.evaluate(
        (seen) =>
          [...document.querySelectorAll<HTMLElement>('[data-kb]')]
            .filter((element) => !seen.includes(element.dataset.kb ?? ''))
            .map((element) => element.outerHTML.slice(0, 80)),
        [...reached],
      );
      expect(missed, 'controls Tab never reached').toEqual([]);
    },
  );
});
