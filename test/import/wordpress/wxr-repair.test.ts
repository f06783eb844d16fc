import { describe, expect, test } from 'vitest';
import { createWxrRepairer } from '../../../src/import/wordpress/wxr-repair.ts';

/** Repairs a text fed in chunks of `size` characters (the whole text at once when 0). */
function repair(text: string, size = 0) {
  const repairer = createWxrRepairer();
  let out = '';
  if (size === 0) out += repairer.push(text);
  else
    for (let at = 0; at < text.length; at += size) out += repairer.push(text.slice(at, at + size));
  out += repairer.end();
  return { out, repairs: repairer.listRepairs() };
}

describe('createWxrRepairer', () => {
  test.each([
    ['a raw & in text and attributes', '<a b="x&y">Q&A</a>', '<a b="x&amp;y">Q&amp;A</a>'],
    ['an & that starts no name', '<a>a & b &lang=en</a>', '<a>a &amp; b &amp;lang=en</a>'],
    ['references XML knows stay', '<a>&amp;&lt;&#233;&#xE9;</a>', '<a>&amp;&lt;&#233;&#xE9;</a>'],
    [
      'HTML entities become references',
      '<a>Caf&eacute;&nbsp;&LT;</a>',
      '<a>Caf&#233;&#160;&#60;</a>',
    ],
    ['an entity HTML lacks is text', '<a>&madeup;</a>', '<a>&amp;madeup;</a>'],
    [
      'control characters go, tab and newline stay',
      '<a>x\u0000\u000b\t\ny\uffff</a>',
      '<a>x\t\ny</a>',
    ],
    [
      'CDATA, comments and processing instructions keep their &',
      '<a><![CDATA[a & b &eacute; ]]]]><![CDATA[>]]><!-- c & d --><?pi & ?></a>',
      '<a><![CDATA[a & b &eacute; ]]]]><![CDATA[>]]><!-- c & d --><?pi & ?></a>',
    ],
    [
      'blank lines before <?xml move after it, so later lines keep their numbers',
      '\n\n  <?xml version="1.0"?>\n<rss/>',
      '<?xml version="1.0"?>\n\n\n<rss/>',
    ],
    ['whitespace before a root without a declaration is fine', '\n <rss/>', '\n <rss/>'],
  ])('%s', (_name, input, expected) => {
    expect(repair(input).out).toBe(expected);
  });

  test('however the text is chunked, the output and the counts are the same', () => {
    const input =
      '\n\n<?xml version="1.0"?>\n<rss a="x&y">Caf&eacute; &amp; &lang=en &#233; &foo; \u000b<![CDATA[a & b ]]]]><![CDATA[> ]]><!-- c & d --><?pi & ?>&LT;&NotEqualTilde;</rss>&';
    const whole = repair(input);
    expect(whole.repairs).toEqual([
      { kind: 'leading whitespace', count: 1, firstLine: 1 },
      { kind: 'disallowed character', count: 1, firstLine: 4 },
      { kind: 'html entity', count: 3, firstLine: 4 },
      { kind: 'raw ampersand', count: 4, firstLine: 4 },
    ]);
    for (let size = 1; size <= 24; size += 1)
      expect(repair(input, size), `size ${size}`).toEqual(whole);
  });
});
