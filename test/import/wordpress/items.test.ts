import { describe, expect, test } from 'vitest';
import {
  formatOffset,
  planItem,
  readOffsetMinutes,
  readOldPath,
  readPlainText,
  type PlannedEntry,
} from '../../../src/import/wordpress/items.ts';
import type { WxrItem } from '../../../src/import/wordpress/wxr.ts';

/** An export item with every field empty but what a case sets. */
function item(fields: Partial<WxrItem>): WxrItem {
  return {
    line: 10,
    title: 'A post',
    link: '',
    creator: 'ann',
    guid: '',
    content: '',
    excerpt: '',
    id: '42',
    postDate: '2012-05-21 18:30:00',
    postDateGmt: '2012-05-21 08:30:00',
    modified: '',
    modifiedGmt: '',
    commentStatus: 'closed',
    postName: 'a-post',
    status: 'publish',
    parent: '0',
    menuOrder: '0',
    type: 'post',
    password: '',
    sticky: '0',
    attachmentUrl: '',
    terms: [],
    meta: [],
    comments: [],
    ...fields,
  };
}

const authors = new Map([
  ['ann', 'Ann Author'],
  ['sean', 'Se&aacute;n &amp; Ana'],
]);
const plan = (fields: Partial<WxrItem>) => planItem(item(fields), authors, 600) as PlannedEntry;

describe('what each status becomes', () => {
  test.each([
    ['publish', 'published'],
    ['future', 'scheduled'],
    ['draft', 'draft'],
    ['pending', 'draft'],
    ['private', 'draft'],
  ])('%s → %s', (status, expected) => {
    expect(plan({ status }).status).toBe(expected);
  });

  test.each([
    [{ status: 'trash' }, 'trash'],
    [{ status: 'auto-draft' }, 'auto-draft'],
    [{ type: 'revision', status: 'inherit' }, 'revision'],
    [{ type: 'attachment', status: 'inherit' }, 'attachment'],
    [{ type: 'nav_menu_item' }, 'nav_menu_item'],
    [{ type: 'product' }, 'other type: product'],
    [{ type: 'wp_block' }, 'reusable block (shown where a post uses it)'],
    [
      { status: 'draft', postDate: '0000-00-00 00:00:00', modified: '0000-00-00 00:00:00' },
      'draft without a date',
    ],
  ] as const)('%j is skipped as %s', (fields, reason) => {
    expect(planItem(item(fields), authors, 0)).toEqual({ skip: reason });
  });

  test('a password-protected post is a draft, whatever its status, and says so', () => {
    const planned = plan({ password: 'hunter2' });
    expect([planned.status, planned.passwordProtected]).toEqual(['draft', true]);
  });
});

