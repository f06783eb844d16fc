import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readWxrFile, type WxrItem } from '../../../src/import/wordpress/wxr.ts';
import { buildWxr } from '../../support/build-wxr.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'wordpress');
const dir = mkdtempSync(join(tmpdir(), 'wxr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads an export and returns its channel and items. */
async function readAll(path: string) {
  const items: WxrItem[] = [];
  const channel = await readWxrFile(path, (item) => items.push(item));
  return { channel, items };
}

/** Writes a variant of a fixture (or any text or bytes) to a temporary file. */
function writeVariant(name: string, text: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The 1-based line of the first occurrence of `needle`. */
const lineOf = (text: string, needle: string) =>
  text.slice(0, text.indexOf(needle)).split('\n').length;

/** Windows-1252 bytes of a text (ISO-8859-1 blogs store these: curly quotes and € are not in Latin-1). */
function encodeWindows1252(text: string): Uint8Array {
  const extra: Record<string, number> = { '€': 0x80, '–': 0x96, '“': 0x93, '”': 0x94, '’': 0x92 };
  return Uint8Array.from([...text].map((char) => extra[char] ?? char.charCodeAt(0)));
}

const wpcom = readFileSync(join(fixtures, 'wordpress-com-1.2.xml'), 'utf8');

describe.each([
  ['wordpress-com-1.2.xml', '1.2', 'http://wordpress.com/', 19],
  ['self-hosted-1.1.xml', '1.1', 'https://wordpress.org/?v=3.5', 1],
  ['minimal-1.0.xml', '1.0', '', 1],
])('%s', (file, version, generator, itemCount) => {
  test('reads the channel and every item in file order', async () => {
    const { channel, items } = await readAll(join(fixtures, file));
    expect(channel.version).toBe(version);
    expect(channel.generator).toBe(generator);
    expect(items).toHaveLength(itemCount);
  });
});

describe('text as WordPress reads it', () => {
  test.each([
    ['a "]]>" split across two CDATA sections', 102, 'content', 'CDATA end ]]> in the text'],
    [
      'two CDATA sections in one element',
      112,
      'content',
      'says the 8th. Two CDATA sections make one text.',
    ],
    ['an HTML entity outside CDATA', 112, 'title', 'Moved by hand \u00a0later'],
    ['markup in a title', 102, 'title', 'Second post: <em>block</em> editor &amp; "quotes"'],
    [
      'a percent-encoded Unicode slug, as written',
      111,
      'postName',
      '%ce%b5%ce%bb%ce%bb%ce%b7%ce%bd%ce%b9%ce%ba%ce%ac-%ce%bd%ce%ad%ce%b1',
    ],
  ] as const)('%s', async (_, id, field, expected) => {
    const { items } = await readAll(join(fixtures, 'wordpress-com-1.2.xml'));
    expect(items.find((item) => item.id === String(id))?.[field]).toContain(expected);
  });

  test("terms keep name, slug and domain; categories inside comments are not the post's", async () => {
    const { items } = await readAll(join(fixtures, 'wordpress-com-1.2.xml'));
    expect(items.find((item) => item.id === '101')?.terms).toEqual([
      { domain: 'category', slug: 'status', name: 'Server Status' },
      { domain: 'post_tag', slug: 'imap', name: 'IMAP' },
      { domain: 'post_tag', slug: 'tips-tricks', name: 'Tips &amp; Tricks' },
    ]);
  });

  test('authors map login to display name; items know their line', async () => {
    const { channel, items } = await readAll(join(fixtures, 'wordpress-com-1.2.xml'));
    expect([...channel.authors]).toEqual([
      ['ann', 'Ann Author'],
      ['bob', 'Bob Builder'],
    ]);
    const lines = wpcom.split('\n');
    const first = items[0]!;
    expect(lines[first.line - 1]).toContain('<item>');
  });

  test('the channel lists its categories and tags with term IDs, and user IDs by login', async () => {
    const { channel } = await readAll(join(fixtures, 'wordpress-com-1.2.xml'));
    expect(channel.terms).toEqual([
      { domain: 'category', id: 3, slug: 'status', name: 'Server Status', parent: '' },
      { domain: 'post_tag', id: 7, slug: 'imap', name: 'IMAP', parent: '' },
    ]);
    expect([...channel.authorIds]).toEqual([
      ['ann', 1],
      ['bob', 2],
    ]);
  });

  test('attachment meta is read', async () => {
    const { items } = await readAll(join(fixtures, 'wordpress-com-1.2.xml'));
    expect(items.find((item) => item.id === '201')?.meta).toEqual([
      { key: '_wp_attachment_image_alt', value: 'A photo' },
    ]);
  });
});

describe('encodings: a file is read as its declaration says', () => {
  const text = buildWxr([
    { id: 5, title: 'Café “news” for €5', content: 'Crème brûlée – for everyone’s table.' },
  ]);
  const declare = (label: string) => text.replace('encoding="UTF-8"', label);
  test.each([
    [
      'ISO-8859-1 (read as windows-1252, as PHP and browsers do)',
      'encoding="ISO-8859-1"',
      'windows-1252',
    ],
    ['windows-1252', 'encoding="windows-1252"', 'windows-1252'],
    ['a lower-case label in single quotes', "encoding='latin1' standalone='yes'", 'windows-1252'],
  ])('%s', async (name, label, encoding) => {
    const path = writeVariant(
      `${name.replace(/\W+/g, '-')}.xml`,
      encodeWindows1252(declare(label)),
    );
    const { channel, items } = await readAll(path);
    expect(items[0]?.title).toBe('Café “news” for €5');
    expect(items[0]?.content).toBe('Crème brûlée – for everyone’s table.');
    expect(channel.reading).toMatchObject({ encoding, repairs: [] });
  });

  test.each([
    [
      'UTF-8 with a byte order mark',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    ],
    [
      'UTF-16 (little-endian, with its byte order mark)',
      Buffer.from(`\ufeff${text.replace('UTF-8', 'UTF-16')}`, 'utf16le'),
    ],
  ])('%s', async (name, bytes) => {
    const { items } = await readAll(writeVariant(`${name.replace(/\W+/g, '-')}.xml`, bytes));
    expect(items[0]?.title).toBe('Café “news” for €5');
  });

  test('a large file decodes whole: characters across the chunks the file is read in', async () => {
    const body = 'é€'.repeat(70_000);
    const { items } = await readAll(
      writeVariant(
        'large.xml',
        buildWxr([
          { id: 5, content: body },
          { id: 6, content: body },
        ]),
      ),
    );
    expect(items.map((item) => item.content === body)).toEqual([true, true]);
  });

  test('an encoding no decoder here knows is refused, with what to do', async () => {
    const path = writeVariant('unknown-encoding.xml', declare('encoding="x-klingon"'));
    await expect(readAll(path)).rejects.toThrow(/names the encoding "x-klingon".*iconv/);
  });
});

describe('flaws WordPress writes into exports are repaired and counted', () => {
  const comment = `<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author><![CDATA[José]]></wp:comment_author><wp:comment_author_url>http://jose.example/?page_id=2&lang=en</wp:comment_author_url><wp:comment_date>2012-05-02 11:00:00</wp:comment_date><wp:comment_content><![CDATA[Hi]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>`;
  const withComment = buildWxr([
    { id: 5, extra: comment },
    { id: 6, content: '[&#8230;] and a ;' },
  ]);
  const plain = buildWxr([{ id: 5 }]);
  test.each([
    [
      "a raw & in a comment author's address (esc_url_raw leaves it)",
      withComment,
      (items: WxrItem[]) => items[0]?.comments[0]?.authorUrl,
      'http://jose.example/?page_id=2&lang=en',
      [{ kind: 'raw ampersand', count: 1, firstLine: lineOf(withComment, '&lang') }],
    ],
    [
      'control characters pasted from a word processor, in CDATA and out',
      plain
        .replace('Body of 5.', 'Pasted\u000b from Word\u0008.')
        .replace('<title>Post 5', '<title>Post\u0001 5'),
      (items: WxrItem[]) => `${items[0]?.title} / ${items[0]?.content}`,
      'Post 5 / Pasted from Word.',
      [{ kind: 'disallowed character', count: 3, firstLine: lineOf(plain, '<title>Post 5') }],
    ],
    [
      'HTML named entities outside CDATA',
      plain.replace('<title>Post 5', '<title>Caf&eacute; &hellip; &amp; &NotEqualTilde; Post 5'),
      (items: WxrItem[]) => items[0]?.title,
      'Café … & ≂̸ Post 5',
      [{ kind: 'html entity', count: 3, firstLine: lineOf(plain, '<title>Post 5') }],
    ],
    [
      'an unknown entity outside CDATA is text, as a browser shows it',
      plain.replace('<title>Post 5', '<title>&madeup; Post 5'),
      (items: WxrItem[]) => items[0]?.title,
      '&madeup; Post 5',
      [{ kind: 'raw ampersand', count: 1, firstLine: lineOf(plain, '<title>Post 5') }],
    ],
    [
      'blank lines before <?xml (printed by a theme or plugin); lines stay the file’s',
      `\n\n  \n${plain}`,
      (items: WxrItem[]) => items[0]?.line,
      lineOf(`\n\n  \n${plain}`, '<item>'),
      [{ kind: 'leading whitespace', count: 1, firstLine: 1 }],
    ],
    [
      'nothing in CDATA is touched',
      plain.replace('Body of 5.', 'a & b &eacute; &amp; <!-- x -->'),
      (items: WxrItem[]) => items[0]?.content,
      'a & b &eacute; &amp; <!-- x -->',
      [],
    ],
  ] as const)('%s', async (name, text, read, expected, repairs) => {
    const { channel, items } = await readAll(
      writeVariant(`${name.replace(/\W+/g, '-')}.xml`, text),
    );
    expect(read(items)).toBe(expected);
    expect(channel.reading.repairs).toEqual(repairs);
  });
});

describe('bad exports fail with the file and what is wrong', () => {
  const cut = wpcom.slice(0, wpcom.indexOf('<wp:post_id>104'));
  test.each([
    ['not XML at all', 'This is not an export.\n', /not well-formed XML/],
    ['an empty file', '', /empty|not well-formed/],
    [
      'an RSS feed, not a WXR',
      '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>y</title></item></channel></rss>',
      /no <wp:wxr_version>/,
    ],
    [
      'an Atom feed',
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
      /not a WordPress export: the document is <feed>/,
    ],
    [
      'cut short',
      cut,
      new RegExp(
        `the export is cut short: the file ends on line ${cut.split('\n').length} inside the item that starts on line ${cut.slice(0, cut.lastIndexOf('<item>')).split('\n').length}\\. .*export it again`,
      ),
    ],
    [
      'an unknown WXR version',
      wpcom.replace('<wp:wxr_version>1.2', '<wp:wxr_version>1.5'),
      /WXR version 1\.5 is not one this importer knows/,
    ],
    [
      'a broken tag',
      wpcom.replace('</wp:post_name>', '</wp:post_nam>'),
      /not well-formed XML: line 60, column 54: unexpected close tag.*correct that place in a text editor/,
    ],
    [
      'a raw < in a title names its own line',
      wpcom.replace('<title>A classic post', '<title>A < classic post'),
      new RegExp(
        `not well-formed XML: line ${lineOf(wpcom, '<title>A classic post')}, column \\d+: disallowed character in tag name`,
      ),
    ],
    [
      'a PHP notice before <?xml',
      `Warning: Cannot modify header information in /var/www/wp-admin/includes/export.php on line 12\n${wpcom}`,
      /delete everything before `<\?xml`/,
    ],
  ])('%s', async (name, text, message) => {
    const path = writeVariant(`${name.replace(/\W+/g, '-')}.xml`, text);
    await expect(readAll(path)).rejects.toThrow(message);
    await expect(readAll(path)).rejects.toThrow(path);
  });

  test('a file that is not there says so', async () => {
    await expect(readAll(join(dir, 'missing.xml'))).rejects.toThrow(
      /missing\.xml: cannot be read: ENOENT/,
    );
  });

  test.each([
    ['not cut short', wpcom.replace('</wp:post_name>', '</wp:post_nam>')],
    [
      'whole but for a CDATA section never ended',
      `${wpcom.slice(0, wpcom.lastIndexOf(']]>'))}${wpcom.slice(wpcom.lastIndexOf(']]>') + 3)}`,
    ],
    ['not XML', 'This is not an export.\n'],
  ])('a file that is %s is not called cut short, nor to be exported again', async (_, text) => {
    const path = writeVariant(`${_.replace(/\W+/g, '-')}-advice.xml`, text);
    await expect(readAll(path)).rejects.toThrow(/^(?:(?!cut short|export it again)[\s\S])*$/);
  });
});
