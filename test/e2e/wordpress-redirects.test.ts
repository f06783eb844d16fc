/**
 * Every address the old WordPress blog answered, through Debian's real nginx:
 * a copy of the project imports the hand-written WordPress.com export and
 * builds; each generated redirect (by path and by `/?arg=value`) answers 301
 * with an on-site Location that itself answers 200 (with the anchor on the
 * page), unknown IDs answer 404, the old comment feeds answer 410, listing pages the old blog had lead to the
 * listing, and the built `_redirects` file carries the same table.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { QueryRedirectRule, RedirectRule } from '../../src/redirects/redirect-table.ts';
import { getHeader, serveBlogOnNginx, type ServedBlog } from '../support/nginx.ts';
import { createTempProject, type TempProject } from '../support/temp-project.ts';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'wordpress', 'wordpress-com-1.2.xml');

let project: TempProject;
let paths: RedirectRule[] = [];
let queries: QueryRedirectRule[] = [];
let blog: ServedBlog;

beforeAll(async () => {
  project = createTempProject();
  const imported = await project.run('scripts/import-wordpress.ts', [fixture, '--no-download']);
  if (imported.status !== 0) throw new Error(`import failed:\n${imported.output}`);
  const built = await project.run('scripts/build-site.ts');
  if (built.status !== 0) throw new Error(`build failed:\n${built.output.slice(-3000)}`);
  // The module the importer generated, loaded as the build and nginx generator load it.
  const generated = (await import(
    join(project.root, 'src', 'data', 'wordpress-redirects.ts')
  )) as typeof import('../../src/data/wordpress-redirects.ts');
  paths = [...generated.wordpressRedirects];
  queries = [...generated.wordpressQueryRedirects];

  blog = await serveBlogOnNginx(join(project.root, 'dist'), {
    pageRedirects: [],
    wordpressRedirects: paths,
    wordpressQueryRedirects: queries,
  });
}, 240_000);

afterAll(async () => {
  await blog?.stop();
  project?.dispose();
});

/** GETs a path on the blog over https. */
const get = (path: string) => blog.get(path);

/** Follows one redirect: 301 to `to` exactly, and `to` answers 200 with its anchor, if any. */
async function expectRedirect(from: string, to: string): Promise<void> {
  const response = await get(from);
  expect(response.status, `${from}: ${blog.readErrorLog()}`).toBe(301);
  expect(getHeader(response, 'location'), from).toBe(to);
  const [path = '', fragment] = to.split('#', 2);
  const target = await get(path);
  expect(target.status, `${from} → ${path}`).toBe(200);
  if (fragment !== undefined) {
    expect(load(target.body)(`[id="${fragment}"]`).length, `${to} has its anchor`).toBe(1);
  }
}

describe('the generated table covers every kind', () => {
  test.each([
    ['a later page', '/2012/06/01/second-post/2/'],
    ['an attachment page', '/2012/05/21/classic-post/photo/'],
    ['a day archive', '/2012/05/21/'],
    ["a tag's feed", '/tag/imap/feed/'],
    ["a tag's Atom feed", '/tag/imap/feed/atom/'],
    ['an author page', '/author/ann/'],
    ['an RDF feed variant', '/feed/rdf/'],
  ])('%s (%s)', (_, from) => {
    expect(paths.map((rule) => rule.from)).toContain(from);
  });

  test.each(['p', 'page_id', 'attachment_id', 'cat', 'tag', 'author'])('/?%s=…', (arg) => {
    expect(queries.some((rule) => rule.arg === arg)).toBe(true);
  });
});

describe('on the real nginx', () => {
  test('every generated path redirect answers 301 to a page that answers 200', async () => {
    expect(paths.length).toBeGreaterThan(10);
    for (const rule of paths) await expectRedirect(rule.from, rule.to);
  });

  test('every generated /?arg=value answers 301 to a page that answers 200', async () => {
    expect(queries.length).toBeGreaterThan(15);
    for (const rule of queries) await expectRedirect(`/?${rule.arg}=${rule.value}`, rule.to);
  });

  test.each([
    ['/?p=999999'],
    ['/?page_id=101'],
    ['/?attachment_id=999'],
    ['/?cat=999'],
    ['/?tag=no-such-tag'],
    ['/?author=99'],
  ])('%s (unknown) answers 404', async (path) => {
    expect((await get(path)).status).toBe(404);
  });

  test.each([
    ['/?p=101&page_id=401', '/2012/05/21/classic-post/'],
    ['/?page_id=401&utm_source=x', '/about/'],
  ])('%s: WordPress reads p first; other arguments do not matter', async (path, to) => {
    const response = await get(path);
    expect(response.status).toBe(301);
    expect(getHeader(response, 'location')).toBe(to);
  });

  test.each([
    ['/2012/05/21/classic-post/feed/'],
    ['/comments/feed/'],
    ['/comments/feed/atom/'],
    ['/?p=101&feed=rss2'],
  ])('%s, a comment feed of the old blog, answers 410 Gone', async (path) => {
    expect((await get(path)).status).toBe(410);
  });

  test('the home page with any other query is the home page', async () => {
    const response = await get('/?utm_source=feed');
    expect(response.status).toBe(200);
    expect(response.body).toContain('<h1');
  });

  test.each([
    ['/page/40/', '/'],
    ['/page/1/', '/'],
    ['/tag/imap/page/3/', '/tag/imap/'],
    ['/category/status/page/2/', '/category/status/'],
    ['/2012/06/page/5/', '/2012/06/'],
    ['/2012/page/5/', '/2012/'],
  ])('%s, a listing page the site does not have, answers 301 to %s', async (from, to) => {
    await expectRedirect(from, to);
  });

  test('a listing page the site has is served, not redirected', async () => {
    expect(existsSync(join(project.root, 'dist', 'page', '2', 'index.html'))).toBe(true);
    const response = await get('/page/2/');
    expect(response.status).toBe(200);
    expect(getHeader(response, 'cache-control')).toBeDefined();
  });
});

describe('the _redirects file for hosts without nginx', () => {
  test('carries every generated rule, path rules before query rules', () => {
    const lines = readFileSync(join(project.root, 'dist', '_redirects'), 'utf8').split('\n');
    for (const rule of paths) expect(lines).toContain(`${rule.from} ${rule.to} 301`);
    for (const rule of queries) {
      expect(lines).toContain(`/ ${rule.arg}=${rule.value} ${rule.to} 301`);
    }
    const lastPath = Math.max(...paths.map((rule) => lines.indexOf(`${rule.from} ${rule.to} 301`)));
    const firstQuery = lines.findIndex((line) => line.startsWith('/ '));
    expect(lastPath).toBeLessThan(firstQuery);
    expect(lines).toContain('/feed/ /feed.xml 301');
  });
});
