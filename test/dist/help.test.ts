/**
 * The built help section and the posts that lead to it: pages, sidebar,
 * table of contents, previous/next, the tables rendered from the data
 * modules, and the login transition table in the post.
 */
import { load, type CheerioAPI } from 'cheerio';
import { describe, expect, test } from 'vitest';
import { certificateWarningMeaning, loginTransitions } from '../../src/data/login-transitions.ts';
import { servers } from '../../src/data/servers.ts';
import { formatTransitionLine, groupTransitions } from '../../src/lib/login-table.ts';
import { readDist } from '../support/dist.ts';
import { normalizeText } from '../support/seed.ts';

/** The real help pages, in sidebar order: two at the top, then the "Email programs" section. */
const sidebarPages = [
  { path: '/help/server-names-and-ports/', title: 'Server Names and Ports' },
  { path: '/help/ssl-vs-tls-vs-starttls/', title: 'SSL vs TLS vs STARTTLS' },
  { path: '/help/email-programs/set-up-imap/', title: 'Set Up an Email Program with IMAP' },
];
/** The two pages from 2012, at their 2012 addresses. */
const helpPages = sidebarPages.slice(0, 2);

/** Loads a built page. */
const open = (path: string): CheerioAPI => load(readDist(path));

describe('/help/', () => {
  const $ = open('/help/');

  test('lists the top-level pages and each section with its description and page count', () => {
    const links = $('.help-index h2 a')
      .map((_, a) => [[$(a).attr('href'), normalizeText($(a).text())]])
      .get();
    expect(links).toEqual([
      ...helpPages.map((page) => [page.path, page.title]),
      ['/help/email-programs/', 'Email programs'],
    ]);
    expect($('.help-index li p').first().text()).toMatch(/host names, ports/);
    expect(normalizeText($('.help-index-section .help-page-count').text())).toBe('1 page');
  });

  test('is linked from the site navigation', () => {
    expect($('.site-nav a[href="/help/"]').text()).toBe('Help');
  });
});

describe.each(helpPages.map((page, index) => [page.path, page, index] as const))(
  '%s',
  (path, page, index) => {
    const $ = open(path);

    test('has its title as the only h1, and a last-updated date (git, else updatedDate)', () => {
      expect($('h1').length).toBe(1);
      expect(normalizeText($('h1').text())).toBe(page.title);
      expect($('.help-updated').text()).toMatch(/^\s*Last updated/);
      expect($('.help-updated time').attr('datetime')).toMatch(/^20\d\d-\d\d-\d\dT/);
    });

    test('has breadcrumbs Help › page, also as BreadcrumbList data', () => {
      expect($('.breadcrumbs a').map((_, a) => normalizeText($(a).text())).get()).toEqual([
        'Help',
        page.title,
      ]);
      const data = JSON.parse($('script[type="application/ld+json"]').text()) as {
        itemListElement: { item: string }[];
      };
      expect(data.itemListElement.map((item) => new URL(item.item).pathname)).toEqual([
        '/help/',
        path,
      ]);
    });

    test('marks the article body for search, and the navigation out of it', () => {
      expect($('article[data-pagefind-body] h1').length).toBe(1);
      expect($('.help-sidebar[data-pagefind-ignore]').length).toBe(1);
      expect($('article .toc[data-pagefind-ignore]').length).toBe(1);
      expect($('article .neighbour-nav[data-pagefind-ignore]').length).toBe(1);
    });

    test('has a sidebar of all help pages with this one current', () => {
      const links = $('.help-sidebar li a')
        .map((_, a) => $(a).attr('href'))
        .get();
      expect(links).toEqual(sidebarPages.map((entry) => entry.path));
      expect($('.help-sidebar details[open]').length).toBe(0);
      expect($('.help-sidebar [aria-current="page"]').attr('href')).toBe(path);
    });

    test('has a table of contents whose every link reaches a heading of the page', () => {
      const targets = $('.toc a')
        .map((_, a) => $(a).attr('href'))
        .get();
      expect(targets.length).toBeGreaterThan(3);
      for (const target of targets) {
        expect($(`.help-content :is(h2, h3)[id="${target.slice(1)}"]`).length, target).toBe(1);
      }
      expect(targets.length).toBe($('.help-content :is(h2, h3)').length);
    });

    test('links to the previous and next help pages', () => {
      const previous = sidebarPages[index - 1];
      const next = sidebarPages[index + 1];
      expect($('.neighbour-nav a[rel="prev"]').attr('href')).toBe(previous?.path);
      expect($('.neighbour-nav a[rel="next"]').attr('href')).toBe(next?.path);
    });
  },
);

