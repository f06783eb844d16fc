/**
 * Plain-text summaries of MDX bodies, for meta descriptions and feed
 * summaries when a post has no `description`.
 */
import { decodeHTMLStrict } from 'entities';

/** Longest summary, in characters, before it is cut at a word boundary. */
const MAX_SUMMARY = 200;

/** ASCII punctuation: what a backslash escapes, and what counts as punctuation for emphasis. */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** An autolink (`<https://…>`, `<name@host>`): its text is the address. */
const AUTOLINK =
  /^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/;

/** Inline HTML (a tag, closing tag or comment; an MDX component): no text of its own. */
const INLINE_HTML =
  /^(?:<!--[\s\S]*?-->|<\/?[A-Za-z][A-Za-z0-9.:-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"|\{[^{}]*\}))?)*\s*\/?>)/;

/** An entity or numeric character reference (`&amp;`, `&#8220;`, `&#x2014;`). */
const CHARACTER_REFERENCE = /&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/y;

/** A run of one emphasis or strikethrough character. */
const DELIMITER_RUNS: Readonly<Record<'*' | '_' | '~', RegExp>> = {
  '*': /\*+/y,
  _: /_+/y,
  '~': /~+/y,
};

/** A character that may start inline markup. */
const SPECIAL = /[\\`<&[!*_~]/g;

/** What a sticky pattern matches at `index` of `text`, or undefined. */
function matchAt(pattern: RegExp, text: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(text)?.[0];
}

/** The index just past the bracket that closes the one at `open` (`[` … `]`), or -1. */
function findClosingBracket(text: string, open: number, pair = '[]'): number {
  let depth = 0;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') index += 1;
    else if (char === pair[0]) depth += 1;
    else if (char === pair[1] && (depth -= 1) === 0) return index + 1;
  }
  return -1;
}

/** The kind of character next to a delimiter run, for CommonMark's flanking rules. */
function classifyNeighbour(char: string | undefined): 'space' | 'punctuation' | 'other' {
  if (char === undefined || /\s/u.test(char)) return 'space';
  return ASCII_PUNCTUATION.test(char) || /\p{P}|\p{S}/u.test(char) ? 'punctuation' : 'other';
}

/**
 * True when a run of `*`, `_` or `~` is emphasis or strikethrough markup
 * (CommonMark's flanking rules; `_` inside a word, as in snake_case, is text),
 * false when it is literal text (`2 * 3`).
 */
function isDelimiterRun(
  char: string,
  before: string | undefined,
  after: string | undefined,
): boolean {
  const previous = classifyNeighbour(before);
  const next = classifyNeighbour(after);
  const leftFlanking = next !== 'space' && (next !== 'punctuation' || previous !== 'other');
  const rightFlanking = previous !== 'space' && (previous !== 'punctuation' || next !== 'other');
  if (char !== '_') return leftFlanking || rightFlanking;
  return (
    (leftFlanking && (!rightFlanking || previous === 'punctuation')) ||
    (rightFlanking && (!leftFlanking || next === 'punctuation'))
  );
}

/**
 * The text a reader sees of Markdown/MDX inline content: escapes resolved,
 * entities decoded, code spans as written, links and images as their text,
 * autolinks as their address, emphasis and strikethrough marks, inline HTML,
 * components and footnote references dropped. A summary needs no more, and a
 * single pass over one paragraph costs nothing next to a Markdown parser.
 */
export function readInlineMarkdownText(markdown: string): string {
  let text = '';
  let index = 0;
  while (index < markdown.length) {
    const char = markdown[index] ?? '';
    if (char === '\\' && ASCII_PUNCTUATION.test(markdown[index + 1] ?? '')) {
      text += markdown[index + 1];
      index += 2;
      continue;
    }
    if (char === '`') {
      const fence = matchAt(/`+/y, markdown, index) ?? '`';
      const close = new RegExp(`(?<!\`)${fence}(?!\`)`).exec(markdown.slice(index + fence.length));
      if (close) {
        const code = markdown.slice(index + fence.length, index + fence.length + close.index);
        text += code.replace(/\r?\n/g, ' ').replace(/^ (.*[^ ].*) $/, '$1');
        index += fence.length + close.index + fence.length;
      } else {
        text += fence;
        index += fence.length;
      }
      continue;
    }
    if (char === '<') {
      const rest = markdown.slice(index);
      const autolink = AUTOLINK.exec(rest);
      const html = autolink ? undefined : INLINE_HTML.exec(rest);
      if (autolink) text += autolink[1];
      else if (!html) text += '<';
      index += autolink?.[0].length ?? html?.[0].length ?? 1;
      continue;
    }
    if (char === '&') {
      const reference = matchAt(CHARACTER_REFERENCE, markdown, index) ?? '&';
      text += reference === '&' ? '&' : decodeHTMLStrict(reference);
      index += reference.length;
      continue;
    }
    if (char === '[' || (char === '!' && markdown[index + 1] === '[')) {
      const open = char === '!' ? index + 1 : index;
      const close = findClosingBracket(markdown, open);
      const label = close < 0 ? undefined : markdown.slice(open + 1, close - 1);
      if (label !== undefined && label.startsWith('^')) {
        // A footnote reference shows as a number, not as words of the sentence.
        index = close;
        continue;
      }
      const after = close < 0 ? '' : markdown[close];
      const end =
        after === '('
          ? findClosingBracket(markdown, close, '()')
          : after === '['
            ? findClosingBracket(markdown, close)
            : -1;
      if (label !== undefined && end > 0) {
        // `[text](url)`, `![alt](src)`, `[text][ref]`: the text (or alt) alone.
        text += readInlineMarkdownText(label);
        index = end;
        continue;
      }
      text += char === '!' ? '![' : '[';
      index = open + 1;
      continue;
    }
    if (char === '*' || char === '_' || char === '~') {
      const run = matchAt(DELIMITER_RUNS[char], markdown, index) ?? char;
      const delimiter =
        (char !== '~' || run.length <= 2) &&
        isDelimiterRun(char, markdown[index - 1], markdown[index + run.length]);
      if (!delimiter) text += run;
      index += run.length;
      continue;
    }
    // Plain text up to the next character that may start markup, copied at once.
    SPECIAL.lastIndex = index + 1;
    const next = SPECIAL.exec(markdown)?.index ?? markdown.length;
    text += markdown.slice(index, next);
    index = next;
  }
  return text;
}

/** Reduces Markdown/MDX inline syntax to its text, whitespace collapsed. */
function stripInlineMarkdown(markdown: string): string {
  return readInlineMarkdownText(markdown).replace(/\s+/g, ' ').trim();
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
