/**
 * The whole move, for real: a copy of the project imports the hand-written
 * WordPress.com export, builds, and every imported post and page answers at the
 * address it had on the old blog, with its text and figures and no raw shortcode.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { load } from 'cheerio';
import sharp from 'sharp';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocalSite } from '../../scripts/lib/local-site.ts';
import { checkHtmlValidity } from '../../src/build/checks/html-validity.ts';
import { checkNoScripts } from '../../src/build/checks/no-scripts.ts';
import { readBuiltSite } from '../../src/build/checks/read-site.ts';
import { chromiumArgs, chromiumPath } from '../support/browser.ts';
import { createTempProject, type TempProject } from '../support/temp-project.ts';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'wordpress', 'wordpress-com-1.2.xml');
/** The old blog's uploads folder: it holds photo2.png only; nothing is downloaded in tests. */
const uploads = join(import.meta.dirname, '..', 'fixtures', 'wordpress', 'uploads');
const importArgs = [fixture, '--media-dir', uploads, '--no-download'];
let project: TempProject;
let importOutput = '';

/** A built page by site path (percent-decoded, as the file system names it). */
const page = (path: string) => {
  const file = join(project.root, 'dist', decodeURIComponent(path), 'index.html');
  return existsSync(file) ? load(readFileSync(file, 'utf8')) : undefined;
};

beforeAll(async () => {
  project = createTempProject();
  const imported = await project.run('scripts/import-wordpress.ts', importArgs);
  importOutput = imported.output;
  expect(imported.status, imported.output).toBe(0);
  const built = await project.run('scripts/build-site.ts');
  expect(built.status, built.output).toBe(0);
}, 240_000);

afterAll(() => project?.dispose());

