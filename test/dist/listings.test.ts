import { load } from 'cheerio';
import { FEED_FORMATS } from '../../src/lib/feed-formats.ts';
import { loadBuiltSite } from '../support/built-site.ts';
import { describe, expect, test } from 'vitest';
import { existsInDist, readDist } from '../support/dist.ts';
import { loadSeedPosts } from '../support/seed.ts';

const seedPosts = loadSeedPosts();
const permalinks = seedPosts.map((post) => post.permalink);

/** Post links of a listing page, in page order. */
function listedPosts(path: string, selector: string): string[] {
  const $ = load(readDist(path));
  return $(selector)
    .map((_, a) => $(a).attr('href'))
    .get();
}

describe('listings', () => {
  test.each([
    ['/', permalinks],
    ['/category/news/', permalinks],
    ['/category/uncategorized/', ['/2012/06/19/changes-to-webmail-login/']],
  ])('%s lists its posts newest first, in full', (path, expected) => {
    expect(listedPosts(path, 'article .post-title a')).toEqual(expected);
    expect(load(readDist(path))('article .post-content').length).toBe(expected.length);
  });

  test.each([
    ['/2012/', permalinks],
    ['/2012/07/', permalinks.filter((p) => p.startsWith('/2012/07/'))],
    ['/2012/06/', permalinks.filter((p) => p.startsWith('/2012/06/'))],
    ['/2012/05/', permalinks.filter((p) => p.startsWith('/2012/05/'))],
    ['/2012/04/', permalinks.filter((p) => p.startsWith('/2012/04/'))],
    ['/archives/', permalinks],
  ])('archive %s lists the right posts newest first', (path, expected) => {
    expect(listedPosts(path, 'main .archive-list a')).toEqual(expected);
  });

  test.each([['/page/2/'], ['/category/news/page/2/'], ['/2012/03/'], ['/2011/'], ['/category/technical/']])(
    '%s does not exist with ten posts',
    (path) => {
      expect(existsInDist(path)).toBe(false);
    },
  );

  test('ten posts fit one page: no pagination links', () => {
    expect(load(readDist('/'))('.pagination').length).toBe(0);
  });

  test.each([['/'], ['/category/news/'], ['/2012/06/19/changes-to-webmail-login/']])(
    '%s advertises the feeds',
    (path) => {
      const $ = load(readDist(path));
      const hrefs = $('link[rel=alternate]').map((_, l) => $(l).attr('href')).get();
      expect(hrefs).toEqual(expect.arrayContaining(['/feed.xml', '/atom.xml', '/feed.json']));
    },
  );

  test('every page advertises the site feeds, each with its media type', () => {
    const expected = FEED_FORMATS.map((spec) => `${spec.mediaType} /${spec.fileName}`);
    const missing = loadBuiltSite().pages.flatMap((page) => {
      const $ = load(page.html);
      const links = $('link[rel=alternate]')
        .map((_, l) => `${$(l).attr('type')} ${$(l).attr('href')}`)
        .get();
      return expected.filter((link) => !links.includes(link)).map((link) => `${page.path}: ${link}`);
    });
    expect(missing).toEqual([]);
  });

  test('category pages also advertise their own feeds', () => {
    const $ = load(readDist('/category/news/'));
    const hrefs = $('link[rel=alternate]').map((_, l) => $(l).attr('href')).get();
    expect(hrefs).toEqual(expect.arrayContaining(['/category/news/feed.xml', '/category/news/atom.xml', '/category/news/feed.json']));
  });

  test('the 404 page exists and points readers onwards', () => {
    const $ = load(readDist('/404.html'));
    expect($('h1').text()).toBe('Page not found');
    expect($('main a').map((_, a) => $(a).attr('href')).get()).toEqual(['/', '/archives/']);
  });

  test('the sitemap lists every post and no 404', () => {
    const sitemap = readDist('/sitemap-0.xml');
    for (const permalink of permalinks) expect(sitemap).toContain(`<loc>https://blog.fastmail.fm${permalink}</loc>`);
    expect(sitemap).not.toContain('404');
  });

  test('no page carries a <script>', () => {
    for (const path of ['/', '/archives/', ...permalinks, '/category/news/', '/2012/', '/404.html']) {
      expect(load(readDist(path))('script').length, path).toBe(0);
    }
  });
});
