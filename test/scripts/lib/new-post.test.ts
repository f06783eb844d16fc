import { describe, expect, test } from 'vitest';
import { composeNewPost } from '../../../scripts/lib/new-post.ts';

const date = new Date('2026-11-28T15:00:00Z');

describe('composeNewPost', () => {
  test.each([
    [
      'Hello world',
      [],
      '2026-11-28-hello-world.mdx',
      '/2026/11/28/hello-world/',
      'categories: ["News"]',
    ],
    [
      'New domain: fastmail.nl',
      ['News', 'Domains'],
      '2026-11-28-new-domain-fastmail-nl.mdx',
      '/2026/11/28/new-domain-fastmail-nl/',
      'categories: ["News", "Domains"]',
    ],
    [
      'Quotes "and" #hashes: ok?',
      [],
      '2026-11-28-quotes-and-hashes-ok.mdx',
      '/2026/11/28/quotes-and-hashes-ok/',
      'title: "Quotes \\"and\\" #hashes: ok?"',
    ],
  ])('%j → %s', (title, categories, fileName, path, line) => {
    const post = composeNewPost({ title, categories, date });
    expect(post.fileName).toBe(fileName);
    expect(post.path).toBe(path);
    expect(post.content).toContain(line);
    expect(post.content).toContain('pubDate: 2026-11-28');
  });

  test('refuses a title with nothing to make a slug from', () => {
    expect(() => composeNewPost({ title: '🎉!', categories: [], date })).toThrow(
      /no letters or digits/,
    );
  });
});
