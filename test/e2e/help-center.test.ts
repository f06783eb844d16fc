/**
 * The help center on a fixture tree of several sections, two levels deep,
 * built in a temporary project copy: addresses, sidebar state, breadcrumbs,
 * previous/next across sections, git dates and the edit link in the built
 * HTML; `redirectFrom` on Debian's real nginx; the search section filter with
 * and without JavaScript, axe with sidebar groups open and closed, and the
 * keyboard through the sidebar, in Chromium; a colliding `redirectFrom`
 * stopping the build.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { load, type CheerioAPI } from 'cheerio';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readHelpRedirects } from '../../src/redirects/site-redirects.ts';
import { startLocalSite, type LocalSite } from '../../scripts/lib/local-site.ts';
import { chromiumArgs, chromiumPath } from '../support/browser.ts';
import {
  FIRST_COMMIT,
  FIXTURE_EDIT_URL,
  FIXTURE_ORDER,
  FIXTURE_WORD,
  SECOND_COMMIT,
  writeHelpFixture,
} from '../support/help-fixture.ts';
import { getHeader, serveBlogOnNginx, type ServedBlog } from '../support/nginx.ts';
import { normalizeText } from '../support/seed.ts';
import { createTempProject, type TempProject } from '../support/temp-project.ts';

let project: TempProject;
let dist: string;
let buildOutput: string;

beforeAll(async () => {
  project = createTempProject();
  writeHelpFixture(project);
  const result = await project.run('scripts/build-site.ts');
  buildOutput = result.output;
  if (result.status !== 0) throw new Error(`fixture build failed:\n${result.output.slice(-3000)}`);
  dist = join(project.root, 'dist');
}, 240_000);

afterAll(() => project?.dispose());

/** A built page of the fixture site. */
const open = (path: string): CheerioAPI =>
  load(readFileSync(join(dist, path, path.endsWith('/') ? 'index.html' : ''), 'utf8'));

describe('built pages', () => {
  test.each(FIXTURE_ORDER)('%s exists, with its title as the only h1', (path) => {
    expect(open(path)('h1').length).toBe(1);
  });

  test.each([
    ['/help/clients/', 'Email clients', 3],
    ['/help/clients/imap/', 'IMAP programs', 2],
    ['/help/billing/', 'Billing', 1],
  ])('section page %s lists its entries', (path, label, pages) => {
    const $ = open(path);
    expect(normalizeText($('h1').text())).toBe(label);
    expect($('.help-index > li').length).toBeGreaterThan(0);
    expect(pages).toBeGreaterThan(0);
  });

  test('/help/ lists each section with its description and page count', () => {
    const $ = open('/help/');
    const sections = $('.help-index-section')
      .map((_, li) => [
        [
          $(li).find('h2 a').attr('href'),
          normalizeText($(li).find('p').first().text()),
          normalizeText($(li).find('.help-page-count').text()),
        ],
      ])
      .get();
    expect(sections).toEqual([
      ['/help/clients/', 'Setting up desktop and phone programs.', '3 pages'],
      ['/help/email-programs/', expect.stringContaining('Step-by-step'), '1 page'],
      ['/help/billing/', 'Invoices and payment.', '1 page'],
    ]);
  });

  test.each([
    ['/help/ssl-vs-tls-vs-starttls/', [], ['Help', 'SSL vs TLS vs STARTTLS']],
    ['/help/clients/overview/', ['clients'], ['Help', 'Email clients', 'Clients overview']],
    [
      '/help/clients/imap/thunderbird/',
      ['clients', 'clients/imap'],
      ['Help', 'Email clients', 'IMAP programs', 'Thunderbird'],
    ],
    ['/help/billing/invoices/', ['billing'], ['Help', 'Billing', 'Invoices']],
  ])('%s: open groups %j, current page marked, breadcrumbs %j', (path, openIds, crumbs) => {
    const $ = open(path);
    expect(
      $('.help-sidebar details[open]')
        .map((_, d) => $(d).attr('data-section'))
        .get(),
    ).toEqual(openIds);
    expect(
      $('.help-sidebar [aria-current="page"]')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).toEqual([path]);
    expect(
      $('.breadcrumbs a')
        .map((_, a) => normalizeText($(a).text()))
        .get(),
    ).toEqual(crumbs);
    expect($('.breadcrumbs [aria-current="page"]').attr('href')).toBe(path);
    const data = JSON.parse($('script[type="application/ld+json"]').text()) as {
      '@type': string;
      itemListElement: { position: number; name: string; item: string }[];
    };
    expect(data['@type']).toBe('BreadcrumbList');
    expect(data.itemListElement.map((item) => item.name)).toEqual(crumbs);
    expect(data.itemListElement.map((item) => item.position)).toEqual(crumbs.map((_, i) => i + 1));
    expect(data.itemListElement.at(-1)?.item).toBe(`https://blog.fastmail.fm${path}`);
  });

  test.each(FIXTURE_ORDER.map((path, index) => [path, index] as const))(
    '%s links previous/next in sidebar order, across sections',
    (path, index) => {
      const $ = open(path);
      expect($('.neighbour-nav a[rel="prev"]').attr('href')).toBe(FIXTURE_ORDER[index - 1]);
      expect($('.neighbour-nav a[rel="next"]').attr('href')).toBe(FIXTURE_ORDER[index + 1]);
      expect(
        $('.help-sidebar li a')
          .map((_, a) => $(a).attr('href'))
          .get(),
      ).toEqual(FIXTURE_ORDER);
    },
  );

  test.each([
    ['/help/clients/overview/', FIRST_COMMIT, 'src/content/help/clients/overview.mdx'],
    ['/help/billing/invoices/', SECOND_COMMIT, 'src/content/help/billing/invoices.mdx'],
  ])('%s: "Last updated" is its last commit, and it links "Edit this page"', (path, date, file) => {
    const $ = open(path);
    expect($('.help-updated time').attr('datetime')).toBe(new Date(date).toISOString());
    expect($('.help-edit a').attr('href')).toBe(`${FIXTURE_EDIT_URL}/${file}`);
  });

  test('the build does not warn about a shallow clone of a full history', () => {
    expect(buildOutput).not.toContain('shallow git clone');
  });

  test('code blocks: a title, a highlighted line, a removed and an added line; Steps is an ordered list', () => {
    const $ = open('/help/billing/invoices/');
    expect($('figure.code-block figcaption').text()).toBe('settings.ini');
    expect($('figure.code-block mark').text()).toContain('server');
    expect($('figure.code-block del').text()).toContain('143');
    expect($('figure.code-block ins').text()).toContain('993');
    expect($('.steps > ol > li').length).toBe(2);
  });

  test('help articles are filtered as Help, posts as News', () => {
    expect(
      open('/help/clients/overview/')('[data-pagefind-body]').attr('data-pagefind-filter'),
    ).toBe('section:Help');
    expect(
      open('/2026/01/01/fixture-post/')('[data-pagefind-body]').attr('data-pagefind-filter'),
    ).toBe('section:News');
  });
});