describe('fields', () => {
  test.each([
    [
      'markup and entities in a title become text',
      { title: 'Q&amp;A: <em>new</em> &#8220;thing&#8221;' },
      'title',
      'Q&A: new “thing”',
    ],
    ['an untitled post is "(no title)"', { title: '  ' }, 'title', '(no title)'],
    ["the date keeps the blog's offset", {}, 'pubDate', '2012-05-21T18:30:00+10:00'],
    [
      'a draft without GMT date gets the usual offset',
      { postDateGmt: '0000-00-00 00:00:00' },
      'pubDate',
      '2012-05-21T18:30:00+10:00',
    ],
    ['a percent-encoded slug is decoded', { postName: '%ce%b1%ce%b2' }, 'slug', 'αβ'],
    [
      'an empty slug comes from the title',
      { postName: '', title: 'Hello World' },
      'slug',
      'hello-world',
    ],
    ['an untitled, slugless post is known by its ID', { postName: '', title: '' }, 'slug', '42'],
    ['the author is their display name', {}, 'author', 'Ann Author'],
    ['an unknown login stays as it is', { creator: 'zed' }, 'author', 'zed'],
    [
      'the display name is decoded (WordPress stores it with _wp_specialchars)',
      { creator: 'sean' },
      'author',
      'Seán & Ana',
    ],
    [
      'a draft WordPress never dated takes its last change',
      {
        status: 'draft',
        postDate: '0000-00-00 00:00:00',
        postDateGmt: '0000-00-00 00:00:00',
        modified: '2012-06-02 10:00:00',
        modifiedGmt: '2012-06-02 00:00:00',
      },
      'pubDate',
      '2012-06-02T10:00:00+10:00',
    ],
    [
      'the featured image is read from _thumbnail_id',
      { meta: [{ key: '_thumbnail_id', value: '8' }] },
      'featuredImageId',
      8,
    ],
    ['no featured image', {}, 'featuredImageId', undefined],
    [
      'the excerpt becomes plain text',
      { excerpt: '<p>Short &amp; <b>sweet</b></p>' },
      'excerpt',
      'Short & sweet',
    ],
    ['sticky is read', { sticky: '1' }, 'sticky', true],
    [
      'a modified date on a later day is kept',
      { modified: '2012-06-02 10:00:00', modifiedGmt: '2012-06-02 00:00:00' },
      'updatedDate',
      '2012-06-02T10:00:00+10:00',
    ],
    [
      'a modified date the same day is not',
      { modified: '2012-05-21 20:00:00', modifiedGmt: '2012-05-21 10:00:00' },
      'updatedDate',
      undefined,
    ],
    [
      'the link becomes a decoded path',
      { link: 'https://old.example/2012/05/21/%ce%b1/' },
      'oldPath',
      '/2012/05/21/α/',
    ],
    ['a ?p= link is no address', { link: 'https://old.example/?p=42' }, 'oldPath', undefined],
  ] as const)('%s', (_, fields, field, expected) => {
    expect(plan(fields)[field]).toEqual(expected);
  });

  test("categories and tags keep WordPress slugs when they differ from the site's rule", () => {
    const planned = plan({
      terms: [
        { domain: 'category', slug: 'status', name: 'Server Status' },
        { domain: 'category', slug: 'news', name: 'News' },
        { domain: 'post_tag', slug: 'tips-tricks', name: 'Tips &amp; Tricks' },
        { domain: 'post_format', slug: 'post-format-aside', name: 'Aside' },
      ],
    });
    expect(planned.categories).toEqual([{ name: 'Server Status', slug: 'status' }, 'News']);
    expect(planned.tags).toEqual(['Tips & Tricks']);
  });

  test('WXR 1.0 tags (domain="tag", written with and without their slug) are tags, each once', () => {
    const planned = plan({
      terms: [
        { domain: '', slug: '', name: 'News' },
        { domain: 'category', slug: 'news', name: 'News' },
        { domain: 'tag', slug: '', name: 'E-mail' },
        { domain: 'tag', slug: 'email', name: 'E-mail' },
        { domain: 'tag', slug: '', name: 'IMAP' },
      ],
    });
    expect(planned.categories).toEqual(['News']);
    expect(planned.tags).toEqual([{ name: 'E-mail', slug: 'email' }, 'IMAP']);
  });
});

describe('items that cannot be imported name themselves', () => {
  test.each([
    ['no date', { postDate: '' }, /item 42 "A post" \(line 10\): has no date/],
    ['a zero date on a published post', { postDate: '0000-00-00 00:00:00' }, /has no date/],
    [
      'an impossible date',
      { postDate: '2012-02-30 10:00:00' },
      /"2012-02-30 10:00:00" is not a real date/,
    ],
    ['no ID', { id: '' }, /has no WordPress ID/],
    ['an address with a space', { link: 'https://old.example/a%20b/' }, /cannot be kept/],
  ] as const)('%s', (_, fields, message) => {
    expect(() => planItem(item(fields), authors, 0)).toThrow(message);
  });
});

test.each([
  ['2012-05-21 18:30:00', '2012-05-21 08:30:00', 600, '+10:00'],
  ['2012-05-21 03:00:00', '2012-05-21 08:30:00', -330, '-05:30'],
  ['2012-05-21 08:30:00', '2012-05-21 08:30:00', 0, '+00:00'],
])('offset of %s against %s is %i minutes (%s)', (local, gmt, minutes, text) => {
  expect(readOffsetMinutes(local, gmt)).toBe(minutes);
  expect(formatOffset(minutes)).toBe(text);
});

test.each([
  ['https://old.example/about', '/about/'],
  ['https://old.example/', undefined],
  ['not a url', undefined],
])('readOldPath(%j) is %j', (link, path) => {
  expect(readOldPath(link)).toBe(path);
});

test('readPlainText collapses whitespace', () => {
  expect(readPlainText(' a\n\n<br>b ')).toBe('a b');
});
