import { describe, expect, test } from 'vitest';
import { composeSyntheticPost } from '../../../scripts/lib/synthetic-posts.ts';

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
