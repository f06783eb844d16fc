import { describe, expect, test } from 'vitest';
import { checkNoScripts, listPageScripts } from '../../../src/build/checks/no-scripts.ts';
import { createBuiltSite } from '../../../src/build/checks/read-site.ts';

describe('listPageScripts', () => {
  test.each([
    ['<script>alert(1)</script>', 1],
    ['<script type="module" src="/_astro/a.js"></script>', 1],
    ['<button onclick="go()">x</button>', 1],
    ['<a href="javascript:void(0)">x</a>', 1],
    ['<link rel="modulepreload" href="/a.js">', 1],
    ['<script type="application/ld+json">{}</script>', 0],
    ['<script type="application/ld+json">{"@type":"BreadcrumbList"}</script>', 0],
    ['<script type="application/ld+json">alert(1)</script>', 1],
    ['<p>JavaScript is mentioned, not run: onclick="x"</p>', 0],
  ])('%s → %i', (html, count) => {
    expect(listPageScripts(html)).toHaveLength(count);
  });
});

describe('checkNoScripts', () => {
  test('names the page and the script, and spares allowed pages', () => {
    const site = createBuiltSite([
      { path: '/search/', html: '<script src="/pagefind/pagefind.js"></script>' },
      { path: '/2012/', html: '<script src="/x.js"></script>' },
    ]);
    expect(checkNoScripts(site, ['/search/'])).toEqual([
      {
        page: '/2012/',
        item: '<script src="/x.js">',
        message: expect.stringContaining('/search/'),
      },
    ]);
  });
});
