/**
 * The seed page (test/fixtures/seed-page.txt) split into posts and
 * paragraphs, with the facts table's dates and permalinks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import seedPosts from '../fixtures/seed-posts.json' with { type: 'json' };

/** One seed post and the text blocks a reader must find on its page. */
export interface SeedPost {
  readonly title: string;
  readonly categories: readonly string[];
  readonly pubDate: string;
  readonly permalink: string;
  /** Paragraphs and list items, whitespace collapsed, list markers removed. */
  readonly paragraphs: readonly string[];
}

/** Collapses runs of whitespace (the seed's NBSPs included) to one space. */
export function normalizeText(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Reads the seed page into its ten posts, newest first. */
export function loadSeedPosts(): SeedPost[] {
  const page = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seed-page.txt'), 'utf8');
  const bodies = page
    .split(/\n?Posted in [^\n]*\. Comments Off\n*/)
    .slice(0, seedPosts.length)
    .map((block) => block.trim().split('\n').slice(1).join('\n'));
  return seedPosts.map((post, index) => ({
    ...post,
    paragraphs: (bodies[index] ?? '')
      .split(/\n\s*\n/)
      .flatMap((block) => (/\S\s+->\s/.test(block) ? block.split('\n') : [block]))
      .map((block) => normalizeText(block.replace(/^\s*(?:•|\d+\.)\s+/, '')))
      .filter(Boolean),
  }));
}

/**
 * The seed paragraphs a rendered text lacks. A transition line ("a -> b") is
 * compared token by token, since the post renders those lines as table cells.
 */
export function findMissingSeedText(text: string, paragraphs: readonly string[]): string[] {
  return paragraphs.flatMap((paragraph) => {
    if (!/\S\s+->\s/.test(paragraph)) return text.includes(paragraph) ? [] : [paragraph];
    return paragraph.split(' ').filter((token) => token !== '->' && !text.includes(token));
  });
}
