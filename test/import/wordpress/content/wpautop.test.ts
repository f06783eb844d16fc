import { describe, expect, test } from 'vitest';
import {
  applyWpautop,
  unwrapShortcodeParagraphs,
} from '../../../../src/import/wordpress/content/wpautop.ts';

describe('applyWpautop', () => {
  test.each([
    ['blank line: two paragraphs', 'One\n\nTwo', '<p>One</p>\n<p>Two</p>\n'],
    ['single newline: a break', 'One\nTwo', '<p>One<br />\nTwo</p>\n'],
    ['CRLF like LF', 'One\r\n\r\nTwo', '<p>One</p>\n<p>Two</p>\n'],
    ['double <br> starts a paragraph', 'One<br><br>Two', '<p>One</p>\n<p>Two</p>\n'],
    ['no <p> around a block element', '<div>Box</div>', '<div>Box</div>\n'],
    ['<pre> untouched', 'A\n\n<pre>x\n\ny</pre>', '<p>A</p>\n<pre>x\n\ny</pre>\n'],
    ['newlines inside a tag are not breaks', '<a\nhref="x">y</a>', '<p><a\nhref="x">y</a></p>\n'],
    ['empty content', '  \n', ''],
  ])('%s', (_name, input, expected) => {
    expect(applyWpautop(input)).toBe(expected);
  });
});

describe('unwrapShortcodeParagraphs', () => {
  test.each([
    ['alone in its paragraph', '<p>[gallery ids="1"]</p>\n', '[gallery ids="1"]\n'],
    [
      'enclosing',
      '<p>[caption]<img src="x" /> C[/caption]</p>',
      '[caption]<img src="x" /> C[/caption]',
    ],
    ['with text it stays', '<p>See [gallery]</p>', '<p>See [gallery]</p>'],
  ])('%s', (_name, input, expected) => {
    expect(unwrapShortcodeParagraphs(input, ['gallery', 'caption'])).toBe(expected);
  });
});
