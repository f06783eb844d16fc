import { describe, expect, test } from 'vitest';
import {
  parseShortcodeAttributes,
  readEmbedShortcodeUrl,
} from '../../../../src/import/wordpress/content/shortcodes.ts';

describe('parseShortcodeAttributes', () => {
  test.each([
    [
      'double quotes',
      ' ids="1,2" columns="3"',
      { named: { ids: '1,2', columns: '3' }, positional: [] },
    ],
    ['single quotes', " caption='Hi there'", { named: { caption: 'Hi there' }, positional: [] }],
    ['unquoted, upper-case name', ' LANG=js', { named: { lang: 'js' }, positional: [] }],
    [
      'positional',
      ' https://youtu.be/x "two words"',
      { named: {}, positional: ['https://youtu.be/x', 'two words'] },
    ],
    ['non-breaking space', '\u00a0width=300', { named: { width: '300' }, positional: [] }],
  ])('%s', (_name, input, expected) => {
    expect(parseShortcodeAttributes(input)).toEqual(expected);
  });
});

describe('readEmbedShortcodeUrl: the forms WordPress.com and Jetpack accept', () => {
  test.each([
    ['youtube', ' https://youtu.be/abc', undefined, 'https://youtu.be/abc'],
    [
      'youtube',
      '=http://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;w=640&amp;h=385',
      undefined,
      'http://www.youtube.com/watch?v=dQw4w9WgXcQ',
    ],
    [
      'youtube',
      ' http://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42&fmt=18',
      undefined,
      'http://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42',
    ],
    ['youtube', ' dQw4w9WgXcQ', undefined, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    [
      'youtube',
      ' youtube.com/watch?v=dQw4w9WgXcQ',
      undefined,
      'https://youtube.com/watch?v=dQw4w9WgXcQ',
    ],
    ['vimeo', '=http://vimeo.com/123456', undefined, 'http://vimeo.com/123456'],
    ['vimeo', ' 123456 w=400 h=300', undefined, 'https://vimeo.com/123456'],
    ['vimeo', ' id=123456', undefined, 'https://vimeo.com/123456'],
    ['vimeo', '=http://vimeo.com/123456&amp;w=400&amp;h=300', undefined, 'http://vimeo.com/123456'],
    ['tweet', ' 20', undefined, 'https://twitter.com/i/status/20'],
    [
      'tweet',
      ' https://twitter.com/jack/status/20',
      undefined,
      'https://twitter.com/jack/status/20',
    ],
    ['embed', ' width="500"', 'https://vimeo.com/1', 'https://vimeo.com/1'],
    ['youtube', '', undefined, ''],
  ])('[%s%s]%s → %s', (name, attributes, content, expected) => {
    expect(readEmbedShortcodeUrl(name, parseShortcodeAttributes(attributes), content)).toBe(
      expected,
    );
  });
});
