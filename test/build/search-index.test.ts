import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { readBuiltSite } from '../../src/build/checks/read-site.ts';
import {
  canReuseSearchBundle,
  digestSearchBundle,
  digestSearchInput,
  indexSite,
  linkSearchablePages,
  reuseSearchBundle,
  startSiteIndex,
} from '../../src/build/search-index.ts';

const folders: string[] = [];

/** A throwaway built site holding `pages` (path under the root → HTML). */
function makeSite(pages: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'search-index-'));
  folders.push(root);
  for (const [file, html] of Object.entries(pages)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), html);
  }
  return root;
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('indexSite', () => {
  test('indexes only marked bodies and writes the bundle under pagefind/', async () => {
    const root = makeSite({
      'post/index.html':
        '<html lang="en"><body><header>Chrome</header><article data-pagefind-body><h1>Post</h1><p>STARTTLS</p></article></body></html>',
      'index.html': '<html lang="en"><body><p>A listing</p></body></html>',
    });
    const summary = await indexSite(root);
    expect(summary.outputPath).toBe(join(root, 'pagefind'));
    expect(existsSync(join(root, 'pagefind', 'pagefind.js'))).toBe(true);
    // One fragment per indexed page: the listing without data-pagefind-body is left out.
    expect(readdirSync(join(root, 'pagefind', 'fragment'))).toHaveLength(1);
  });

  test('fails with a plain message and the cause when there is nothing to index', async () => {
    const root = makeSite({ 'notes.txt': 'no html here' });
    const failure = await indexSite(root).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(`Search indexing failed for ${root}`);
    expect(String((failure as Error).cause)).toContain('no pages indexed');
  });
});

describe('linkSearchablePages and startSiteIndex with pagesDir', () => {
  const post = (title: string) =>
    `<html lang="en"><body><article data-pagefind-body><h1>${title}</h1><p>STARTTLS</p></article></body></html>`;
  const site = {
    '2012/05/21/post/index.html': post('Post'),
    'help/imap/index.html': post('IMAP help'),
    'about/index.html': post('About'),
    'index.html': `<html lang="en"><body>${post('Post')}</body></html>`.replace(
      'data-pagefind-body',
      'class="listing"',
    ),
    'page/2/index.html': '<html lang="en"><body><p>Older posts</p></body></html>',
    '404.html': '<html lang="en"><body><p>Not found</p></body></html>',
  };

  test.each([
    ['a post', '2012/05/21/post/index.html', true],
    ['a help page', 'help/imap/index.html', true],
    ['a site page', 'about/index.html', true],
    ['the home listing', 'index.html', false],
    ['a paged listing', 'page/2/index.html', false],
    ['the 404 page', '404.html', false],
  ])('%s is linked: %s', (_, file, linked) => {
    const root = makeSite(site);
    const pagesDir = `${root}-pages`;
    folders.push(pagesDir);
    expect(linkSearchablePages(root, readBuiltSite(root).pages, pagesDir)).toBe(3);
    expect(existsSync(join(pagesDir, file))).toBe(linked);
    // A hard link: the same file, no copy.
    if (linked) expect(statSync(join(pagesDir, file)).ino).toBe(statSync(join(root, file)).ino);
  });

  test('the index read from the linked pages is the index of the whole site', async () => {
    const whole = makeSite(site);
    const linkedSite = makeSite(site);
    const pagesDir = `${linkedSite}-pages`;
    folders.push(pagesDir);
    linkSearchablePages(linkedSite, readBuiltSite(linkedSite).pages, pagesDir);
    await indexSite(whole);
    const summary = await (await startSiteIndex(linkedSite, { pagesDir })).finished;
    expect(summary.outputPath).toBe(join(linkedSite, 'pagefind'));
    const listing = (root: string) => readdirSync(join(root, 'pagefind', 'fragment')).sort();
    expect(listing(linkedSite)).toEqual(listing(whole));
    expect(listing(linkedSite)).toHaveLength(3);
    const meta = (root: string) => readFileSync(join(root, 'pagefind', 'pagefind-entry.json'));
    expect(meta(linkedSite)).toEqual(meta(whole));
  });
});

describe('reusing the last build’s index', () => {
  const post = (text: string) =>
    `<html lang="en"><body><nav>Menu</nav><article data-pagefind-body><p>${text}</p></article></body></html>`;
  const pages = [
    { path: '/a/', html: post('IMAP') },
    { path: '/b/', html: post('POP') },
    { path: '/', html: '<html lang="en"><body><p>A listing</p></body></html>' },
  ];
  const replace = (path: string, html: string) =>
    pages.map((page) => (page.path === path ? { path, html } : page));

  test.each([
    ['the same pages in another order', [...pages].reverse(), true],
    ['a listing page without a searchable body changed', replace('/', '<p>Other</p>'), true],
    ['a searchable body changed', replace('/a/', post('SMTP')), false],
    [
      'the page around a searchable body changed',
      replace('/b/', post('POP').replace('Menu', 'Nav')),
      false,
    ],
    ['a searchable page added', [...pages, { path: '/c/', html: post('new') }], false],
    [
      'a searchable page moved',
      replace('/a/', '<p>gone</p>').concat({ path: '/z/', html: post('IMAP') }),
      false,
    ],
  ])('%s: same input digest %s', (_, changed, same) => {
    expect(digestSearchInput(changed) === digestSearchInput(pages)).toBe(same);
  });

  test('a bundle is reused file for file, and its digest notices a missing file', async () => {
    const previous = makeSite({ 'a/index.html': post('IMAP'), 'b/index.html': post('POP') });
    await indexSite(previous);
    const digest = digestSearchBundle(previous);
    expect(digest).toBeDefined();
    const next = makeSite({});
    reuseSearchBundle(previous, next);
    expect(digestSearchBundle(next)).toBe(digest);
    const list = (root: string) => readdirSync(join(root, 'pagefind'), { recursive: true }).sort();
    expect(list(next)).toEqual(list(previous));
    const fragments = join(next, 'pagefind', 'fragment');
    rmSync(join(fragments, readdirSync(fragments)[0]!));
    expect(digestSearchBundle(next)).not.toBe(digest);
    expect(digestSearchBundle(makeSite({}))).toBeUndefined();
  });

  test('the last index is reused only for the same input and while its bundle is intact', async () => {
    const previous = makeSite({ 'a/index.html': post('IMAP') });
    await indexSite(previous);
    const record = { digest: 'input', output: digestSearchBundle(previous) };
    expect(canReuseSearchBundle(record, 'input', previous)).toBe(true);
    expect(canReuseSearchBundle(record, 'other input', previous)).toBe(false);
    expect(canReuseSearchBundle(undefined, 'input', previous)).toBe(false);
    expect(canReuseSearchBundle({ digest: 'input' }, 'input', previous)).toBe(false);
    expect(canReuseSearchBundle(record, 'input', makeSite({}))).toBe(false);
    writeFileSync(join(previous, 'pagefind', 'pagefind-entry.json'), '{}');
    expect(canReuseSearchBundle(record, 'input', previous)).toBe(false);
  });
});
