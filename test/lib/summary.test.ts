import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSummaryParagraph, summarizeBody, truncateAtWord } from '../../src/lib/summary.ts';

describe('summarizeBody', () => {
  test.each([
    ['First paragraph.\n\nSecond.', 'First paragraph.'],
    [
      "import X from './x';\n\n# Heading\n\n- list\n\nReal *prose* with [a link](/x/).",
      'Real prose with a link.',
    ],
    ['```sh\ncode\n```\n\n<Aside>hi</Aside>\n\nText', 'Text'],
    ['1. numbered\n\nAfter', 'After'],
    ['', ''],
    // A label, a colon and prose is a paragraph, not a link definition.
    ['[Update]: the outage is over.\n\nSecond.', '[Update]: the outage is over.'],
    ['[1]: /x/ "A title"\n\nAfter the definition.', 'After the definition.'],
    // A definition-like line inside a ~~~ fence is code, not a definition.
    ['~~~\n[a]: /wrong/\n~~~\n\nSee [a].', 'See [a].'],
    // What the WordPress import writes: escapes, entities, autolinks, in-word underscores.
    [
      'AT\\&T customers: use \\*.fastmail.fm with snake_case \\[beta] names; 1 \\< 2 && 3 > 2.',
      'AT&T customers: use *.fastmail.fm with snake_case [beta] names; 1 < 2 && 3 > 2.',
    ],
    [
      'Prices for AT&amp;T drop&nbsp;today &mdash; see &#8220;plans&#8221; &#x2192; &bogus;',
      'Prices for AT&T drop today — see “plans” → &bogus;',
    ],
    [
      'Visit <https://www.fastmail.fm/> for details, or mail <support@fastmail.fm>.',
      'Visit https://www.fastmail.fm/ for details, or mail support@fastmail.fm.',
    ],
    [
      'Read the [docs][1], the [guide][] and `a <b> & c`; 3 < 4 > 2.\n\n[1]: /docs/\n[guide]: /guide/ "The guide"',
      'Read the docs, the guide and a <b> & c; 3 < 4 > 2.',
    ],
    [
      'Real __strong__, ~~gone~~, [a link](/x/ "t (1)"), ![a photo](/a.png) and <b>bold</b> text.[^1]\n\n[^1]: A note.',
      'Real strong, gone, a link, a photo and bold text.',
    ],
    [
      '2 * 3 = 6, foo_bar_baz, _emph_, **x**, `` a ` b ``, [beta], `unclosed',
      '2 * 3 = 6, foo_bar_baz, emph, x, a ` b, [beta], `unclosed',
    ],
  ])('%j → %j', (body, summary) => {
    expect(summarizeBody(body)).toBe(summary);
  });
});

describe('findSummaryParagraph', () => {
  const bodies = [
    'First paragraph.\n\nSecond.',
    "import X from './x';\n\n# Heading\n\n- list\n\nReal *prose* with [a link](/x/).",
    '```sh\ncode\n\nmore code\n```\n\n<Aside>hi</Aside>\n\nText',
    'Before ``` a lone fence\n\nAfter',
    'A ```inline``` pair and ``` one more\n\nNext',
    '1. numbered\n\nAfter',
    '',
    '> quote\n\n| a | b |\n\n  Indented *prose*  \n\nLast',
    'x'.repeat(300) + ' word',
  ];
  test.each(bodies)('summarising the kept paragraph of %j gives the same summary', (body) => {
    expect(summarizeBody(findSummaryParagraph(body))).toBe(summarizeBody(body));
  });

  const newsFolder = join(import.meta.dirname, '../../src/content/news');
  const posts = readdirSync(newsFolder, { recursive: true, encoding: 'utf8' }).filter((file) =>
    /\.mdx?$/.test(file),
  );
  test.each(posts)('the seed post %s keeps its summary', (file) => {
    const body = readFileSync(join(newsFolder, file), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
    expect(summarizeBody(findSummaryParagraph(body))).toBe(summarizeBody(body));
  });
});

describe('truncateAtWord', () => {
  test.each([
    ['short', 10, 'short'],
    ['one two three four', 10, 'one two…'],
    ['one two, three', 9, 'one two…'],
    ['abcdefghijklmnop', 8, 'abcdefg…'],
  ])('%j at %i → %j', (text, max, expected) => {
    const result = truncateAtWord(text, max);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(max);
  });
});
