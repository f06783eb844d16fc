/**
 * HTML (as a sanitised hast tree) to the Markdown of a `.md` body, with the
 * unified stack: hast-util-to-mdast (rehype-remark) builds the Markdown tree
 * and remark-stringify with remark-gfm writes it, escaping text so that
 * Markdown reads it back as the same text. What Markdown cannot say (figures,
 * media, details, spanning table cells, ids) is kept as HTML, written so that
 * CommonMark reads it as one HTML block.
 */
import type { Element, ElementContent, Root } from 'hast';
import { defaultHandlers, type Handle, type State } from 'hast-util-to-mdast';
import { toHtml } from 'hast-util-to-html';
import type { Html, PhrasingContent, Root as MdastRoot, RootContent } from 'mdast';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';

/** Elements Markdown has no syntax for, always kept as HTML blocks. */
const HTML_BLOCK_TAGS = new Set(['figure', 'audio', 'video', 'picture', 'details', 'dl']);

/** Inline elements Markdown has no syntax for: their tags are kept, their content converted. */
const INLINE_HTML_TAGS = [
  'sup',
  'sub',
  'mark',
  'abbr',
  'u',
  'small',
  'kbd',
  'ins',
  'cite',
  'dfn',
  'var',
  'samp',
  'time',
  'q',
];

/**
 * CommonMark's HTML blocks of type 6: a line starting with one of these tags
 * starts an HTML block even inside other content. Other tags (audio, video)
 * only start one when the opening tag stands alone on its line (type 7).
 */
const COMMONMARK_BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'details', 'dialog', 'dd', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]); // prettier-ignore

/**
 * Writes an element as one HTML block. An HTML block ends at a blank line, so
 * blank lines inside (in a `<pre>`, say) become `&#10;`, which HTML reads back
 * as the same newline; a tag CommonMark does not know as a block tag gets its
 * opening tag on a line of its own.
 */
export function writeHtmlBlock(element: Element): string {
  removeEmptyClasses(element);
  let html = toHtml(element).replace(/\n[ \t]*(?=\n)/g, '\n&#10;');
  if (!COMMONMARK_BLOCK_TAGS.has(element.tagName)) {
    html = html.replace(/^(<[^>]*>)\n?/, '$1\n');
  }
  return html.trim();
}

/** Drops `class=""` left where the sanitiser removed every WordPress class. */
function removeEmptyClasses(element: Element): void {
  const className = element.properties.className;
  if (Array.isArray(className) && className.length === 0) delete element.properties.className;
  for (const child of element.children) if (child.type === 'element') removeEmptyClasses(child);
}

/** Tells whether a table needs HTML: spanning cells, a caption, or block content in cells. */
function needsHtmlTable(table: Element): boolean {
  let needed = false;
  const visit = (node: ElementContent, inCell: boolean): void => {
    if (node.type !== 'element' || needed) return;
    if (node.tagName === 'caption' || (node.tagName === 'table' && inCell)) needed = true;
    if (
      (node.tagName === 'td' || node.tagName === 'th') &&
      (Number(node.properties.colSpan ?? 1) > 1 || Number(node.properties.rowSpan ?? 1) > 1)
    ) {
      needed = true;
    }
    if (inCell && /^(?:p|ul|ol|pre|blockquote|h[1-6]|figure|div|br|img)$/.test(node.tagName))
      needed = true;
    for (const child of node.children)
      visit(child, inCell || node.tagName === 'td' || node.tagName === 'th');
  };
  for (const child of table.children) visit(child, false);
  return needed;
}

/** Builds an HTML node. */
function createHtml(value: string): Html {
  return { type: 'html', value };
}

/** Keeps an element whole as an HTML block. */
const keepBlock: Handle = (_state, element) => createHtml(writeHtmlBlock(element));

/** Parents whose content is flow (blocks), where inline HTML needs a paragraph of its own. */
const FLOW_PARENTS = new Set([
  'blockquote',
  'div',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'main',
  'body',
]);

/** Elements HTML writes without an end tag. */
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'source', 'track', 'wbr']);

