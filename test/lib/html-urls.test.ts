import { describe, expect, test } from 'vitest';
import { absolutizeUrls, resolveSrcset, resolveUrl } from '../../src/lib/html-urls.ts';

/** The page the HTML belongs to: relative URLs resolve against it. */
const base = 'https://blog.fastmail.fm/2012/07/16/post/';
const origin = 'https://blog.fastmail.fm';

describe('absolutizeUrls', () => {
  test.each([
    ['<a href="/help/">x</a>', `<a href="${origin}/help/">x</a>`],
    ["<img src='/a.png'>", `<img src='${origin}/a.png'>`],
    ['<a href="/x/#frag">', `<a href="${origin}/x/#frag">`],
    ['<a href="https://www.fastmail.fm">', '<a href="https://www.fastmail.fm">'],
    ['<a href="mailto:a@b.c">', '<a href="mailto:a@b.c">'],
    ['<img src="data:image/gif;base64,R0lG">', '<img src="data:image/gif;base64,R0lG">'],
    ['<a href="//cdn.example/x">', '<a href="https://cdn.example/x">'],
    // Relative to the post, not to the feed a reader found it in.
    ['<a href="#top">', `<a href="${base}#top">`],
    [
      '<sup><a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref>1</a></sup>',
      `<sup><a href="${base}#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref>1</a></sup>`,
    ],
    ['<a href="../../15/older/">', `<a href="${origin}/2012/07/15/older/">`],
    ['<img src="photo.png">', `<img src="${base}photo.png">`],
    ['<a href="?p=12">', `<a href="${base}?p=12">`],
    // Every URL attribute, not only href and src.
    [
      '<video poster="/media/p.jpg" controls><source src="/media/v.mp4"></video>',
      `<video poster="${origin}/media/p.jpg" controls><source src="${origin}/media/v.mp4"></video>`,
    ],
    ['<blockquote cite="/about/">', `<blockquote cite="${origin}/about/">`],
    ['<object data="/media/a.swf"></object>', `<object data="${origin}/media/a.swf"></object>`],
    [
      '<svg viewBox="0 0 1 1"><image xlink:href="i.png" preserveAspectRatio="none"/></svg>',
      `<svg viewBox="0 0 1 1"><image xlink:href="${base}i.png" preserveAspectRatio="none"/></svg>`,
    ],
    [
      '<img src="/_astro/p.webp" srcset="/_astro/p.1.webp 360w, /_astro/p.2.webp 720w">',
      `<img src="${origin}/_astro/p.webp" srcset="${origin}/_astro/p.1.webp 360w, ${origin}/_astro/p.2.webp 720w">`,
    ],
    [
      "<img srcset='//cdn.example/a.png 1x,/b.png 2x'>",
      `<img srcset='https://cdn.example/a.png 1x, ${origin}/b.png 2x'>`,
    ],
    // Quoting as written, values re-escaped; unquoted values get quotes.
    ['<a href=/x?a=1&amp;b=2 title=x>', `<a href="${origin}/x?a=1&amp;b=2" title=x>`],
    ['<a HREF = "#x">', `<a HREF="${base}#x">`],
    // Text that only looks like an attribute is text: code samples stay as written.
    [
      'write <code>&lt;link href="/feed/"&gt;</code> as before',
      'write <code>&lt;link href="/feed/"&gt;</code> as before',
    ],
    [
      '<pre><code>root /var/www; # src="/x"\n&lt;a href=\'/help/\'&gt;</code></pre>',
      '<pre><code>root /var/www; # src="/x"\n&lt;a href=\'/help/\'&gt;</code></pre>',
    ],
    ["<p>set href='/foo' in config</p>", "<p>set href='/foo' in config</p>"],
    ['<!-- <a href="/c"> -->', '<!-- <a href="/c"> -->'],
    ['<div data="/x" data-src="/y" title="/z">', '<div data="/x" data-src="/y" title="/z">'],
    ['<a href="">', '<a href="">'],
    // In SVG a fragment names part of the drawing itself; its links are still links.
    [
      '<svg><use href="#icon"/><use xlink:href="sprite.svg#i"/><a href="#top">t</a></svg><a href="#x">',
      `<svg><use href="#icon"/><use xlink:href="${base}sprite.svg#i"/><a href="${base}#top">t</a></svg><a href="${base}#x">`,
    ],
  ])('%s', (html, expected) => {
    expect(absolutizeUrls(html, base)).toBe(expected);
  });

  test('HTML without a relative URL comes back as the same string', () => {
    const html = '<p>Plain <a href="https://x.example/">text</a> &amp; <code>href="/a"</code></p>';
    expect(absolutizeUrls(html, base)).toBe(html);
  });
});

describe('resolveUrl', () => {
  test.each([
    ['/help/', `${origin}/help/`],
    ['  #note\n', `${base}#note`],
    ['HTTPS://Example.com/A', 'HTTPS://Example.com/A'],
    ['javascript:void(0)', 'javascript:void(0)'],
    ['', ''],
    ['http://[bad', 'http://[bad'],
    ['//[bad', '//[bad'],
  ])('%j → %j', (url, expected) => {
    expect(resolveUrl(url, base)).toBe(expected);
  });
});

describe('resolveSrcset', () => {
  test.each([
    ['a.png', `${base}a.png`],
    ['a.png 1x, b.png 2x', `${base}a.png 1x, ${base}b.png 2x`],
    // As HTML reads it: a URL runs to whitespace, so this is one URL with a comma in it.
    ['a.png,b.png 2x', `${base}a.png,b.png 2x`],
    ['a.png, b.png 2x', `${base}a.png, ${base}b.png 2x`],
    ['/p.jpg?w=1,2 640w, /q.jpg 1280w', `${origin}/p.jpg?w=1,2 640w, ${origin}/q.jpg 1280w`],
    ['data:image/png;base64,AAA 1x', 'data:image/png;base64,AAA 1x'],
    [' , a.png  100w ,', `${base}a.png 100w`],
  ])('%j', (srcset, expected) => {
    expect(resolveSrcset(srcset, base)).toBe(expected);
  });
});
