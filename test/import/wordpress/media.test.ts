import { describe, expect, test } from 'vitest';
import {
  findMediaUrls,
  readMediaReference,
  rewriteMediaUrls,
} from '../../../src/import/wordpress/media.ts';

const own = new Set(['oldblog.example', 'www.oldblog.example', 'oldexample.wordpress.com']);

describe('readMediaReference', () => {
  test.each([
    [
      'an upload',
      'https://oldblog.example/wp-content/uploads/2012/05/photo.jpg',
      {
        file: '2012/05/photo.jpg',
        own: true,
        originalUrl: 'https://oldblog.example/wp-content/uploads/2012/05/photo.jpg',
      },
    ],
    [
      'a resized variant',
      'https://www.oldblog.example/wp-content/uploads/2012/05/photo-300x200.jpg',
      {
        file: '2012/05/photo.jpg',
        own: true,
        originalUrl: 'https://www.oldblog.example/wp-content/uploads/2012/05/photo.jpg',
      },
    ],
    [
      "WordPress.com's resized form, entities and all",
      'https://oldexample.files.wordpress.com/2012/05/photo.jpg?w=1024&amp;h=768',
      {
        file: '2012/05/photo.jpg',
        own: true,
        originalUrl: 'https://oldexample.files.wordpress.com/2012/05/photo.jpg',
      },
    ],
    [
      'a blog in a subfolder',
      'https://oldblog.example/blog/wp-content/uploads/2012/05/a%20b.pdf',
      {
        file: '2012/05/a b.pdf',
        own: true,
        originalUrl: 'https://oldblog.example/blog/wp-content/uploads/2012/05/a%20b.pdf',
      },
    ],
    [
      'another WordPress.com blog',
      'https://someone.files.wordpress.com/2012/05/x.png',
      {
        file: '2012/05/x.png',
        own: false,
        originalUrl: 'https://someone.files.wordpress.com/2012/05/x.png',
      },
    ],
    [
      'another host',
      'https://cdn.example/wp-content/uploads/2012/05/x.png',
      {
        file: '2012/05/x.png',
        own: false,
        originalUrl: 'https://cdn.example/wp-content/uploads/2012/05/x.png',
      },
    ],
  ])('%s', (_, url, expected) => {
    expect(readMediaReference(url, own)).toEqual(expected);
  });

  test.each([
    ['a post', 'https://oldblog.example/2012/05/21/post/'],
    ['a theme file', 'https://oldblog.example/wp-content/themes/x/logo.png'],
    ['a folder', 'https://oldblog.example/wp-content/uploads/2012/05/'],
    ['dot segments', 'https://oldblog.example/wp-content/uploads/..%2F..%2Fetc/passwd'],
    ['not http', 'ftp://oldblog.example/wp-content/uploads/a.jpg'],
  ])('%s is no upload', (_, url) => {
    expect(readMediaReference(url, own)).toBeUndefined();
  });
});

describe('findMediaUrls and rewriteMediaUrls', () => {
  const text = [
    '<img src="https://oldblog.example/wp-content/uploads/2012/05/photo-300x200.jpg" alt="">',
    '[big](https://oldblog.example/wp-content/uploads/2012/05/photo.jpg?w=1024)',
    '<img src="https://oldblog.example/wp-content/uploads/2012/05/gone.jpg" alt="">',
    '[post](https://oldblog.example/2012/05/21/post/)',
  ].join('\n');

  test('finds every upload as written, and nothing else', () => {
    expect(findMediaUrls(text, own)).toEqual([
      'https://oldblog.example/wp-content/uploads/2012/05/photo-300x200.jpg',
      'https://oldblog.example/wp-content/uploads/2012/05/photo.jpg?w=1024',
      'https://oldblog.example/wp-content/uploads/2012/05/gone.jpg',
    ]);
  });

  test('points present files at the site, keeps missing ones', () => {
    expect(rewriteMediaUrls(text, own, new Set(['2012/05/photo.jpg'])).split('\n')).toEqual([
      '<img src="/media/wordpress/2012/05/photo.jpg" alt="">',
      '[big](/media/wordpress/2012/05/photo.jpg)',
      '<img src="https://oldblog.example/wp-content/uploads/2012/05/gone.jpg" alt="">',
      '[post](https://oldblog.example/2012/05/21/post/)',
    ]);
  });

  test.each([
    [
      'another blog on its own domain',
      'https://friend.example/wp-content/uploads/2012/05/photo.jpg',
    ],
    ['another WordPress.com blog', 'https://someone.files.wordpress.com/2012/05/photo.jpg'],
    ['a CDN', 'https://cdn.example/wp-content/uploads/2012/05/photo-300x200.jpg'],
  ])("never points %s's file at this blog's file of the same name", (_, url) => {
    expect(rewriteMediaUrls(`![x](${url})`, own, new Set(['2012/05/photo.jpg']))).toBe(
      `![x](${url})`,
    );
  });
});
