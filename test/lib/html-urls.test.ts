import { describe, expect, test } from 'vitest';
import { absolutizeUrls } from '../../src/lib/html-urls.ts';

const origin = 'https://blog.fastmail.fm';

describe('absolutizeUrls', () => {
  test.each([
    ['<a href="/help/">x</a>', '<a href="https://blog.fastmail.fm/help/">x</a>'],
    ["<img src='/a.png'>", "<img src='https://blog.fastmail.fm/a.png'>"],
    ['<a href="/x/#frag">', '<a href="https://blog.fastmail.fm/x/#frag">'],
    ['<a href="https://www.fastmail.fm">', '<a href="https://www.fastmail.fm">'],
    ['<a href="//cdn.example/x">', '<a href="//cdn.example/x">'],
    ['<a href="#top">', '<a href="#top">'],
    ['<a href="mailto:a@b.c">', '<a href="mailto:a@b.c">'],
    [
      '<img src="/_astro/p.webp" srcset="/_astro/p.1.webp 360w, /_astro/p.2.webp 720w">',
      '<img src="https://blog.fastmail.fm/_astro/p.webp" srcset="https://blog.fastmail.fm/_astro/p.1.webp 360w, https://blog.fastmail.fm/_astro/p.2.webp 720w">',
    ],
    [
      "<img srcset='//cdn.example/a.png 1x,/b.png 2x'>",
      "<img srcset='//cdn.example/a.png 1x, https://blog.fastmail.fm/b.png 2x'>",
    ],
  ])('%s', (html, expected) => {
    expect(absolutizeUrls(html, origin)).toBe(expected);
  });
});
