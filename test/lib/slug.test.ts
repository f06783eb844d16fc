import { describe, expect, test } from 'vitest';
import seedPosts from '../fixtures/seed-posts.json' with { type: 'json' };
import { SLUG_PATTERN, slugifyTitle } from '../../src/lib/slug.ts';

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
