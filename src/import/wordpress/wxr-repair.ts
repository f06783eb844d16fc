/**
 * The flaws WordPress itself writes into exports, or lets through, repaired on
 * the decoded text before the strict XML parser reads it, as WordPress's own
 * importer reads them with its lenient fallback parser: blank lines before
 * `<?xml` (printed by a theme or plugin), characters XML does not allow
 * (control characters pasted from word processors), a raw `&` (core writes
 * `comment_author_url` with `esc_url_raw()`, which leaves them) and HTML's
 * named entities outside CDATA (XML knows five). Nothing else is touched:
 * CDATA sections, comments and processing instructions keep their `&` as
 * written, and no newline is added or removed, so line numbers stay the
 * file's. Streaming: text goes in chunk by chunk, and the few characters a
 * decision needs from the next chunk are held back.
 */
import { decodeHTMLStrict } from 'entities';

/** The kinds of repair, in the order the report lists them. */
export const WXR_REPAIR_KINDS = {
  'leading whitespace': 'blank lines before the XML declaration removed',
  'disallowed character': 'characters XML does not allow (control characters) removed',
  'html entity': 'HTML named entities outside CDATA (`&eacute;`) written as character references',
  'raw ampersand': 'bare `&` (not the start of an entity) escaped as `&amp;`',
} as const;

/** One kind of repair made, how often, and where first. */
export interface WxrRepair {
  readonly kind: keyof typeof WXR_REPAIR_KINDS;
  readonly count: number;
  /** Line in the file of the first one. */
  readonly firstLine: number;
}

/** A streaming repairer: feed it the decoded text, then end it. */
export interface WxrRepairer {
  /** Repairs a chunk; may hold back a few characters until the next one. */
  push(text: string): string;
  /** Repairs what was held back; call once after the last chunk. */
  end(): string;
  /** The repairs made so far, in WXR_REPAIR_KINDS order. */
  listRepairs(): WxrRepair[];
}

/** Where the scanner is: markup and text, or a section where `&` means itself. */
type ScanState = 'start' | 'text' | 'cdata' | 'comment' | 'pi';

/** Characters XML 1.0 does not allow (tab, newline and carriage return are allowed). */
const DISALLOWED = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF';

/** What needs a look in text and markup: `&`, a disallowed character, `<!` or `<?`. */
const TEXT_SPECIAL = new RegExp(`[&${DISALLOWED}]|<[!?]`, 'g');

/** The end of each literal section, or a disallowed character in it. */
const SECTION_END: Record<'cdata' | 'comment' | 'pi', { pattern: RegExp; end: string }> = {
  cdata: { pattern: new RegExp(`\\]\\]>|[${DISALLOWED}]`, 'g'), end: ']]>' },
  comment: { pattern: new RegExp(`-->|[${DISALLOWED}]`, 'g'), end: '-->' },
  pi: { pattern: new RegExp(`\\?>|[${DISALLOWED}]`, 'g'), end: '?>' },
};

/** A character or entity reference XML reads: `&#233;`, `&#xE9;`, `&name;`. */
const REFERENCE = /&(?:#\d+;|#x[\dA-Fa-f]+;|([A-Za-z_:][\w.:-]*);)/y;

/** A text that may still become a reference when more text follows. */
const REFERENCE_PREFIX = /^&(?:#x?[\dA-Fa-f]*|[A-Za-z_:][\w.:-]*)?$/;

/** The five entities XML defines. */
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** The longest HTML entity name is 31 characters: no reference needs more look-ahead. */
const LOOKAHEAD = 64;

/** Counts `\n` in part of a text. */
function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1))
    count += 1;
  return count;
}

/** `&eacute;` as `&#233;`, or undefined when HTML has no such entity. */
function encodeCharacterReferences(reference: string): string | undefined {
  const decoded = decodeHTMLStrict(reference);
  if (decoded === reference || decoded.includes('&') || decoded.includes(';')) return undefined;
  return [...decoded].map((char) => `&#${char.codePointAt(0)};`).join('');
}

