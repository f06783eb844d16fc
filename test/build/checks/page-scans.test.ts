import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  readPageScanStore,
  scanPages,
  writePageScanStore,
  type PageScanStore,
} from '../../../src/build/checks/page-scans.ts';
import { scanPage } from '../../../src/build/checks/page-urls.ts';
import type { SitePage } from '../../../src/build/checks/types.ts';

/** A page at `path` with a link to `href` and a heading with id `id`. */
const page = (path: string, href: string, id = 'top-heading'): SitePage => ({
  path,
  html: `<!doctype html><html><head><link rel="stylesheet" href="/site.css"></head><body><h1 id="${id}">T</h1><a href="${href}">x</a><img src="/a.png" srcset="/a.png 1x, /a@2x.png 2x" alt=""></body></html>`,
});
const pages = [page('/', '/a/'), page('/a/', '/b/#x'), page('/b/', '/', 'x')];

/** Each page's scan as `scanPage` gives it. */
const parseAll = (list: readonly SitePage[]) =>
  new Map(list.map((each) => [each.path, scanPage(each.html)]));

describe('scanPages', () => {
  test('with no store, parses every page and gives what scanPage gives', () => {
    const { scans, parsed } = scanPages(pages, undefined);
    expect(parsed).toBe(pages.length);
    expect(scans).toEqual(parseAll(pages));
  });

  test('with the store of the same pages, parses none and gives the same scans', () => {
    const { store } = scanPages(pages, undefined);
    // Through JSON, as the build keeps it between runs.
    const kept = JSON.parse(JSON.stringify(store)) as PageScanStore;
    const again = scanPages(
      pages.map((each) => ({ ...each })),
      kept,
    );
    expect(again.parsed).toBe(0);
    expect(again.scans).toEqual(parseAll(pages));
  });

  test('parses only the pages that changed or are new, and forgets pages that are gone', () => {
    const { store } = scanPages(pages, undefined);
    const next = [page('/', '/changed/'), pages[1]!, page('/new/', '/')];
    const again = scanPages(next, store);
    expect(again.parsed).toBe(2);
    expect(again.scans).toEqual(parseAll(next));
    expect(Object.keys(again.store.pages).sort()).toEqual(['/', '/a/', '/new/']);
  });

  test.each([
    ['made by another scanner', (store: PageScanStore) => ({ ...store, scanner: 'older code' })],
    [
      'whose entries are malformed',
      (store: PageScanStore) => ({
        ...store,
        pages: Object.fromEntries(
          Object.entries(store.pages).map(([path, scan]) => [path, { ...scan, urls: 'x' }]),
        ),
      }),
    ],
  ])('parses every page again with a store %s', (_, spoil) => {
    const { store } = scanPages(pages, undefined);
    const again = scanPages(pages, spoil(store) as PageScanStore);
    expect(again.parsed).toBe(pages.length);
    expect(again.scans).toEqual(parseAll(pages));
  });
});

describe('readPageScanStore and writePageScanStore', () => {
  const folder = mkdtempSync(join(tmpdir(), 'page-scans-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test('read back what was written', () => {
    const { store } = scanPages(pages, undefined);
    const file = join(folder, 'nested', 'scans.json');
    writePageScanStore(file, store);
    expect(readPageScanStore(file)).toEqual(store);
  });

  test.each([
    ['a missing file', undefined],
    ['a file that is not JSON', '{"scanner":'],
    ['JSON of another shape', '{"pages":{}}'],
  ])('give undefined for %s', (_, text) => {
    const file = join(folder, `bad-${Math.random()}.json`);
    if (text !== undefined) writeFileSync(file, text);
    expect(readPageScanStore(file)).toBeUndefined();
  });
});
