import { createHighlighter } from 'shiki';
import { describe, expect, test } from 'vitest';
import {
  chooseLineElement,
  listCodeTransformers,
  readCodeTitle,
} from '../../src/lib/code-blocks.ts';

describe('readCodeTitle', () => {
  test.each([
    ['title="astro.config.mjs"', 'astro.config.mjs'],
    ["{1} title='a b.ts' ", 'a b.ts'],
    ['title=""', undefined],
    ['{1,3}', undefined],
    [undefined, undefined],
    ['subtitle="x"', undefined],
  ])('%j → %j', (meta, title) => {
    expect(readCodeTitle(meta)).toBe(title);
  });
});

test.each([
  [['line', 'diff', 'add'], 'ins'],
  [['line', 'diff', 'remove'], 'del'],
  [['line', 'highlighted'], 'mark'],
  [['line'], 'span'],
])('a line with classes %j becomes <%s>', (classes, element) => {
  expect(chooseLineElement(classes)).toBe(element);
});

test('a block with a title, a highlighted line and added/removed lines renders as figure, mark, ins, del', async () => {
  const highlighter = await createHighlighter({
    themes: ['github-light', 'github-dark'],
    langs: ['ts'],
  });
  const html = highlighter.codeToHtml(
    ['const a = 1;', "const b = 'old'; // [!code --]", "const b = 'new'; // [!code ++]"].join('\n'),
    {
      lang: 'ts',
      themes: { light: 'github-light', dark: 'github-dark' },
      meta: { __raw: 'title="example.ts" {1}' },
      transformers: listCodeTransformers(),
    },
  );
  expect(html).toMatch(
    /^<figure class="code-block"><figcaption class="code-title">example\.ts<\/figcaption><pre /,
  );
  expect(html).toMatch(/<mark class="line highlighted">.*const.*<\/mark>/);
  expect(html).toMatch(/<del class="line diff remove">.*old.*<\/del>/);
  expect(html).toMatch(/<ins class="line diff add">.*new.*<\/ins>/);
  expect(html).not.toContain('[!code');
});