describe('imported posts answer at their old addresses', () => {
  test.each([
    ['/2012/05/21/classic-post/', 'A classic post with everything', 'First paragraph with a'],
    [
      '/2012/06/01/second-post/',
      'Second post: block editor & "quotes"',
      'Written in the block editor.',
    ],
    ['/2012/06/03/103/', '(no title)', 'A post nobody titled.'],
    [
      '/2012/06/07/%CE%B5%CE%BB%CE%BB%CE%B7%CE%BD%CE%B9%CE%BA%CE%AC-%CE%BD%CE%AD%CE%B1/',
      'Ελληνικά νέα',
      'Ένα άρθρο στα ελληνικά.',
    ],
    ['/2012/06/09/moved-by-hand/', 'Moved by hand later', 'Two CDATA sections make one text.'],
    ['/about/', 'About', 'About this blog.'],
    ['/about/team/', 'The team', 'Who we are.'],
    ['/about/team/history/', 'Our history', 'Since 1999.'],
    ['/%E6%97%A5%E6%9C%AC%E8%AA%9E/', '日本語のページ', 'こんにちは。'],
  ])('%s', (path, title, text) => {
    const $ = page(path);
    expect($, `${path} was not built`).toBeDefined();
    expect($!('h1').first().text().replace(/\s+/g, ' ').trim()).toBe(title);
    const body = $!('main').text();
    expect(body).toContain(text);
    // No shortcode survived as raw text except the unknown one, which is kept visibly on purpose.
    expect(body.replace('[poll id="12"]', '')).not.toMatch(
      /\[\/?(?:caption|gallery|code|sourcecode|audio|video|embed)\b/,
    );
  });

  test('figures, the gallery, highlighted code and the embed link are there; the script is not', () => {
    const $ = page('/2012/05/21/classic-post/')!;
    expect($('figure figcaption').first().text()).toContain('The caption of the photo');
    expect(
      $('figure img[src="https://oldexample.files.wordpress.com/2012/05/photo.jpg"]').length,
    ).toBeGreaterThan(0);
    expect($('pre code').text()).toContain('echo "a < b" && ls');
    expect($('pre.astro-code').length).toBeGreaterThan(0);
    expect($('a[href^="https://www.youtube.com/watch?v=dQw4w9WgXcQ"]').length).toBe(1);
    expect($('iframe, main script').length).toBe(0);
    expect($('main').text()).toContain('[poll id="12"]');
  });

  describe("photo2.png, from the media folder, through Astro's image pipeline", () => {
    // photo.jpg was not in the media folder: its URL stays (above). photo2.png (1200×900) was.
    const classic = () => page('/2012/05/21/classic-post/')!;
    /** A built file by site path. */
    const built = (path: string) => join(project.root, 'dist', decodeURIComponent(path));

    test('the resized copy: its size as WordPress showed it, responsive variants, its anchor', async () => {
      const img = classic()('img#attachment_202');
      // The post's first image loads at once on its own page (it is near the top)…
      expect(img.attr()).toMatchObject({
        alt: 'Photo two, small',
        width: '300',
        height: '225',
        loading: 'eager',
        fetchpriority: 'high',
        decoding: 'async',
        sizes: '(min-width: 300px) 300px, 100vw',
      });
      // …and lazily in a listing, where the post may be far down.
      const listed = page('/')!('img#attachment_202');
      expect(listed.attr('loading')).toBe('lazy');
      expect(listed.attr('fetchpriority')).toBeUndefined();
      expect(listed.attr('srcset')).toBe(img.attr('srcset'));
      expect(img.attr('src')).toMatch(/^\/_astro\/photo2\.[\w-]+\.webp$/);
      const candidates = (img.attr('srcset') ?? '').split(', ').map((item) => item.split(' '));
      expect(candidates.map(([, descriptor]) => descriptor)).toEqual(['300w', '360w', '600w']);
      for (const [url, descriptor] of candidates) {
        const { width, format } = await sharp(built(url!)).metadata();
        expect({ width, format }).toEqual({
          width: Number.parseInt(descriptor!, 10),
          format: 'webp',
        });
      }
    });

    test('the gallery: the file at its own size (no layout shift), linking to a full-size copy', async () => {
      const item = classic()('figure.gallery-item img[alt="Photo two"]');
      expect(item.attr()).toMatchObject({ width: '1200', height: '900', loading: 'lazy' });
      // The anchor went to the first image of attachment 202 only: ids stay unique.
      expect(item.attr('id')).toBeUndefined();
      const href = item.parent('a').attr('href') ?? '';
      expect(href).toMatch(/^\/_astro\/photo2\.[\w-]+\.png$/);
      expect(await sharp(built(href)).metadata()).toMatchObject({
        width: 1200,
        height: 900,
        format: 'png',
      });
      // Images are not copied as they are: the pipeline's files replace them.
      expect(existsSync(built('/media/wordpress/2012/05/photo2.png'))).toBe(false);
    });

    test('its old attachment address leads to the image', () => {
      const redirects = readFileSync(join(project.root, 'src/data/wordpress-redirects.ts'), 'utf8');
      expect(redirects).toMatch(
        /"arg": "attachment_id",\s*"value": "202",\s*"to": "\/2012\/05\/21\/classic-post\/#attachment_202"/,
      );
    });

    test('feeds carry its variants as absolute URLs', () => {
      const feed = readFileSync(built('/feed.xml'), 'utf8');
      expect(feed).toContain('_astro/photo2.');
      expect(feed).not.toMatch(/srcset=(?:"|&quot;)\/_astro/);
      expect(feed).toMatch(/srcset=(?:"|&quot;)https?:\/\/[^/]+\/_astro\/photo2\./);
    });
  });

  test('links between imported posts point at the new paths; unknown ones stay absolute', () => {
    const $ = page('/2012/05/21/classic-post/')!;
    const hrefs = $('.post-content a')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(hrefs).toContain('/2012/06/01/second-post/');
    expect(hrefs.filter((href) => href === '/2012/06/01/second-post/')).toHaveLength(2);
    expect(hrefs).toContain('https://oldexample.wordpress.com/2011/01/01/gone-post/');
    expect(page('/2012/06/01/second-post/')!('.post-content a').attr('href')).toBe(
      '/2012/05/21/classic-post/',
    );
    expect(page('/about/team/history/')!('.post-content a').attr('href')).toBe('/about/');
  });

  test('categories and tags keep their names and WordPress slugs, with feeds', () => {
    expect(page('/category/status/')!('h1').text()).toContain('Server Status');
    expect(page('/tag/imap/')!('h1').text()).toContain('IMAP');
    expect(page('/tag/tips-tricks/')!('h1').text()).toContain('Tips & Tricks');
    for (const file of ['feed.xml', 'atom.xml', 'feed.json']) {
      expect(existsSync(join(project.root, 'dist', 'tag', 'imap', file))).toBe(true);
    }
    expect(page('/tag/imap/')!('link[rel=alternate][href="/tag/imap/feed.xml"]').length).toBe(1);
  });

  test('the sticky post leads the home page; two authors give bylines', () => {
    const $ = page('/')!;
    expect($('article .post-title').first().text().trim()).toBe('A classic post with everything');
    expect(page('/2012/06/01/second-post/')!('.post-byline').text().trim()).toBe('By Bob Builder');
  });

  test('drafts, private, pending, password-protected and scheduled posts are built nowhere', () => {
    const built = readFileSync(join(project.root, 'dist', 'sitemap-0.xml'), 'utf8');
    for (const slug of [
      'members-only',
      'from-the-future',
      'still-a-draft',
      'pending-review',
      'private-thoughts',
    ]) {
      expect(built).not.toContain(slug);
    }
    expect(readFileSync(join(project.root, 'dist', 'feed.xml'), 'utf8')).not.toContain(
      'Secret text',
    );
  });

  test('the report is written beside the content and the terminal names it', () => {
    const report = readFileSync(
      join(project.root, 'src', 'content', 'wordpress-import-report.md'),
      'utf8',
    );
    expect(report).toContain('Members only');
    expect(report).toContain('**poll**: 1');
    expect(importOutput).toContain(
      'Imported 5 published and 1 scheduled posts, 4 drafts, 4 pages.',
    );
  });

  test('the second page of a split post redirects to its anchor in the generated nginx config', async () => {
    const out = join(project.root, 'blog.conf');
    const generated = await project.run('scripts/generate-nginx.ts', ['--out', out]);
    expect(generated.status, generated.output).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(
      'location = "/2012/06/01/second-post/2/" {\n        return 301 "/2012/06/01/second-post/#page-2";',
    );
    expect(page('/2012/06/01/second-post/')!('#page-2').length).toBe(1);
  });

  test('importing again changes nothing', async () => {
    const again = await project.run('scripts/import-wordpress.ts', importArgs);
    expect(again.status, again.output).toBe(0);
    expect(again.output).toContain('Files: 0 written, 16 unchanged, 0 kept');
  });
});

describe('the comment archive under an imported post', () => {
  const classic = '/2012/05/21/classic-post/';

  test('threads three levels deep, oldest first, with the pingback apart', () => {
    const $ = page(classic)!;
    const archive = $('section#comments');
    expect(archive.find('h2').first().text().trim()).toBe('4 Comments');
    expect(archive.text().replace(/\s+/g, ' ')).toContain('new comments cannot be posted');
    expect(
      archive.find('ol.comment-list > li > article#comment-1').length,
      'comment 1 at the top',
    ).toBe(1);
    expect(
      $('#comment-1')
        .parent()
        .find('> ol.comment-replies > li > ol.comment-replies > li > article#comment-3').length,
      'comment 3 two levels under comment 1',
    ).toBe(1);
    expect($('#comment-3').attr('data-depth')).toBe('3');
    expect($('.ping-list #comment-4').text()).toContain('Another blog » Linking here');
    expect($('#comment-1 time').attr('datetime')).toMatch(/^2012-05-21/);
  });

  test('an author is linked only with the address they gave, rel="nofollow ugc"', () => {
    const $ = page(classic)!;
    expect($('#comment-2 a.comment-author').attr('href')).toBe('https://ann.example/');
    expect($('#comment-2 a.comment-author').attr('rel')).toBe('nofollow ugc');
    expect($('#comment-1 a.comment-author').length).toBe(0);
    expect($('#comment-1 .comment-author').text()).toBe('Reader');
    expect($('#comment-3 a.comment-author').length).toBe(0);
    expect($('#comment-2 .comment-content a[href="/2012/06/01/second-post/"]').length).toBe(1);
  });

  test('spam, trash, unapproved text and every e-mail and IP address stay out of the site', () => {
    const html = page(classic)!.html();
    for (const text of [
      'Buy cheap pills',
      'Awaiting moderation',
      'Trashed comment',
      '@mail.example',
      '192.0.2.11',
      'steal()',
      'alert(',
    ]) {
      expect(html).not.toContain(text);
    }
  });

  test.each([
    [classic, '4 Comments', `${classic}#comments`],
    ['/', '4 Comments', `${classic}#comments`],
    ['/2012/06/01/second-post/', 'Comments Off', undefined],
  ])('%s: the line under the post says %s', (path, label, href) => {
    const meta = page(path)!('.post-meta').first();
    expect(meta.text()).toContain(label);
    expect(meta.find('a[href$="#comments"]').attr('href')).toBe(href);
  });

  test('the imported site passes the HTML validity and no-JavaScript gates', async () => {
    const site = readBuiltSite(join(project.root, 'dist'));
    expect(await checkHtmlValidity(site)).toEqual([]);
    expect(checkNoScripts(site, ['/search/'])).toEqual([]);
  });

  test('the post with its archive has no axe violations, light or dark', async () => {
    const [browser, local] = await Promise.all([
      chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
      startLocalSite(join(project.root, 'dist')),
    ]);
    try {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ baseURL: local.origin, colorScheme });
        const tab = await context.newPage();
        await tab.goto(classic, { waitUntil: 'load' });
        const { violations } = await new AxeBuilder({ page: tab }).analyze();
        expect(
          violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
          colorScheme,
        ).toEqual([]);
        await context.close();
      }
    } finally {
      await browser.close();
      await local.close();
    }
  }, 60_000);
});
