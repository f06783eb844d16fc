/**
 * Plain-text summaries of MDX bodies, for meta descriptions and feed
 * summaries when a post has no `description`.
 */

/** Longest summary, in characters, before it is cut at a word boundary. */
const MAX_SUMMARY = 200;

/** Reduces Markdown/MDX inline syntax to its text. */
function stripInlineMarkdown(text: string): string {
  return text
    .replace(/<[^>]+>/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
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
 * components, lists, code and tables skipped), as Markdown; '' when there is
 * none. The content loader keeps only this of each body (see
 * `keepSummaryOfBody` in src/content.config.ts): `summarizeBody` of it is
 * the same as of the whole body.
 */
export function findSummaryParagraph(body: string): string {
  const paragraphs = body
    .replace(/```[\s\S]*?```/g, '')
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '' && !/^(?:import|export)\s|^[#<|>`\-*+]|^\d+\.\s/.test(block));
  return paragraphs[0] ?? '';
}

/**
 * The first prose paragraph of an MDX body (imports, exports, headings,
 * components, lists, code and tables skipped), as plain text.
 */
export function summarizeBody(body: string, max = MAX_SUMMARY): string {
  return truncateAtWord(stripInlineMarkdown(findSummaryParagraph(body)), max);
}
