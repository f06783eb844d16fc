/**
 * One Chromium per test file (Debian's, driven by playwright-core) and the
 * built site served locally on a free port.
 */
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
} from 'playwright-core';
import { startLocalSite, type LocalSite } from '../../scripts/lib/local-site.ts';
import { distDir, existsInDist } from './dist.ts';

/** Debian's Chromium; `npx playwright install` cannot download here. */
export const chromiumPath = '/usr/bin/chromium';

/** Flags that keep headless Chromium quiet and offline (see /work/shared/TOOLING.md). */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A browser and the site it browses. */
export interface BrowserSession {
  readonly browser: Browser;
  readonly site: LocalSite;
  /** A fresh context (its own cookies and colour scheme) at the site's origin. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Launches Chromium and serves dist/; call `close()` in afterAll. */
export async function openBrowserSession(): Promise<BrowserSession> {
  if (!existsInDist('/index.html')) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does it for you).');
  }
  const [browser, site] = await Promise.all([
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
    startLocalSite(distDir),
  ]);
  return {
    browser,
    site,
    newContext: (options = {}) => browser.newContext({ baseURL: site.origin, ...options }),
    close: async () => {
      await browser.close();
      await site.close();
    },
  };
}
