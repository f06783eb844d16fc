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

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'wordpress');
const wpcom = join(fixtures, 'wordpress-com-1.2.xml');
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'wp-import-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs the import into the temporary root. */
const run = (exportPath: string, extra: { dryRun?: boolean; force?: boolean } = {}) =>
  importWordPress({ exportPath, projectRoot: root, timeZone: 'UTC', ...extra });
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
    ]) {
      expect(post).toContain(line);
    }
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
    // 1 later page, 24 other old paths, 19 `/?arg=value` forms (src/import/wordpress/redirects.ts).
    expect(report.redirects).toBe(44);
    const module = read('src/data/wordpress-redirects.ts');
    expect(module).toContain('"from": "/2012/06/01/second-post/2/"');
    expect(module).toContain('"to": "/2012/06/01/second-post/#page-2"');
    expect(read('src/content/news/wordpress/wp-102.md')).toContain('<div id="page-2"></div>');
  });

  test('a second import changes nothing', async () => {
    await run(wpcom);
    const before = read('src/content/news/wordpress/wp-101.md');
    const again = await run(wpcom);
    expect(again.files).toEqual({ written: [], unchanged: expect.any(Array), keptEdited: [] });
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

  test('WXR 1.0 numeric permalinks are kept', async () => {
    await run(join(fixtures, 'minimal-1.0.xml'));
    expect(read('src/content/news/wordpress/wp-1.md')).toContain('permalink: /archives/1/');
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
    [
      'an address this site keeps for itself',
      source.replace(
        'https://oldexample.wordpress.com/about/</link>',
        'https://oldexample.wordpress.com/category/about/</link>',
      ),
      /item 401 "About" \(line \d+\): its address \/category\/about\/ is taken on this site/,
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
