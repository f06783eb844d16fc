import { expect, test } from 'vitest';
import { resolveLink, type LinkTable } from '../../../src/import/wordpress/links.ts';

const table: LinkTable = {
  hosts: new Set(['old.example', 'www.old.example']),
  byOldPath: new Map([
    ['/2012/05/21/post/', '/2012/05/21/post/'],
    ['/about/', '/about/'],
    ['/2012/06/01/αβ/', '/2012/06/01/αβ/'],
  ]),
  byId: new Map([
    [7, '/2012/05/21/post/'],
    [9, '/about/'],
  ]),
};
const base = 'https://old.example/';

test.each([
  ['https://old.example/2012/05/21/post/', 'internal', '/2012/05/21/post/'],
  ['http://www.old.example/2012/05/21/post', 'internal', '/2012/05/21/post/'],
  ['https://old.example/2012/05/21/post/#comments', 'internal', '/2012/05/21/post/#comments'],
  ['/about/', 'internal', '/about/'],
  ['https://old.example/?p=7', 'internal', '/2012/05/21/post/'],
  ['https://old.example/?page_id=9', 'internal', '/about/'],
  ['https://old.example/2012/06/01/%ce%b1%ce%b2/', 'internal', '/2012/06/01/αβ/'],
  ['https://old.example/', 'internal', '/'],
  ['https://old.example/?p=999', 'unresolved', 'https://old.example/?p=999'],
  ['/2011/gone/', 'unresolved', 'https://old.example/2011/gone/'],
  [
    'https://old.example/wp-content/uploads/2012/05/a.jpg',
    'external',
    'https://old.example/wp-content/uploads/2012/05/a.jpg',
  ],
  [
    'https://elsewhere.example/2012/05/21/post/',
    'external',
    'https://elsewhere.example/2012/05/21/post/',
  ],
  ['mailto:ann@example.com', 'external', 'mailto:ann@example.com'],
  ['#top', 'external', '#top'],
])('%s is %s: %s', (href, kind, written) => {
  const resolved = resolveLink(href, table, base);
  expect(resolved.resolution.kind).toBe(kind);
  expect(resolved.href).toBe(written);
});
