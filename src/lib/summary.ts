/**
 * Plain-text summaries of MDX bodies, for meta descriptions and feed
 * summaries when a post has no `description`.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';

/** Longest summary, in characters, before it is cut at a word boundary. */
const MAX_SUMMARY = 200;

/**
 * A line that is a whole link reference definition (`[1]: /x/ "title"`) or
 * the first line of a footnote definition (`[^1]: note`). A label, colon and
 * prose (`[Update]: the outage is over`) is not one: CommonMark reads it as a
 * paragraph, since a definition's destination may be followed only by a title.
 */
const DEFINITION_LINE =
  /^ {0,3}(?:\[\^[^\]]+\]:.*|\[[^\]]+\]:[ \t]*(?:<[^>\n]*>|[^\s<]\S*)(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*)$/;

/** True when every line of a block is a definition (see {@link DEFINITION_LINE}). */
function isDefinitionBlock(block: string): boolean {
  return block.split(/\r?\n/).every((line) => DEFINITION_LINE.test(line));
}

/**
 * The text of Markdown inline syntax, whitespace collapsed: parsed by
 * micromark (CommonMark and GFM), so escapes, entities, code spans, autolinks,
 * references and emphasis read as a renderer reads them; inline HTML and MDX
 * components contribute only the text between their tags.
 */
function stripInlineMarkdown(markdown: string): string {
  const tree = fromMarkdown(markdown, {
    extensions: [gfm()],
    mdastExtensions: [gfmFromMarkdown()],
  });
  // The paragraph only: the definitions after it (footnotes too) are not its text.
  const paragraph = tree.children.find((node) => node.type === 'paragraph');
  return paragraph ? toString(paragraph, { includeHtml: false }).replace(/\s+/g, ' ').trim() : '';
}

/** Cuts text to at most `max` characters at a word boundary, adding an ellipsis when cut. */
export function truncateAtWord(text: string, max = MAX_SUMMARY): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}

/**
 * The first prose paragraph of an MDX body (imports, exports, headings,
 * components, lists, code, tables and link definitions skipped), as
 * Markdown, followed by the body's link reference definitions when it uses
 * any (they render nothing, but `[text][ref]` needs its definition to read
 * as a link); '' when there is none. The content loader keeps only this of
 * each body (see `keepSummaryOfBody` in src/content.config.ts):
 * `summarizeBody` of it is the same as of the whole body.
 */
export function findSummaryParagraph(body: string): string {
  const unfenced = body.replace(/```[\s\S]*?```|~~~[\s\S]*?~~~/g, '');
  const paragraphs = unfenced
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter(
      (block) =>
        block !== '' &&
        !/^(?:import|export)\s|^[#<|>`\-*+]|^\d+\.\s/.test(block) &&
        !isDefinitionBlock(block),
    );
  const paragraph = paragraphs[0] ?? '';
  const definitions = paragraph.includes('[')
    ? unfenced.split(/\r?\n/).filter((line) => DEFINITION_LINE.test(line))
    : [];
  return definitions.length > 0 ? `${paragraph}\n\n${definitions.join('\n')}` : paragraph;
}

/**
 * The first prose paragraph of an MDX body (imports, exports, headings,
 * components, lists, code and tables skipped), as plain text.
 */
export function summarizeBody(body: string, max = MAX_SUMMARY): string {
  return truncateAtWord(stripInlineMarkdown(findSummaryParagraph(body)), max);
}
