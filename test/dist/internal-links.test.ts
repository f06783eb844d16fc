import { describe, expect, test } from 'vitest';
import { checkInternalLinks } from '../../src/lib/site-checks/internal-links.ts';
import { site as siteConfig } from '../../src/site.ts';
import { loadBuiltSite } from '../support/built-site.ts';
import { listRedirectSources } from '../support/redirect-sources.ts';

const site = loadBuiltSite();

describe('internal links in dist/', () => {
  test('the site has its pages', () => {
    expect(site.pages.length).toBeGreaterThan(10);
  });

  test('every internal link, asset and #anchor resolves', () => {
    const problems = checkInternalLinks(site, {
      origin: siteConfig.url,
      redirectSources: listRedirectSources(site),
      // The follower service answers these; they are not files.
      servicePrefixes: ['/followers/'],
    });
    // Each entry names the page, the link and what is wrong with it.
    expect(problems).toEqual([]);
  });
});
