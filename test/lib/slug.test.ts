import { describe, expect, test } from 'vitest';
import seedPosts from '../fixtures/seed-posts.json' with { type: 'json' };
import { PERMALINK_PATTERN, SLUG_PATTERN, slugifyTitle } from '../../src/lib/slug.ts';

describe('slugifyTitle', () => {
  test.each(seedPosts.map((post) => [post.title, post.permalink.split('/')[4]]))(
    'seed title %j → %s',
    (title, slug) => {
      expect(slugifyTitle(title)).toBe(slug);
    },
  );

  test.each([
    [
      'Opportunistic SSL/TLS encryption on incoming emails',
      'opportunistic-ssltls-encryption-on-incoming-emails',
    ],
    ['New domain:\u00a0fastmail.nl', 'new-domain-fastmail-nl'],
    ['  Leading and trailing  ', 'leading-and-trailing'],
    ['Dots...in a row', 'dots-in-a-row'],
    ['Ampersand & <angle> "quotes"', 'ampersand-angle-quotes'],
    ['Entity &amp; text', 'entity-text'],
    ['Café crème brûlée', 'cafe-creme-brulee'],
    ['Emoji 🎉 party', 'emoji-party'],
    ['under_score stays', 'under_score-stays'],
    ['Tabs\tand\nnewlines', 'tabs-and-newlines'],
    ['--Hyphens--everywhere--', 'hyphens-everywhere'],
    ['UPPER case 2012', 'upper-case-2012'],
    ['🎉', ''],
  ])('%j → %j', (title, slug) => {
    expect(slugifyTitle(title)).toBe(slug);
  });

  test.each(seedPosts.map((post) => [post.title]))(
    'slug of %j is a valid hand-written slug',
    (title) => {
      expect(slugifyTitle(title)).toMatch(SLUG_PATTERN);
    },
  );
});

test.each([
  ['ssl-vs-tls', true],
  ['αβγ-δ', true],
  ['日本語', true],
  ['post_1', true],
  ['Upper', false],
  ['two--hyphens', false],
  ['-leading', false],
  ['has space', false],
  ['a/b', false],
])('SLUG_PATTERN accepts %j: %s', (slug, ok) => {
  expect(SLUG_PATTERN.test(slug)).toBe(ok);
});

test.each([
  ['/archives/42/', true],
  ['/about/team/', true],
  ['/日本語/', true],
  ['/', false],
  ['/no-slash', false],
  ['/a//b/', false],
  ['/a/../b/', false],
  ['/./', false],
  ['/a b/', false],
  ['/q?x=1/', false],
  ['/frag#x/', false],
])('PERMALINK_PATTERN accepts %j: %s', (path, ok) => {
  expect(PERMALINK_PATTERN.test(path)).toBe(ok);
});
