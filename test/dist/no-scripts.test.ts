import { describe, expect, test } from 'vitest';
import { checkNoScripts, listPageScripts } from '../../src/build/checks/no-scripts.ts';
import { loadBuiltSite } from '../support/built-site.ts';

const site = loadBuiltSite();

describe('JavaScript in dist/', () => {
  test('no page but /search/ has any', () => {
    expect(checkNoScripts(site, ['/search/'])).toEqual([]);
  });

  test('the search page has its script (so the rule above is not vacuous)', () => {
    const search = site.pages.find((page) => page.path === '/search/');
    expect(search).toBeDefined();
    expect(listPageScripts(search?.html ?? '').length).toBeGreaterThan(0);
  });
});
