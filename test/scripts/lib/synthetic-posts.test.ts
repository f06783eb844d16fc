import { describe, expect, test } from 'vitest';
import { measureHelpPageTimes } from '../../../scripts/lib/site-size.ts';
import {
  composeSyntheticHelpCenter,
  composeSyntheticPost,
  SYNTHETIC_HELP_SECTIONS,
} from '../../../scripts/lib/synthetic-posts.ts';

describe('composeSyntheticPost', () => {
  const total = 1000;
  const posts = Array.from({ length: total }, (_, index) => composeSyntheticPost(index, total));

  test('every post has its own file name and permalink', () => {
    expect(new Set(posts.map((post) => post.fileName)).size).toBe(total);
    expect(new Set(posts.map((post) => post.path)).size).toBe(total);
  });

  test('links point at permalinks of other generated posts', () => {
    const paths = new Set(posts.map((post) => post.path));
    for (const post of posts.slice(0, 50)) {
      const links = [...post.content.matchAll(/\]\((\/[^)]+)\)/g)].map((match) => match[1]);
      expect(links).toHaveLength(2);
      for (const link of links) expect(paths.has(link!)).toBe(true);
    }
  });

  test.each([
    ['```ts'],
    ['| Option | Before | After |'],
    ['- Defaults favour'],
    ['## What changed'],
  ])('has the Markdown feature %j', (marker) => {
    expect(posts[0]!.content).toContain(marker);
  });

  test('spreads over many years', () => {
    const years = new Set(posts.map((post) => post.path.split('/')[1]));
    expect(years.size).toBeGreaterThanOrEqual(15);
  });
});

describe('composeSyntheticHelpCenter', () => {
  const files = composeSyntheticHelpCenter(500);
  const pages = files.filter((file) => file.path.endsWith('.mdx'));

  test('writes the pages in ten sections, each with a nested subsection, and an index file per folder', () => {
    expect(pages).toHaveLength(500);
    const folders = new Set(pages.map((file) => file.path.replace(/\/[^/]+$/, '')));
    expect(folders.size).toBe(2 * SYNTHETIC_HELP_SECTIONS);
    for (const folder of folders) {
      expect(files.some((file) => file.path === `${folder}/_section.yaml`)).toBe(true);
    }
  });

  test.each([['<Steps>'], ['```ini title="settings.ini" {1}'], ['[!code ++]'], ['redirectFrom:']])(
    'pages use %j',
    (marker) => {
      expect(pages[0]!.content).toContain(marker);
    },
  );
});

test.each([
  ['', { pages: 0, meanMs: 0 }],
  [
    '├─ /help/a/index.html (+2ms)\n├─ /2012/index.html (+9ms)\n├─ /help/b/c/index.html (+4ms)',
    { pages: 2, meanMs: 3 },
  ],
])('measureHelpPageTimes reads help lines of the Astro log', (log, expected) => {
  expect(measureHelpPageTimes(log)).toMatchObject(expected);
});
