import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  ImportError,
  importWordPress,
  MANIFEST_PATH,
  renderRedirectsModule,
} from '../../../src/import/wordpress/import.ts';
import { renderImportReport, summarizeImport } from '../../../src/import/wordpress/report.ts';
import { BLOG, buildWxr, type TestChannel, type TestItem } from '../../support/build-wxr.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'wordpress');
const wpcom = join(fixtures, 'wordpress-com-1.2.xml');
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'wp-import-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs the import into the temporary root. */
const run = (
  exportPath: string,
  extra: { dryRun?: boolean; force?: boolean; prune?: boolean } = {},
) => importWordPress({ exportPaths: [exportPath], projectRoot: root, timeZone: 'UTC', ...extra });
/** Writes an export built from items into the temporary root and returns its path. */
const write = (name: string, items: readonly TestItem[], channel?: TestChannel) => {
  const path = join(root, name);
  writeFileSync(path, buildWxr(items, channel));
  return path;
};
/** Every file the import left under the root. */
const listed = (): string[] =>
  existsSync(join(root, 'src'))
    ? readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) =>
        f.includes('.'),
      )
    : [];
const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('writing', () => {
  test('one file per post and page, named by WordPress ID, with a manifest', async () => {
    const report = await run(wpcom);
    expect(report.files.written).toHaveLength(16);
    expect(read('src/content/news/wordpress/wp-101.md')).toMatch(
      /^---\ntitle: A classic post with everything\n/,
    );
    expect(read('src/content/news/wordpress/wp-101.md')).toContain('wordpressId: 101');
    expect(read('src/content/pages/wordpress/wp-403.md')).toContain(
      'permalink: /about/team/history/',
    );
    expect(Object.keys(JSON.parse(read(MANIFEST_PATH)).files)).toHaveLength(16);
  });

  test('frontmatter carries what WordPress knew', async () => {
    await run(wpcom);
    const post = read('src/content/news/wordpress/wp-101.md');
    for (const line of [
      'pubDate: 2012-05-21T18:30:00+10:00',
      'updatedDate: 2012-06-02T10:00:00+10:00',
      '  - name: Server Status\n    slug: status',
      'tags:\n  - IMAP\n  - Tips & Tricks',
      'author: Ann Author',
      'sticky: true',
      'slug: classic-post',
      // The item's <guid> as exported: feeds keep it as the item's id.
      'wordpressId: 101\nguid: http://oldexample.wordpress.com/?p=101\n---',
    ]) {
      expect(post).toContain(line);
    }
    // Pages have no feed entry, and their schema no guid.
    expect(read('src/content/pages/wordpress/wp-401.md')).not.toContain('guid:');
    expect(read('src/content/news/wordpress/wp-102.md')).toContain(
      'description: A hand-written excerpt.',
    );
    expect(read('src/content/news/wordpress/wp-102.md')).toContain('pageCount: 2');
    expect(read('src/content/news/wordpress/wp-104.md')).toContain('draft: true');
    expect(read('src/content/news/wordpress/wp-112.md')).toContain(
      'permalink: /2012/06/09/moved-by-hand/',
    );
  });

  test("a post's later pages become redirects to its anchors", async () => {
    const report = await run(wpcom);
    // 1 later page, 14 other old paths (comment feeds get none: nginx answers
    // them 410), 19 `/?arg=value` forms (src/import/wordpress/redirects.ts).
    expect(report.redirects).toBe(34);
    const module = read('src/data/wordpress-redirects.ts');
    expect(module).toContain('"from": "/2012/06/01/second-post/2/"');
    expect(module).toContain('"to": "/2012/06/01/second-post/#page-2"');
    expect(read('src/content/news/wordpress/wp-102.md')).toContain('<div id="page-2"></div>');
  });

  test('a second import changes nothing', async () => {
    await run(wpcom);
    const before = read('src/content/news/wordpress/wp-101.md');
    const again = await run(wpcom);
    expect(again.files).toEqual({
      written: [],
      unchanged: expect.any(Array),
      keptEdited: [],
      removed: [],
      keptNotImported: [],
    });
    expect(again.files.unchanged).toHaveLength(16);
    expect(read('src/content/news/wordpress/wp-101.md')).toBe(before);
  });

  test('a file edited by hand is kept, and overwritten only with --force', async () => {
    await run(wpcom);
    const file = 'src/content/news/wordpress/wp-102.md';
    writeFileSync(join(root, file), `${read(file)}\nAn editor's note.\n`);
    const kept = await run(wpcom);
    expect(kept.files.keptEdited).toEqual([file]);
    expect(read(file)).toContain("An editor's note.");
    const forced = await run(wpcom, { force: true });
    expect(forced.files.written).toEqual([file]);
    expect(read(file)).not.toContain("An editor's note.");
  });

  test('a dry run writes nothing but reports everything', async () => {
    const report = await run(wpcom, { dryRun: true });
    expect(report.counts).toEqual({
      published: 5,
      scheduled: 1,
      drafts: 4,
      pages: 4,
      attachments: 2,
    });
    expect(listed()).toEqual([]);
  });
});

