import { describe, expect, test } from 'vitest';
import { parseShortcodeAttributes } from '../../../../src/import/wordpress/content/shortcodes.ts';

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