describe('redirectFrom on the real nginx', () => {
  let blog: ServedBlog;

  beforeAll(async () => {
    blog = await serveBlogOnNginx(dist, { pageRedirects: readHelpRedirects(project.root) });
  });

  afterAll(() => blog?.stop());

  /** GETs a path on the blog over https. */
  const get = (path: string) => blog.get(path);

  test.each([
    ['/help/old-clients/', '/help/clients/overview/'],
    ['/help/thunderbird.html', '/help/clients/imap/thunderbird/'],
    ['/help/tb/', '/help/clients/imap/thunderbird/'],
    ['/help/technology_ssl_vs_tls_starttls.html', '/help/ssl-vs-tls-vs-starttls/'],
  ])('%s answers 301 to %s, which answers 200', async (from, to) => {
    const response = await get(from);
    expect(response.status).toBe(301);
    expect(getHeader(response, 'location')).toBe(to);
    expect((await get(to)).status).toBe(200);
  });

  test('a path next to a redirect source is not redirected', async () => {
    expect((await get('/help/old-clients/x/')).status).toBe(404);
  });
});

describe('in Chromium', () => {
  let browser: Browser;
  let site: LocalSite;

  beforeAll(async () => {
    [browser, site] = await Promise.all([
      chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
      startLocalSite(dist),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** A fresh page; `javaScriptEnabled: false` for the no-JS cases. */
  const newPage = async (javaScriptEnabled = true, colorScheme: 'light' | 'dark' = 'light') =>
    (await browser.newContext({ baseURL: site.origin, javaScriptEnabled, colorScheme })).newPage();

  /** The result links the search page lists once it has finished. */
  const readResults = async (page: Page) => {
    await page
      .locator('#search-status')
      .filter({ hasText: /result/ })
      .waitFor();
    return page
      .locator('#search-results h2 a')
      .evaluateAll((links) =>
        links.map((link) => new URL((link as HTMLAnchorElement).href).pathname).sort(),
      );
  };

  test.each([
    ['', ['/2026/01/01/fixture-post/', '/help/clients/overview/']],
    ['help', ['/help/clients/overview/']],
    ['news', ['/2026/01/01/fixture-post/']],
  ])('with JavaScript, ?section=%j narrows the results', async (section, expected) => {
    const page = await newPage();
    await page.goto(`/search/?q=${FIXTURE_WORD}${section ? `&section=${section}` : ''}`);
    expect(await readResults(page)).toEqual(expected);
    expect(await page.locator('#search-section').inputValue()).toBe(section);
    await page.context().close();
  });

  test('with JavaScript, changing the section and submitting searches again and updates the address', async () => {
    const page = await newPage();
    await page.goto(`/search/?q=${FIXTURE_WORD}&section=help`);
    await readResults(page);
    await page.locator('#search-section').selectOption('news');
    await page.getByRole('button', { name: 'Search', exact: true }).last().click();
    await page.waitForURL(/section=news/);
    expect(await readResults(page)).toEqual(['/2026/01/01/fixture-post/']);
    await page.context().close();
  });

  test('a help page’s search box searches help by default, with or without JavaScript', async () => {
    for (const javaScript of [false, true]) {
      const page = await newPage(javaScript);
      await page.goto('/help/clients/imap/thunderbird/');
      await page.locator('#site-search-q').fill(FIXTURE_WORD);
      await page.locator('#site-search-q').press('Enter');
      await page.waitForURL(/\/search\//);
      const url = new URL(page.url());
      expect(url.searchParams.get('q')).toBe(FIXTURE_WORD);
      expect(url.searchParams.get('section')).toBe('help');
      if (javaScript) expect(await readResults(page)).toEqual(['/help/clients/overview/']);
      else expect(await page.locator('#search-fallback').isVisible()).toBe(true);
      await page.context().close();
    }
  });

  test('without JavaScript, the section control still posts back ?q=&section=', async () => {
    const page = await newPage(false);
    await page.goto('/search/');
    await page.locator('#search-q').fill(FIXTURE_WORD);
    await page.locator('#search-section').selectOption('news');
    await page.locator('#search-q').press('Enter');
    await page.waitForURL(/section=news/);
    expect(new URL(page.url()).searchParams.get('q')).toBe(FIXTURE_WORD);
    await page.context().close();
  });

  test.each(['light', 'dark'] as const)(
    'axe finds nothing with the sidebar groups as built and all open (%s)',
    async (scheme) => {
      const page = await newPage(true, scheme);
      for (const path of ['/help/', '/help/clients/imap/', '/help/clients/imap/thunderbird/']) {
        await page.goto(path);
        for (const state of ['as built', 'all open', 'all closed'] as const) {
          if (state !== 'as built') {
            await page.evaluate((open) => {
              for (const details of document.querySelectorAll('details')) details.open = open;
            }, state === 'all open');
          }
          const { violations } = await new AxeBuilder({ page }).analyze();
          expect(
            violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
            `${path} ${state}`,
          ).toEqual([]);
        }
      }
      await page.context().close();
    },
  );

  test('keyboard only: Tab to a closed group, Enter opens it, Tab and Enter follow its link', async () => {
    const page = await newPage(false);
    await page.goto('/help/clients/overview/');
    expect(await page.locator('details[data-section="billing"]').getAttribute('open')).toBeNull();
    /** Presses Tab until the focused element's text is `text`; fails after 60 presses. */
    const tabTo = async (text: string) => {
      for (let presses = 0; presses < 60; presses++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(
          () => document.activeElement?.textContent?.trim() ?? '',
        );
        if (focused === text) return;
      }
      throw new Error(`Tab never reached "${text}"`);
    };
    await tabTo('Billing');
    await page.keyboard.press('Enter');
    expect(await page.locator('details[data-section="billing"]').getAttribute('open')).toBe('');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Invoices');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/help\/billing\/invoices\/$/);
    expect(await page.locator('details[data-section="billing"]').getAttribute('open')).toBe('');
    await page.context().close();
  });
});

describe('a colliding redirectFrom', () => {
  test.each([
    ['a page of the site', '/help/billing/invoices/', 'is a page of the site'],
    ['another page’s old address', '/help/tb/', 'is already redirected by'],
    ['a legacy address', '/help/technology_ssl_vs_tls_starttls.html', 'is already redirected by'],
  ])(
    'stops the build when it names %s',
    async (_, from, message) => {
      project.write(
        'src/content/help/billing/refunds.mdx',
        `---\ntitle: Refunds\ndescription: About refunds.\nsidebarOrder: 2\nredirectFrom: ["${from}"]\n---\n\nRefunds.\n`,
      );
      const result = await project.run('scripts/build-site.ts');
      project.remove('src/content/help/billing/refunds.mdx');
      expect(result.status).not.toBe(0);
      expect(result.output).toContain(message);
      expect(result.output).toContain('refunds.mdx');
    },
    120_000,
  );
});
