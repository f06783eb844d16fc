import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readWxrFile, type WxrItem } from '../../../src/import/wordpress/wxr.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'wordpress');
const dir = mkdtempSync(join(tmpdir(), 'wxr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads an export and returns its channel and items. */
async function readAll(path: string) {
  const items: WxrItem[] = [];
  const channel = await readWxrFile(path, (item) => items.push(item));
  return { channel, items };
}

/** Writes a variant of a fixture (or any text) to a temporary file. */
function writeVariant(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
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
      { domain: 'category', id: 3, slug: 'status', name: 'Server Status' },
      { domain: 'post_tag', id: 7, slug: 'imap', name: 'IMAP' },
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

describe('bad exports fail with the file and what is wrong', () => {
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
    ['cut short', wpcom.slice(0, wpcom.indexOf('<wp:post_id>104')), /cut short/],
    [
      'an unknown WXR version',
      wpcom.replace('<wp:wxr_version>1.2', '<wp:wxr_version>1.5'),
      /WXR version 1\.5 is not one this importer knows/,
    ],
    [
      'a broken tag',
      wpcom.replace('</wp:post_name>', '</wp:post_nam>'),
      /not well-formed XML: line 60, column 54: unexpected close tag/,
    ],
  ])('%s', async (name, text, message) => {
    const path = writeVariant(`${name.replace(/\W+/g, '-')}.xml`, text);
    await expect(readAll(path)).rejects.toThrow(message);
    await expect(readAll(path)).rejects.toThrow(path);
  });
});