describe('/help/server-names-and-ports/', () => {
  const $ = open('/help/server-names-and-ports/');

  test('renders every row of src/data/servers.ts in a captioned table', () => {
    const rows = $('table.server-table tbody tr')
      .map((_, tr) => [
        [
          normalizeText($(tr).find('td').eq(0).text()),
          normalizeText($(tr).find('td').eq(1).text()),
        ],
      ])
      .get();
    // Each group is its own table, so compare as sets.
    const byName = (a: string[], b: string[]) => a.join(':').localeCompare(b.join(':'));
    expect(rows.sort(byName)).toEqual(
      servers.map((entry) => [entry.hostname, String(entry.port)]).sort(byName),
    );
    $('table.server-table').each((_, table) => {
      expect(normalizeText($(table).find('caption').text())).not.toBe('');
      expect($(table).find('thead th[scope="col"]').length).toBe(5);
    });
  });

  test('shows the ports switched off in July 2012 as disabled', () => {
    const disabled = $('tr.server-disabled')
      .map((_, tr) => normalizeText($(tr).find('td').eq(1).text()))
      .get();
    expect(disabled.sort()).toEqual(['110', '143', '25', '389']);
    expect($('tr.server-disabled').text()).toContain('Disabled since 14 July 2012');
  });

  test('has a callout and set-up guidance for each protocol', () => {
    expect($('aside.aside-caution').text()).toMatch(/110.*143.*389/s);
    for (const heading of ['Reading mail with IMAP', 'Reading mail with POP', 'Sending mail with SMTP']) {
      expect($('h3').map((_, h) => $(h).text()).get()).toContain(heading);
    }
  });
});

describe('/help/ssl-vs-tls-vs-starttls/', () => {
  const $ = open('/help/ssl-vs-tls-vs-starttls/');
  const text = normalizeText($('.help-content').text());

  test.each(['RFC 2246', 'RFC 4346', 'RFC 5246', 'RFC 2595', 'RFC 3207', 'RFC 2830', 'RFC 6409'])(
    'cites %s',
    (rfc) => {
      expect(text).toContain(rfc);
    },
  );

  test('shows an SMTP STARTTLS exchange with the upgrade highlighted', () => {
    const marked = $('figure.transcript mark')
      .map((_, mark) => $(mark).text().trim())
      .get();
    expect(marked).toEqual(
      expect.arrayContaining(['S: 250-STARTTLS', 'C: STARTTLS', 'S: 220 2.0.0 Ready to start TLS']),
    );
    expect($('figure.transcript figcaption').text()).toContain('STARTTLS');
  });
});

describe('posts link to the help pages', () => {
  test('"Server Names and Ports help page" in the July 9 post', () => {
    const $ = open(
      '/2012/07/09/enforcing-ssltls-encryption-on-all-imappopsmtp-connections-from-july-14/',
    );
    const link = $('.post-content a[href="/help/server-names-and-ports/"]');
    expect(link.text()).toBe('Server Names and Ports help page');
  });

  test('the May 21 post keeps its URL as the visible text', () => {
    const $ = open('/2012/05/21/understanding-ssl-vs-tls-vs-starttls/');
    const link = $('.post-content a[href="/help/ssl-vs-tls-vs-starttls/"]');
    expect(link.text()).toBe('http://www.fastmail.fm/help/technology_ssl_vs_tls_starttls.html');
  });
});

describe('the login transition table in "Changes to webmail login"', () => {
  const $ = open('/2012/06/19/changes-to-webmail-login/');
  const table = $('.post-content table.transition-table');

  test('replaces the preformatted list', () => {
    expect(table.length).toBe(1);
    expect($('.post-content pre').text()).not.toContain('->');
  });

  test('is accessible: caption, column headers and a row header per row', () => {
    expect(normalizeText(table.find('caption').text())).toContain(
      `(W) means you’ll see a ${certificateWarningMeaning}`,
    );
    expect(table.find('thead th[scope="col"]').length).toBe(2);
    expect(table.find('tbody tr').length).toBe(loginTransitions.length);
    expect(table.find('tbody tr > th[scope="row"]').length).toBe(loginTransitions.length);
  });

  test('rows read exactly as the post list, in its blocks', () => {
    const rendered = table
      .find('tbody')
      .map((_, tbody) => [
        $(tbody)
          .find('tr')
          .map((__, tr) =>
            [$(tr).find('th'), $(tr).find('td')]
              .map((cell) => normalizeText(cell.text()))
              .join(' -> '),
          )
          .get(),
      ])
      .get();
    expect(rendered).toEqual(
      groupTransitions(loginTransitions).map((rows) => rows.map(formatTransitionLine)),
    );
  });

  test('shows (W) as a visible marker exactly where the post has it', () => {
    const expected = loginTransitions.reduce(
      (count, row) => count + Number(row.fromWarning) + Number(row.toWarning),
      0,
    );
    expect(table.find('tbody .cert-warning').length).toBe(expected);
    expect(table.find('tbody .cert-warning').first().text()).toBe('(W)');
  });
});
