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
  ])('%s', (html, expected) => {
    expect(absolutizeUrls(html, origin)).toBe(expected);
  });
});
