import { describe, expect, test } from 'vitest';
import { checkSiteLinks } from '../../src/build/checks/site-links.ts';
import { formatProblems } from '../../src/build/checks/types.ts';
import { site as siteConfig } from '../../src/site.ts';
import { loadBuiltSite } from '../support/built-site.ts';

const site = loadBuiltSite();

describe('internal links in dist/', () => {
  test('the site has its pages', () => {
    expect(site.pages.length).toBeGreaterThan(10);
  });

  test('every internal link, asset and #anchor resolves (legacy redirects and /followers/ allowed)', () => {
    // Each line names the page, the link and what is wrong with it.
    expect(formatProblems(checkSiteLinks(site, siteConfig.url))).toBe('');
  });
});
