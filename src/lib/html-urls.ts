/**
 * Feeds and emails are read away from the site, so every relative URL in
 * their HTML must be made absolute, against the page it came from: a reader
 * resolves what is left relative against the feed's own address, and an email
 * has no address at all.
 *
 * The HTML is tokenized (htmlparser2, as html-images.ts does), never matched
 * with a regular expression: text that only looks like an attribute, such as
 * a code sample's `<link href="/feed/">`, is text and stays as written. Only
 * the URL attributes that change are rewritten; every other byte is kept.
 */
import { Parser } from 'htmlparser2';

/** Attributes holding one URL, on whichever element carries them (HTML's, plus SVG's `xlink:href`). */
const URL_ATTRIBUTES: ReadonlySet<string> = new Set([
  'href',
  'src',
  'poster',
  'cite',
  'action',
  'formaction',
  'longdesc',
  'background',
  'xlink:href',
]);

/** Attributes holding a list of image candidates, `URL [descriptor]` separated by commas. */
const SRCSET_ATTRIBUTES: ReadonlySet<string> = new Set(['srcset', 'imagesrcset']);

/** Elements whose `data` attribute is a URL (elsewhere `data` is not an attribute at all). */
const DATA_URL_ELEMENTS: ReadonlySet<string> = new Set(['object']);

/** A URL with a scheme (`https:`, `mailto:`, `data:`): already absolute, kept as written. */
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * One URL resolved against `base`, as a browser on that page would resolve it;
 * a URL with a scheme, an empty one and one that cannot be parsed as written.
 */
export function resolveUrl(url: string, base: string): string {
  // HTML strips leading and trailing ASCII whitespace from URL attributes.
  const trimmed = url.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  if (trimmed === '' || HAS_SCHEME.test(trimmed)) return url;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return url;
  }
}

/**
 * A `srcset` with each candidate's URL resolved against `base`, following
 * HTML's parsing rules: a URL runs to the next whitespace (a trailing comma
 * ends the candidate), its descriptors to the next comma outside parentheses.
 */
export function resolveSrcset(srcset: string, base: string): string {
  const candidates: string[] = [];
  let at = 0;
  while (at < srcset.length) {
    const start = /[^\s,]/.exec(srcset.slice(at));
    if (!start) break;
    at += start.index;
    let url = /^\S+/.exec(srcset.slice(at))?.[0] ?? '';
    at += url.length;
    let descriptors = '';
    if (/,+$/.test(url)) {
      url = url.replace(/,+$/, '');
    } else {
      let depth = 0;
      let end = at;
      while (end < srcset.length && !(srcset[end] === ',' && depth === 0)) {
        if (srcset[end] === '(') depth += 1;
        else if (srcset[end] === ')') depth = Math.max(0, depth - 1);
        end += 1;
      }
      descriptors = srcset.slice(at, end).trim().replace(/\s+/g, ' ');
      at = end + 1;
    }
    candidates.push(
      descriptors ? `${resolveUrl(url, base)} ${descriptors}` : resolveUrl(url, base),
    );
  }
  return candidates.join(', ');
}

/** An attribute value in the quotes it had (double quotes when it had none), escaped for them. */
function formatAttributeValue(value: string, quote: string | null): string {
  const mark = quote === "'" ? "'" : '"';
  const escaped = value
    .replace(/&/g, '&amp;')
    .replace(mark === '"' ? /"/g : /'/g, mark === '"' ? '&quot;' : '&#39;');
  return `${mark}${escaped}${mark}`;
}

/** The attribute's value resolved against `base`, or undefined when it holds no URL. */
function resolveAttribute(
  element: string,
  attribute: string,
  value: string,
  base: string,
): string | undefined {
  const name = attribute.toLowerCase();
  if (URL_ATTRIBUTES.has(name)) return resolveUrl(value, base);
  if (SRCSET_ATTRIBUTES.has(name)) return resolveSrcset(value, base);
  if (name === 'data' && DATA_URL_ELEMENTS.has(element)) return resolveUrl(value, base);
  return undefined;
}

/**
 * `html` with every relative URL in a URL attribute (`href`, `src`, `srcset`,
 * `poster`, `cite`, `action`, `<object data>` …) resolved against `baseUrl`,
 * the absolute URL of the page it belongs to: `#note`, `../x/`, `photo.png`,
 * `?p=1`, `/help/` and `//host/x` alike. Absolute URLs, text, code samples and
 * every attribute that does not change stay exactly as written.
 */
export function absolutizeUrls(html: string, baseUrl: string): string {
  let result = '';
  let copied = 0;
  let element = '';
  let svgDepth = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        element = name.toLowerCase();
        if (element === 'svg') svgDepth += 1;
      },
      onclosetag(name) {
        if (name.toLowerCase() === 'svg') svgDepth = Math.max(0, svgDepth - 1);
      },
      onattribute(attribute, value, quote) {
        // A valueless attribute (`controls`) has nothing to resolve.
        if (quote === undefined) return;
        // In SVG, `#id` names an element of the same drawing (`<use href="#icon">`), not the page.
        if (svgDepth > 0 && element !== 'a' && value.trimStart().startsWith('#')) return;
        const resolved = resolveAttribute(element, attribute, value, baseUrl);
        if (resolved === undefined || resolved === value) return;
        // During an attribute the parser's indices span it: `name="value"`, quotes included.
        const start = parser.startIndex;
        result += `${html.slice(copied, start)}${attribute}=${formatAttributeValue(resolved, quote)}`;
        copied = parser.endIndex;
      },
    },
    // Names as written, so a rewritten SVG attribute keeps its case (`xlink:href`, `viewBox`).
    { lowerCaseAttributeNames: false, lowerCaseTags: false },
  );
  parser.end(html);
  return copied === 0 ? html : result + html.slice(copied);
}
