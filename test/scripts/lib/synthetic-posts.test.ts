import { describe, expect, test } from 'vitest';
import { measureHelpPageTimes } from '../../../scripts/lib/site-size.ts';
import {
  composeRealisticPost,
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

/** A realistic corpus of `total` posts. */
function composeRealisticPosts(total: number) {
  return Array.from({ length: total }, (_, index) => composeRealisticPost(index, total, 'md'));
}

describe('composeRealisticPost', () => {
  const total = 1000;
  const posts = composeRealisticPosts(total);
  const words = posts
    .map(
      (post) =>
        post.content
          .split('---\n')[2]!
          .split(/\s+/)
          .filter((word) => /\w/.test(word)).length,
    )
    .sort((a, b) => a - b);

  test('every post has its own file name and permalink, and they are .md when asked', () => {
    expect(new Set(posts.map((post) => post.fileName)).size).toBe(total);
    expect(new Set(posts.map((post) => post.path)).size).toBe(total);
    expect(posts.every((post) => post.fileName.endsWith('.md'))).toBe(true);
  });

  test('posts have 400 to 800 words, about 650 in the middle', () => {
    expect(words[0]).toBeGreaterThanOrEqual(400);
    expect(words.at(-1)).toBeLessThanOrEqual(800);
    expect(words[total / 2]).toBeGreaterThan(600);
    expect(words[total / 2]).toBeLessThan(700);
  });

  test('links point at permalinks of other generated posts, earlier ones after the first few', () => {
    const paths = posts.map((post) => post.path);
    for (const [index, post] of posts.entries()) {
      const links = [...post.content.matchAll(/\]\((\/[^)]+)\)/g)].map((match) => match[1]!);
      expect(links).toHaveLength(2);
      for (const link of links) {
        expect(paths).toContain(link);
        if (index >= 10) expect(paths.indexOf(link)).toBeLessThan(index);
      }
    }
  });

  test.each([['\n## '], ['\n- '], ['\n1. '], ['\n> '], ['| --- | --- | --- |'], ['description: ']])(
    'every post has %j',
    (marker) => {
      for (const post of posts.slice(0, 100)) expect(post.content).toContain(marker);
    },
  );

  test('code blocks are in ts, bash, nginx and ini', () => {
    const languages = new Set(posts.map((post) => /```(\w+)/.exec(post.content)?.[1]));
    expect(languages).toEqual(new Set(['ts', 'bash', 'nginx', 'ini']));
  });

  test('a post every eight hours, none of them in the future', () => {
    const dates = composeRealisticPosts(10_000).map((post) =>
      Date.parse(/pubDate: (\S+)/.exec(post.content)![1]!),
    );
    expect(dates[1]! - dates[0]!).toBe(8 * 3_600_000);
    expect(dates.at(-1)).toBeLessThan(Date.parse('2026-07-01'));
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
