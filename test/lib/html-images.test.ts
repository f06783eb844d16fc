import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  COLUMN_WIDTH_PX,
  findMediaTags,
  formatStartTag,
  planImage,
  replaceTags,
} from '../../src/lib/html-images.ts';

const prefix = '/media/wordpress/';

describe('findMediaTags', () => {
  test.each([
    ['<img src="/media/wordpress/2012/05/a.jpg" alt="A">', 'img', '2012/05/a.jpg'],
    ["<p><a href='/media/wordpress/2012/05/a.jpg'>full</a></p>", 'a', '2012/05/a.jpg'],
    ['<img alt="" src="/media/wordpress/2012/05/caf%C3%A9.png">', 'img', '2012/05/café.png'],
    ['<img src="/media/wordpress/a.jpg"/>', 'img', 'a.jpg'],
  ])('%s', (html, name, file) => {
    const [tag, ...rest] = findMediaTags(html, prefix);
    expect(rest).toEqual([]);
    expect(tag).toMatchObject({ name, file });
    // The span is exactly the start tag, so replacing it keeps everything around it.
    expect(html.slice(tag!.start, tag!.end)).toMatch(new RegExp(`^<${name}\\b[^>]*>$`));
  });

  test.each([
    ['an image elsewhere', '<img src="/images/a.jpg">'],
    ['a remote image', '<img src="https://old.example/media/wordpress/a.jpg">'],
    ['a query', '<a href="/media/wordpress/a.jpg?w=300">'],
    ['a bad escape', '<img src="/media/wordpress/%E0%A4%A.jpg">'],
    ['the prefix in text', '<p>/media/wordpress/a.jpg</p>'],
    ['a source element', '<video><source src="/media/wordpress/a.mp4"></video>'],
  ])('ignores %s', (_, html) => {
    expect(findMediaTags(html, prefix)).toEqual([]);
  });
});

describe('formatStartTag and replaceTags', () => {
  test('escapes values, leaves out undefined ones, and splices tags in place', () => {
    const html =
      '<p>one <img src="/media/wordpress/a.jpg" alt="x"> two <a href="/media/wordpress/a.jpg">l</a></p>';
    const tags = findMediaTags(html, prefix);
    const texts = [
      formatStartTag('img', {
        alt: 'say "hi" & go',
        src: '/_astro/a.webp',
        id: undefined,
        width: 300,
      }),
      formatStartTag('a', { href: '/_astro/a.jpg' }),
    ];
    expect(texts[0]).toBe(
      '<img alt="say &quot;hi&quot; &amp; go" src="/_astro/a.webp" width="300">',
    );
    expect(
      replaceTags(html, tags.map((tag, index) => ({ ...tag, text: texts[index]! })).reverse()),
    ).toBe(`<p>one ${texts[0]} two ${texts[1]}l</a></p>`);
  });
});

describe('planImage', () => {
  const column = 672;
  test.each([
    // given width/height, original, → width, height, widths
    [
      'the file as it is, capped at twice the column',
      {},
      [1200, 800],
      [1200, 800, [360, 672, 720, 1200]],
    ],
    [
      'a very large file is given the largest variant',
      {},
      [4000, 3000],
      [1344, 1008, [360, 672, 720, 1344]],
    ],
    ['a small file is never enlarged', {}, [200, 100], [200, 100, [200]]],
    [
      "WordPress's resized copy (width and height of the same shape)",
      { width: '300', height: '200' },
      [1200, 800],
      [300, 200, [300, 360, 600]],
    ],
    [
      'a square thumbnail of a landscape photo (a crop)',
      { width: '150', height: '150' },
      [1200, 800],
      [150, 150, [150, 300]],
    ],
    [
      'only the width given: the height follows the file',
      { width: '600' },
      [1200, 900],
      [600, 450, [360, 600, 720, 1200]],
    ],
    [
      'only the height given: the width follows the file',
      { height: '100' },
      [400, 200],
      [200, 100, [200, 360, 400]],
    ],
    [
      'larger than the file: scaled down to it',
      { width: '2400', height: '1600' },
      [1200, 800],
      [1200, 800, [360, 672, 720, 1200]],
    ],
    [
      'units and junk: px is read, percentages are not',
      { width: '300px', height: '100%' },
      [600, 300],
      [300, 150, [300, 360, 600]],
    ],
  ] as const)('%s', (_, given, [width, height], [w, h, widths]) => {
    const plan = planImage(given, { width, height }, column);
    expect(plan).toEqual({
      width: w,
      height: h,
      widths,
      sizes: `(min-width: ${Math.min(w, column)}px) ${Math.min(w, column)}px, 100vw`,
    });
  });

  test('the column width matches --measure in the stylesheet (16px to the rem)', () => {
    const css = readFileSync(
      join(import.meta.dirname, '..', '..', 'src', 'styles', 'global.css'),
      'utf8',
    );
    const rem = Number(/--measure:\s*([\d.]+)rem/.exec(css)?.[1]);
    expect(rem * 16).toBe(COLUMN_WIDTH_PX);
  });
});