/** Creates a repairer; see the module comment. */
export function createWxrRepairer(): WxrRepairer {
  let state: ScanState = 'start';
  let held = '';
  /** Newlines of the input before the current chunk. */
  let linesBefore = 0;
  /** Newlines dropped before the declaration, put back right after it. */
  let owedNewlines = 0;
  const repairs = new Map<WxrRepair['kind'], { count: number; firstLine: number }>();

  const scan = (input: string, final: boolean): string => {
    const out: string[] = [];
    let copied = 0;
    let at = 0;
    let stop = input.length;
    const record = (kind: WxrRepair['kind'], index: number) => {
      const seen = repairs.get(kind);
      if (seen) seen.count += 1;
      else
        repairs.set(kind, {
          count: 1,
          firstLine: linesBefore + countNewlines(input, 0, index) + 1,
        });
    };
    const replace = (index: number, length: number, text: string) => {
      out.push(input.slice(copied, index), text);
      copied = index + length;
    };

    if (state === 'start') {
      const first = /[^ \t\r\n]/.exec(input);
      if (first === null || (input.length - first.index < 6 && !final)) {
        if (!final) return ((held = input), '');
        state = 'text';
      } else {
        state = 'text';
        if (first.index > 0 && /^<\?xml[\s?]/.test(input.slice(first.index, first.index + 6))) {
          record('leading whitespace', 0);
          owedNewlines = countNewlines(input, 0, first.index);
          replace(0, first.index, '');
          at = first.index;
        }
      }
    }

    while (at < input.length) {
      if (state === 'text') {
        TEXT_SPECIAL.lastIndex = at;
        const match = TEXT_SPECIAL.exec(input);
        if (match === null) {
          // A `<` at the very end may open a CDATA section or comment in the next chunk.
          if (!final && input.endsWith('<')) stop = Math.max(at, input.length - 1);
          break;
        }
        const index = match.index;
        const found = match[0];
        if (found === '&') {
          REFERENCE.lastIndex = index;
          const reference = REFERENCE.exec(input);
          const name = reference?.[1];
          const known = name === undefined || XML_ENTITIES.has(name);
          const numeric =
            reference === null || known ? undefined : encodeCharacterReferences(reference[0]);
          if (reference !== null && known) {
            at = index + reference[0].length;
          } else if (reference !== null && numeric !== undefined) {
            record('html entity', index);
            replace(index, reference[0].length, numeric);
            at = index + reference[0].length;
          } else if (
            !final &&
            input.length - index < LOOKAHEAD &&
            REFERENCE_PREFIX.test(input.slice(index))
          ) {
            stop = index;
            break;
          } else {
            record('raw ampersand', index);
            replace(index, 1, '&amp;');
            at = index + 1;
          }
        } else if (found === '<!' || found === '<?') {
          const rest = input.slice(index, index + 9);
          if (rest.startsWith('<![CDATA[')) state = 'cdata';
          else if (rest.startsWith('<!--')) state = 'comment';
          else if (found === '<?') state = 'pi';
          else if (
            !final &&
            rest.length < 9 &&
            ('<![CDATA['.startsWith(rest) || '<!--'.startsWith(rest))
          ) {
            stop = index;
            break;
          }
          at = index + (state === 'cdata' ? 9 : state === 'comment' ? 4 : 2);
        } else {
          record('disallowed character', index);
          replace(index, found.length, '');
          at = index + found.length;
        }
        continue;
      }
      const section = SECTION_END[state];
      section.pattern.lastIndex = at;
      const match = section.pattern.exec(input);
      if (match === null) {
        // The end marker may be split across chunks: hold back a partial one.
        if (!final) {
          for (let length = section.end.length - 1; length > 0; length -= 1) {
            if (input.endsWith(section.end.slice(0, length))) {
              stop = Math.max(at, input.length - length);
              break;
            }
          }
        }
        break;
      }
      if (match[0] === section.end) {
        at = match.index + match[0].length;
        if (state === 'pi' && owedNewlines > 0) {
          replace(at, 0, '\n'.repeat(owedNewlines));
          owedNewlines = 0;
        }
        state = 'text';
      } else {
        record('disallowed character', match.index);
        replace(match.index, match[0].length, '');
        at = match.index + match[0].length;
      }
    }
    held = input.slice(stop);
    linesBefore += countNewlines(input, 0, stop);
    if (copied === 0 && stop === input.length) return input;
    out.push(input.slice(copied, stop));
    return out.join('');
  };

  return {
    push: (text) => scan(held + text, false),
    end: () => scan(held, true),
    listRepairs: () =>
      (Object.keys(WXR_REPAIR_KINDS) as WxrRepair['kind'][]).flatMap((kind) => {
        const seen = repairs.get(kind);
        return seen ? [{ kind, ...seen }] : [];
      }),
  };
}
