import { describe, expect, test } from 'vitest';
import { summarizeBody, truncateAtWord } from '../../src/lib/summary.ts';

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
  ])('%j → %j', (body, summary) => {
    expect(summarizeBody(body)).toBe(summary);
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