test('old addresses beyond posts: query forms, the attachment page, day archives, no scheduled post', async () => {
  await run(wpcom);
  const module = read('src/data/wordpress-redirects.ts');
  for (const text of [
    '"from": "/2012/05/21/classic-post/photo/",\n    "to": "/2012/05/21/classic-post/#attachment_201"',
    '"from": "/2012/05/21/",\n    "to": "/2012/05/"',
    '"arg": "cat",\n    "value": "3",\n    "to": "/category/status/"',
    '"arg": "author",\n    "value": "2",\n    "to": "/"',
  ]) {
    expect(module).toContain(text);
  }
  // The scheduled post is not built yet: nothing may lead to it.
  expect(module).not.toContain('from-the-future');
  expect(read('src/content/news/wordpress/wp-101.md')).toContain('<figure id="attachment_201"');
});

describe('comments', () => {
  test('approved comments and pings are archived next to the post; the rest is counted', async () => {
    const report = await run(wpcom);
    expect(report.comments).toEqual({
      comments: 3,
      pings: 1,
      posts: 1,
      skipped: { spam: 1, trash: 1, unapproved: 1, 'on a page': 0 },
    });
    const archive = JSON.parse(read('src/content/news/wordpress/wp-101.comments.json'));
    expect(archive.wordpressId).toBe(101);
    expect(
      archive.comments.map((c: { id: number; parentId: number }) => [c.id, c.parentId]),
    ).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
    ]);
    expect(archive.comments[0]).toEqual({
      id: 1,
      parentId: 0,
      author: 'Reader',
      date: '2012-05-21T20:00:00+10:00',
      html: '<p>Nice post</p>',
    });
    expect(archive.comments[1].url).toBe('https://ann.example/');
    expect(archive.comments[1].html).toContain('<a href="/2012/06/01/second-post/">');
    expect(archive.comments[1].html).toContain(
      '<a href="https://elsewhere.example/" rel="nofollow ugc">',
    );
    // A javascript: address is no address; the script and the handler are gone.
    expect(archive.comments[2].url).toBeUndefined();
    expect(archive.comments[2].html).not.toMatch(/script|onclick|steal/);
    expect(archive.pings).toEqual([
      expect.objectContaining({ id: 4, author: 'Another blog » Linking here' }),
    ]);
    expect(existsSync(join(root, 'src/content/news/wordpress/wp-102.comments.json'))).toBe(false);
  });

  test('no e-mail address, IP address or skipped comment text is written anywhere', async () => {
    await run(wpcom);
    const everything = listed()
      .map((file) => read(join('src', file)))
      .join('\n');
    for (const secret of [
      '@mail.example',
      '192.0.2.11',
      '192.0.2.12',
      '198.51.100.4',
      '203.0.113.9',
      'Buy cheap pills',
      'Awaiting moderation text',
      'Trashed comment text',
      'akismet',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('older and self-hosted exports', () => {
  test('WXR 1.1 from a New York blog keeps the old address the date no longer gives in UTC', async () => {
    const report = await run(join(fixtures, 'self-hosted-1.1.xml'));
    const post = read('src/content/news/wordpress/wp-7.md');
    expect(post).toContain('pubDate: 2013-03-01T21:30:00-05:00');
    expect(post).toContain('permalink: /2013/03/01/evening-news/');
    // The link to itself, written without www, resolves.
    expect(post).toContain('](/2013/03/01/evening-news/)');
    expect(post).toMatch(/```js\nif \(a < b && c\) \{ go\(\); \}\n```/);
    expect(report.offsets).toEqual({ '-05:00': 1 });
  });

  test('WXR 1.0 numeric permalinks are kept, and its domain="tag" tags are tags', async () => {
    await run(join(fixtures, 'minimal-1.0.xml'));
    const post = read('src/content/news/wordpress/wp-1.md');
    expect(post).toContain('permalink: /archives/1/');
    expect(post).toContain('tags:\n  - Email\n');
  });
});

describe('a bad export writes nothing and names every bad item', () => {
  const source = readFileSync(wpcom, 'utf8');
  test.each([
    [
      'two posts with one address',
      source.replace(
        '<link>https://oldexample.wordpress.com/2012/06/09/moved-by-hand/</link>',
        '<link>https://oldexample.wordpress.com/2012/05/21/classic-post/</link>',
      ),
      /item 101 "A classic post with everything" \(line \d+\) and item 112 "Moved by hand later" \(line \d+\): both have the address \/2012\/05\/21\/classic-post\//,
    ],
    [
      'an impossible date',
      source.replace('2012-06-08 10:00:00', '2012-02-30 10:00:00'),
      /item 112 "Moved by hand later" \(line \d+\): wp:post_date "2012-02-30 10:00:00" is not a real date/,
    ],
    [
      'a page without a date',
      source.replace('<wp:post_date><![CDATA[2012-01-02 10:00:00]]></wp:post_date>', ''),
      /item 402 "The team" \(line \d+\): has no date/,
    ],
  ])('%s', async (_, text, message) => {
    const path = join(root, 'export.xml');
    writeFileSync(path, text);
    const attempt = run(path);
    await expect(attempt).rejects.toBeInstanceOf(ImportError);
    await expect(run(path)).rejects.toThrow(message);
    expect(listed()).toEqual([]);
  });
});

test("the project's empty redirect table is the importer's own, so the first import may replace it", () => {
  const committed = readFileSync(
    join(import.meta.dirname, '..', '..', '..', 'src', 'data', 'wordpress-redirects.ts'),
    'utf8',
  );
  expect(committed).toBe(renderRedirectsModule([], []));
});

describe('exports as real blogs write them', () => {
  test("WordPress.com's base_site_url (wordpress.com) is not the blog: links there stay links there", async () => {
    const path = write(
      'wpcom.xml',
      [
        {
          id: 7,
          content:
            'I started on <a href="https://wordpress.com/">WordPress.com</a>, see <a href="https://wordpress.com/?p=7">their post</a> and <a href="https://blog.example/?p=7">mine</a>.',
        },
      ],
      { baseSiteUrl: 'http://wordpress.com/' },
    );
    const report = await run(path);
    const post = read('src/content/news/wordpress/wp-7.md');
    expect(post).toContain('[WordPress.com](https://wordpress.com/)');
    expect(post).toContain('[their post](https://wordpress.com/?p=7)');
    expect(post).toContain('[mine](/2012/05/02/post-7/)');
    expect(report.unresolvedLinks).toEqual([]);
  });

  test('an export in ISO-8859-1 is imported as written', async () => {
    const path = join(root, 'latin1.xml');
    const text = buildWxr([{ id: 5, title: 'Café news', content: 'Crème brûlée.' }]);
    writeFileSync(path, Buffer.from(text.replace('UTF-8', 'ISO-8859-1'), 'latin1'));
    const report = await run(path);
    expect(read('src/content/news/wordpress/wp-5.md')).toContain('title: Café news');
    expect(read('src/content/news/wordpress/wp-5.md')).toContain('Crème brûlée.');
    expect(renderImportReport(report)).toContain(
      '- read as windows-1252 (its XML declaration says ISO-8859-1)',
    );
  });

  test('repairs are listed in the report with their counts', async () => {
    const path = join(root, 'flawed.xml');
    const text = `\n\n${buildWxr([{ id: 5, title: 'Caf&eacute; &amp; Q&A' }])}`;
    writeFileSync(path, text);
    const report = await run(path);
    expect(read('src/content/news/wordpress/wp-5.md')).toContain('title: Café & Q&A');
    const rendered = renderImportReport(report);
    expect(rendered).toContain(
      '- blank lines before the XML declaration removed: 1 (the first on line 1)',
    );
    expect(rendered).toMatch(/- HTML named entities outside CDATA .*: 1 \(the first on line \d+\)/);
    expect(rendered).toMatch(/- bare `&` .*: 1 \(the first on line \d+\)/);
  });

  test('a reusable block is shown where a post uses it', async () => {
    const path = write('blocks.xml', [
      {
        id: 90,
        type: 'wp_block',
        link: `${BLOG}/?p=90`,
        content: '<!-- wp:paragraph --><p>Sign up for our newsletter.</p><!-- /wp:paragraph -->',
      },
      {
        id: 91,
        content:
          '<!-- wp:paragraph --><p>Intro.</p><!-- /wp:paragraph -->\n<!-- wp:block {"ref":90} /-->\n<!-- wp:block {"ref":404} /-->',
      },
    ]);
    const report = await run(path);
    expect(read('src/content/news/wordpress/wp-91.md')).toContain(
      'Intro.\n\nSign up for our newsletter.',
    );
    expect(report.skipped).toEqual({ 'reusable block (shown where a post uses it)': 1 });
    expect(report.unknownBlocks).toEqual({});
    expect(report.notConverted).toEqual({
      'reusable block missing from the export': [expect.objectContaining({ wordpressId: 91 })],
    });
  });

  test('an "Archives" page at the address the site keeps is imported as a draft beside it, and reported', async () => {
    const path = write('archives.xml', [
      { id: 5, type: 'page', slug: 'archives', title: 'Archives', link: `${BLOG}/archives/` },
      { id: 6, type: 'page', slug: 'about', title: 'About', link: `${BLOG}/category/about/` },
      { id: 7 },
    ]);
    const report = await run(path);
    const page = read('src/content/pages/wordpress/wp-5.md');
    expect(page).toContain('draft: true');
    expect(page).toContain('permalink: /archives-2/');
    expect(read('src/content/pages/wordpress/wp-6.md')).toContain('permalink: /category-2/about/');
    expect(report.adjusted).toEqual([
      {
        entry: expect.objectContaining({ wordpressId: 5, path: '/archives-2/' }),
        reason: expect.stringMatching(
          /^its address \/archives\/ is taken on this site .*: imported as a draft at \/archives-2\/$/,
        ),
      },
      expect.objectContaining({ entry: expect.objectContaining({ wordpressId: 6 }) }),
    ]);
    expect(report.counts.published).toBe(1);
  });

  test.each<[string, TestItem[], Record<string, string>]>([
    [
      'a page moved off an address the site keeps skips one a later page has',
      [
        { id: 5, type: 'page', slug: 'archives', title: 'Archives', link: `${BLOG}/archives/` },
        { id: 6, type: 'page', slug: 'archives-2', title: 'New', link: `${BLOG}/archives-2/` },
      ],
      {
        'pages/wordpress/wp-5.md': 'permalink: /archives-3/',
        'pages/wordpress/wp-6.md': 'permalink: /archives-2/',
      },
    ],
    [
      "a draft renamed beside a post skips the address a later draft's link has",
      [
        { id: 5 },
        { id: 6, slug: 'post-5', status: 'draft', link: `${BLOG}/?p=6` },
        { id: 7, slug: 'post-5-2', status: 'draft', link: `${BLOG}/2012/05/02/post-5-2/` },
      ],
      { 'news/wordpress/wp-6.md': 'slug: post-5-3', 'news/wordpress/wp-7.md': 'slug: post-5-2' },
    ],
    [
      'a draft listed before a private page of the same slug moves aside; the private page keeps its address',
      [
        { id: 5 },
        { id: 7, type: 'page', slug: 'team', status: 'draft', link: `${BLOG}/?page_id=7` },
        { id: 8, type: 'page', slug: 'team', status: 'private', link: `${BLOG}/team/` },
      ],
      {
        'pages/wordpress/wp-7.md': 'permalink: /team-2/',
        'pages/wordpress/wp-8.md': 'permalink: /team/',
      },
    ],
  ])('%s', async (_name, items, expected) => {
    await run(write('taken.xml', items));
    for (const [file, line] of Object.entries(expected))
      expect(read(`src/content/${file}`)).toContain(line);
  });

  test('a draft WordPress never dated is imported, dated by its last change, and reported', async () => {
    const path = write('undated.xml', [
      {
        id: 5,
        status: 'draft',
        date: '0000-00-00 00:00:00',
        modified: '2013-04-05 06:07:08',
        link: `${BLOG}/?p=5`,
      },
      { id: 6 },
    ]);
    const report = await run(path);
    expect(read('src/content/news/wordpress/wp-5.md')).toContain(
      'pubDate: 2013-04-05T06:07:08+00:00',
    );
    expect(report.adjusted.map((item) => item.reason)).toEqual([
      'WordPress never dated this draft: dated by its last change',
    ]);
  });
});

describe('importing again', () => {
  const items: TestItem[] = [{ id: 11 }, { id: 12 }, { id: 13 }];

  test.each([
    ['trash', 'removed'],
    ['draft', 'a draft'],
    ['private', 'a draft'],
  ])(
    'a post whose status is now %s is %s, without --prune: the export says so',
    async (status, outcome) => {
      await run(write('before.xml', items));
      const report = await run(
        write(
          'after.xml',
          items.map((item) => (item.id === 12 ? { ...item, status } : item)),
        ),
      );
      const file = 'src/content/news/wordpress/wp-12.md';
      if (outcome === 'removed') {
        expect(existsSync(join(root, file))).toBe(false);
        expect(report.files.removed).toEqual([file]);
        expect(Object.keys(JSON.parse(read(MANIFEST_PATH)).files)).not.toContain(file);
        expect(read('src/data/wordpress-redirects.ts')).not.toContain('"value": "12"');
      } else {
        expect(read(file)).toContain('draft: true');
        expect(report.files.written).toEqual([file, 'src/data/wordpress-redirects.ts']);
      }
    },
  );

  test('a post gone from the export but edited by hand is kept and listed; a dry run removes nothing', async () => {
    await run(write('before.xml', items));
    const edited = 'src/content/news/wordpress/wp-11.md';
    writeFileSync(join(root, edited), `${read(edited)}\nAn editor's note.\n`);
    const after = write('after.xml', [{ id: 13 }]);
    const dry = await run(after, { dryRun: true });
    expect(dry.files.removed).toEqual(['src/content/news/wordpress/wp-12.md']);
    expect(existsSync(join(root, 'src/content/news/wordpress/wp-12.md'))).toBe(true);
    const report = await run(after, { prune: true });
    expect(report.files.keptNotImported).toEqual([edited]);
    expect(read(edited)).toContain("An editor's note.");
    expect(renderImportReport(report)).toContain(
      `- no longer in the export but edited by hand, so kept: \`${edited}\``,
    );
  });

  test('a post kept because it was edited by hand keeps its comment archive under --prune', async () => {
    const comment =
      '<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Reader</wp:comment_author>' +
      '<wp:comment_date>2012-05-02 11:00:00</wp:comment_date><wp:comment_content>Nice post</wp:comment_content>' +
      '<wp:comment_approved>1</wp:comment_approved></wp:comment>';
    await run(write('before.xml', [{ id: 11, extra: comment }, { id: 12 }]));
    const edited = 'src/content/news/wordpress/wp-11.md';
    const archive = 'src/content/news/wordpress/wp-11.comments.json';
    expect(existsSync(join(root, archive))).toBe(true);
    writeFileSync(join(root, edited), `${read(edited)}\nAn editor's note.\n`);
    const report = await run(write('after.xml', [{ id: 12 }]), { prune: true });
    expect(report.files.keptNotImported).toEqual([archive, edited]);
    expect(report.files.removed).toEqual([]);
    expect(read(archive)).toContain('Nice post');
  });

  test('the files of a split export are one import: redirects, links and media of all of them', async () => {
    const first = write('blog-1.xml', [
      {
        id: 8,
        type: 'attachment',
        status: 'inherit',
        parent: 9,
        link: `${BLOG}/2012/05/02/post-9/a/`,
        attachmentUrl: `${BLOG}/wp-content/uploads/2012/05/a.jpg`,
      },
      { id: 90 },
    ]);
    const second = write('blog-2.xml', [
      {
        id: 9,
        content: 'See <a href="https://blog.example/?p=90">the first</a>.\n\n[gallery id="9"]',
      },
    ]);
    const report = await importWordPress({
      exportPaths: [first, second],
      projectRoot: root,
      timeZone: 'UTC',
    });
    expect(report.exportFiles).toEqual([first, second]);
    expect(report.counts.published).toBe(2);
    const post = read('src/content/news/wordpress/wp-9.md');
    expect(post).toContain('[the first](/2012/05/02/post-90/)');
    expect(post).toContain(`${BLOG}/wp-content/uploads/2012/05/a.jpg`);
    const redirects = read('src/data/wordpress-redirects.ts');
    for (const id of ['8', '9', '90']) expect(redirects).toContain(`"value": "${id}"`);
  });

  describe('a run that would remove files of the last import', () => {
    /** Imports a split export (posts 1–3 and 4–10), then returns the first file alone. */
    const importSplitExport = async () => {
      const first = write(
        'blog.000.xml',
        [1, 2, 3].map((id) => ({ id })),
      );
      const second = write(
        'blog.001.xml',
        [4, 5, 6, 7, 8, 9, 10].map((id) => ({ id })),
      );
      await importWordPress({ exportPaths: [first, second], projectRoot: root, timeZone: 'UTC' });
      return first;
    };
    const snapshot = () =>
      Object.fromEntries(listed().map((file) => [file, read(join('src', file))]));

    test('is refused before anything is written, naming how many and the first few', async () => {
      const first = await importSplitExport();
      const before = snapshot();
      // This run would also bring in a new post and its image: neither may land.
      writeFileSync(
        first,
        buildWxr([
          ...[1, 2, 3].map((id) => ({ id })),
          { id: 11, content: `<img src="${BLOG}/wp-content/uploads/2012/05/photo2.png" alt="">` },
        ]),
      );
      const refused = importWordPress({
        exportPaths: [first],
        projectRoot: root,
        timeZone: 'UTC',
        media: { mediaDir: join(fixtures, 'uploads'), download: false },
      });
      await expect(refused).rejects.toThrow(ImportError);
      await expect(refused).rejects.toThrow(
        [
          'nothing was imported: the last import wrote 7 files that this export no longer has, and this run would remove them:',
          ...[10, 4, 5, 6, 7].map((id) => `- src/content/news/wordpress/wp-${id}.md`),
          '- and 2 more (--dry-run --out-report FILE lists them all)',
          'If the export was split into several files, give every file of it in one run.',
          'If those posts were deleted on the old blog, pass --prune to remove them.',
        ].join('\n'),
      );
      expect(snapshot()).toEqual(before);
      expect(existsSync(join(root, '.build'))).toBe(false);
    });

    test('is listed by a dry run, which says the real run needs --prune', async () => {
      const first = await importSplitExport();
      const dry = await run(first, { dryRun: true });
      expect(dry.files.removed).toHaveLength(7);
      const summary = summarizeImport(dry, undefined);
      expect(summary).toContain('  would remove src/content/news/wordpress/wp-4.md');
      expect(summary.join('\n')).toMatch(
        /Without `--prune` the import refuses to remove those the export does not mark as trashed/,
      );
      expect(renderImportReport(dry)).toContain('- removed: `src/content/news/wordpress/wp-9.md`');
      expect(existsSync(join(root, 'src/content/news/wordpress/wp-9.md'))).toBe(true);
    });

    test('removes them, with their redirects, with --prune', async () => {
      const first = await importSplitExport();
      const report = await run(first, { prune: true });
      expect(report.files.removed).toHaveLength(7);
      expect(existsSync(join(root, 'src/content/news/wordpress/wp-4.md'))).toBe(false);
      expect(read('src/data/wordpress-redirects.ts')).not.toContain('"value": "4"');
      expect(summarizeImport(report, undefined).join('\n')).not.toContain('would remove');
    });
  });

  test('a post in two of the files given is refused, naming both', async () => {
    const first = write('a.xml', [{ id: 5 }]);
    const second = write('b.xml', [{ id: 6 }, { id: 5 }]);
    await expect(
      importWordPress({ exportPaths: [first, second], projectRoot: root, timeZone: 'UTC' }),
    ).rejects.toThrow(/b\.xml: item 5 "Post 5" \(line \d+\) is also in a\.xml/);
    expect(listed()).toEqual([]);
  });
});

describe('media of the blog, and only of the blog', () => {
  const uploads = join(fixtures, 'uploads');
  const importWithMedia = (path: string) =>
    importWordPress({
      exportPaths: [path],
      projectRoot: root,
      timeZone: 'UTC',
      media: { mediaDir: uploads, download: false },
    });

  test("relative and protocol-relative uploads URLs are copied and rewritten; another blog's file of that name is not", async () => {
    const path = write('media.xml', [
      {
        id: 5,
        content:
          '<img src="/wp-content/uploads/2012/05/photo2.png" alt="rel" />\n\n<img src="//blog.example/wp-content/uploads/2012/05/photo2-300x200.png" alt="pr" />\n\n<a href="/wp-content/uploads/2012/05/photo2.png">file</a>\n\n<img src="https://friend.example/wp-content/uploads/2012/05/photo2.png" alt="theirs" />',
      },
    ]);
    const report = await importWithMedia(path);
    const post = read('src/content/news/wordpress/wp-5.md');
    expect(post).toContain('![rel](/media/wordpress/2012/05/photo2.png)');
    expect(post).toContain('src="/media/wordpress/2012/05/photo2.png" alt="pr"');
    expect(post).toContain('[file](/media/wordpress/2012/05/photo2.png)');
    expect(post).toContain(
      '![theirs](https://friend.example/wp-content/uploads/2012/05/photo2.png)',
    );
    expect(report.media).toMatchObject({ fromDir: 1, missing: [] });
  });

  test("an attachment uploaded on the blog's old domain is the blog's own", async () => {
    const path = write('moved.xml', [
      {
        id: 8,
        type: 'attachment',
        status: 'inherit',
        parent: 5,
        guid: 'http://old-domain.example/wp-content/uploads/2012/05/photo2.png',
        attachmentUrl: `${BLOG}/wp-content/uploads/2012/05/photo2.png`,
      },
      {
        id: 5,
        content:
          '<img src="http://old-domain.example/wp-content/uploads/2012/05/photo2.png" alt="x" />',
      },
    ]);
    const report = await importWithMedia(path);
    expect(read('src/content/news/wordpress/wp-5.md')).toContain(
      '![x](/media/wordpress/2012/05/photo2.png)',
    );
    expect(report.media?.foreign).toEqual([]);
  });

  test('the featured image opens the post, copied like the rest', async () => {
    const path = write('featured.xml', [
      {
        id: 8,
        type: 'attachment',
        status: 'inherit',
        parent: 5,
        title: 'hero',
        attachmentUrl: `${BLOG}/wp-content/uploads/2012/05/photo2.png`,
      },
      {
        id: 5,
        content: 'Text only; the theme showed the image above it.',
        meta: { _thumbnail_id: '8' },
      },
      { id: 6, content: 'A thumbnail the export lacks.', meta: { _thumbnail_id: '404' } },
    ]);
    const report = await importWithMedia(path);
    expect(read('src/content/news/wordpress/wp-5.md')).toMatch(
      /---\n\n<img src="\/media\/wordpress\/2012\/05\/photo2\.png" alt="" id="attachment_8">\n\nText only;/,
    );
    expect(report.featuredImages).toEqual([expect.objectContaining({ wordpressId: 5 })]);
    expect(report.notConverted).toEqual({
      'featured image not in the export': [expect.objectContaining({ wordpressId: 6 })],
    });
    // The old attachment page leads to the image in the post.
    expect(read('src/data/wordpress-redirects.ts')).toContain(
      '"to": "/2012/05/02/post-5/#attachment_8"',
    );
  });

  test("the featured image's caption is HTML: a credit keeps its link, and an unclosed tag stays in the caption", async () => {
    const path = write('credit.xml', [
      {
        id: 8,
        type: 'attachment',
        status: 'inherit',
        parent: 5,
        excerpt: 'Photo by <a href="http://jane.example/">Jane <!--more--><em>Doe',
        attachmentUrl: `${BLOG}/wp-content/uploads/2012/05/photo2.png`,
      },
      { id: 5, content: 'The text.', meta: { _thumbnail_id: '8' } },
    ]);
    await importWithMedia(path);
    const post = read('src/content/news/wordpress/wp-5.md');
    expect(post).toContain(
      '<figcaption>Photo by <a href="http://jane.example/">Jane <em>Doe</em></a></figcaption></figure>\n\nThe text.\n',
    );
    expect(post).not.toContain('more-5');
  });
});
