/**
 * Code blocks in posts and help pages, at build time through shiki
 * transformers (no JavaScript reaches the reader):
 *
 * - ```` ```ts title="astro.config.mjs" ```` puts the file name above the block (`<figure>` + `<figcaption>`);
 * - ```` ```ts {2,4-5} ```` highlights lines (shiki's meta highlight);
 * - `// [!code ++]` and `// [!code --]` at the end of a line mark it added or removed (shiki's notation diff).
 *
 * Marked lines then become `<mark>`, `<ins>` and `<del>` elements, and the
 * stylesheet gives them a visible marker with alternative text ("added",
 * "removed", "highlighted"), so the meaning never rests on colour alone.
 */
import { transformerMetaHighlight, transformerNotationDiff } from '@shikijs/transformers';
import type { ShikiTransformer } from '@shikijs/types';
import type { Element, ElementContent, Root } from 'hast';

/** The `title="…"` (or `title='…'`) of a code block's meta string, if any. */
export function readCodeTitle(meta: string | undefined): string | undefined {
  const match = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)')/.exec(meta ?? '');
  const title = (match?.[1] ?? match?.[2])?.trim();
  return title || undefined;
}

/** Line classes the transformers set, and the element each line becomes. */
const LINE_ELEMENTS: readonly [className: string, tagName: string][] = [
  ['add', 'ins'],
  ['remove', 'del'],
  ['highlighted', 'mark'],
];

/** The classes of a hast element, as a list. */
function listClasses(node: Element): string[] {
  const value = node.properties['className'] ?? node.properties['class'];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(/\s+/) : [];
}

/** The element a code line becomes: `ins`, `del`, `mark`, or `span` when it is unmarked. */
export function chooseLineElement(classes: readonly string[]): string {
  return LINE_ELEMENTS.find(([className]) => classes.includes(className))?.[1] ?? 'span';
}

/** Wraps the block in a figure with the title as its caption, when the meta names one. */
function transformerCodeTitle(): ShikiTransformer {
  return {
    name: 'weblog:code-title',
    root(root: Root) {
      const title = readCodeTitle(this.options.meta?.__raw);
      const pre = root.children.find(
        (child): child is Element => child.type === 'element' && child.tagName === 'pre',
      );
      if (!title || !pre) return;
      root.children = [
        {
          type: 'element',
          tagName: 'figure',
          properties: { className: ['code-block'] },
          children: [
            {
              type: 'element',
              tagName: 'figcaption',
              properties: { className: ['code-title'] },
              children: [{ type: 'text', value: title }],
            },
            pre,
          ],
        },
      ];
    },
  };
}

/** Turns lines marked by the other transformers into `ins`, `del` and `mark` elements. */
function transformerLineElements(): ShikiTransformer {
  return {
    name: 'weblog:line-elements',
    code(code: Element) {
      for (const child of code.children as ElementContent[]) {
        if (child.type !== 'element') continue;
        const classes = listClasses(child);
        if (!classes.includes('line')) continue;
        child.tagName = chooseLineElement(classes);
      }
    },
  };
}

/** Every transformer the site's Markdown and MDX code blocks go through, in order. */
export function listCodeTransformers(): ShikiTransformer[] {
  return [
    transformerMetaHighlight(),
    transformerNotationDiff(),
    transformerLineElements(),
    transformerCodeTitle(),
  ];
}