/** Keeps an inline element's tags around its converted content. */
const keepInline: Handle = (state: State, element: Element, parent) => {
  const open = toHtml({ ...element, children: [] }).replace(/<\/[^>]+>$/, '');
  // A void element (an image kept for its id or size) has no end tag.
  const nodes = VOID_ELEMENTS.has(element.tagName)
    ? [createHtml(open)]
    : [
        createHtml(open),
        ...(state.all(element) as PhrasingContent[]),
        createHtml(`</${element.tagName}>`),
      ];
  const inFlow =
    parent === undefined ||
    parent.type === 'root' ||
    (parent.type === 'element' && FLOW_PARENTS.has(parent.tagName));
  return inFlow ? { type: 'paragraph', children: nodes } : nodes;
};

/** Wraps a default handler: an element with an id (an anchor someone may link to) stays HTML. */
function keepIdentified(fallback: Handle, inline: boolean): Handle {
  return (state, element, parent) => {
    if (element.properties.id !== undefined)
      return inline ? keepInline(state, element, parent) : keepBlock(state, element, parent);
    return fallback(state, element, parent);
  };
}

/** Collects the handlers of rehype-remark this conversion overrides. */
function listHandlers(defaults: Record<string, Handle>): Record<string, Handle> {
  const handlers: Record<string, Handle> = {};
  for (const tag of HTML_BLOCK_TAGS) handlers[tag] = keepBlock;
  // A figure without a caption (a block-editor image or table) is just its content, in Markdown.
  handlers.figure = (state, element, parent) =>
    element.children.some((child) => child.type === 'element' && child.tagName === 'figcaption') ||
    (Array.isArray(element.properties.className) && element.properties.className.length > 0)
      ? keepBlock(state, element, parent)
      : (state.all(element) as RootContent[]);
  for (const tag of INLINE_HTML_TAGS) handlers[tag] = keepInline;
  for (const tag of ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']) {
    const fallback = defaults[tag];
    if (fallback !== undefined) handlers[tag] = keepIdentified(fallback, false);
  }
  // Markdown's ![]() has no id (an attachment's anchor) and no size (WordPress's resized copy): such images stay HTML.
  const image = defaults.img;
  handlers.img = (state, element, parent) =>
    ['id', 'width', 'height'].some((name) => element.properties[name] !== undefined)
      ? keepInline(state, element, parent)
      : image?.(state, element, parent);
  handlers.span = (state, element, parent) =>
    element.properties.id === undefined
      ? (state.all(element) as RootContent[])
      : keepInline(state, element, parent);
  const link = defaults.a;
  handlers.a = (state, element, parent) => {
    if (element.properties.href !== undefined) return link?.(state, element, parent);
    // A link target (<a name="fn1"></a>) is an anchor Markdown cannot write; a link whose unsafe href was removed is just its text.
    const isAnchor = element.properties.id !== undefined || element.properties.name !== undefined;
    return isAnchor ? keepInline(state, element, parent) : (state.all(element) as RootContent[]);
  };
  const paragraph = defaults.p;
  handlers.p = (state, element, parent) =>
    Array.isArray(element.properties.className) &&
    element.properties.className.includes('embed-card')
      ? keepBlock(state, element, parent)
      : paragraph?.(state, element, parent);
  const table = defaults.table;
  handlers.table = (state, element, parent) =>
    needsHtmlTable(element) ? keepBlock(state, element, parent) : table?.(state, element, parent);
  return handlers;
}

const toMdast = unified().use(rehypeRemark, {
  handlers: listHandlers(defaultHandlers as Record<string, Handle>),
});

const stringifier = unified().use(remarkGfm).use(remarkStringify, {
  bullet: '-',
  emphasis: '_',
  strong: '*',
  fence: '`',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  resourceLink: true,
});

/** Converts a sanitised HTML tree to Markdown. */
export function convertTreeToMarkdown(tree: Root): string {
  const mdast = toMdast.runSync(tree) as MdastRoot;
  return stringifier.stringify(mdast).trim();
}
