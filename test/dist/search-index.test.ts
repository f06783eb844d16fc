import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { describe, expect, test } from 'vitest';
import { loadBuiltSite } from '../support/built-site.ts';
import { distDir } from '../support/dist.ts';

const site = loadBuiltSite();
const isPostPath = (path: string) => /^\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/.test(path);

describe('search index in dist/', () => {
  test('the build wrote the pagefind bundle', () => {
    expect(site.files.has('/pagefind/pagefind.js')).toBe(true);
  });

  test('post pages, and no listing, mark their body for the index', () => {
    const marked = site.pages
      .filter((page) => load(page.html)('[data-pagefind-body]').length > 0)
      .map((page) => page.path)
      .filter((path) => !path.startsWith('/help/'));
    expect(marked).toEqual(site.pages.map((page) => page.path).filter(isPostPath));
  });

  test('one index fragment per marked page', () => {
    const marked = site.pages.filter((page) => load(page.html)('[data-pagefind-body]').length > 0);
    expect(readdirSync(join(distDir, 'pagefind', 'fragment'))).toHaveLength(marked.length);
  });

  test('posts carry their date for the results and keep chrome out', () => {
    const post = site.pages.find((page) => isPostPath(page.path));
    const $ = load(post?.html ?? '');
    expect($('[data-pagefind-body] [data-pagefind-meta="date"]').text()).toMatch(/\d{4}/);
    expect($('header [data-pagefind-body], footer [data-pagefind-body]')).toHaveLength(0);
  });
});
