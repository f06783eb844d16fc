import { expect, test } from 'vitest';
import { createBuiltSite } from '../../../src/build/checks/read-site.ts';
import { digestLinkCheckInput } from '../../../src/build/checks/site-links.ts';

const pages = [
  { path: '/', html: '<a href="/a/">A</a>' },
  { path: '/a/', html: '<p id="top">A</p>' },
];
const site = createBuiltSite(pages, ['/feed.xml']);
const origin = 'https://blog.example.com';
const rules = [{ from: '/old/', to: '/a/', origin: 'test' }];
const queries = [{ arg: 'p' as const, value: '1', to: '/a/', origin: 'test' }];
const digest = (overrides: Partial<Parameters<typeof digestLinkCheckInput>[0] & object> = {}) =>
  digestLinkCheckInput({ ...site, ...overrides }, origin, rules, queries);

test.each([
  ['a page’s HTML', () => digest({ pages: [pages[0]!, { path: '/a/', html: '<p>A</p>' }] })],
  ['a file more', () => digest({ files: new Set([...site.files, '/logo.png']) })],
  ['another origin', () => digestLinkCheckInput(site, 'https://other.example', rules, queries)],
  ['a redirect', () => digestLinkCheckInput(site, origin, [], queries)],
  ['a query redirect', () => digestLinkCheckInput(site, origin, rules, [])],
])('changing %s changes the digest', (_, changed) => {
  expect(changed()).not.toBe(digest());
});

test('the same site, settings and code give the same digest', () => {
  expect(digestLinkCheckInput(createBuiltSite(pages, ['/feed.xml']), origin, rules, queries)).toBe(
    digest(),
  );
});
