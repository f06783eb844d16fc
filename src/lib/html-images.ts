/**
 * Imported images in rendered post HTML: which tags name a media file, what
 * size and responsive variants each image gets, and the tags rewritten. Pure;
 * src/lib/imported-images.ts runs Astro's image pipeline between the steps.
 */
import { escapeAttribute } from 'entities';
import { Parser } from 'htmlparser2';

/** The content column's widest, in CSS pixels: `--measure` (42rem) in src/styles/global.css. */
export const COLUMN_WIDTH_PX = 672;

/** A start tag naming a file below the media prefix: `<img src>` or `<a href>`. */
export interface MediaTag {
  readonly name: 'img' | 'a';
  /** Offsets of the tag in the HTML: `html.slice(start, end)` is the whole start tag. */
  readonly start: number;
  readonly end: number;
  /** Its attributes, decoded, in source order. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The file below the prefix, percent-decoded: `2012/05/photo.jpg`. */
  readonly file: string;
}

/** The file a URL names below `prefix`, or undefined (another path, a query, or a bad escape). */
function readMediaFile(url: string | undefined, prefix: string): string | undefined {
  if (url === undefined || !url.startsWith(prefix) || /[?#]/.test(url)) return undefined;
  try {
    return decodeURIComponent(url.slice(prefix.length));
  } catch {
    return undefined;
  }
}

/** Every `<img src>` and `<a href>` in `html` naming a file below `prefix`, in order. */
export function findMediaTags(html: string, prefix: string): MediaTag[] {
  const tags: MediaTag[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name !== 'img' && name !== 'a') return;
      const file = readMediaFile(name === 'img' ? attributes.src : attributes.href, prefix);
      if (file === undefined) return;
      tags.push({ name, start: parser.startIndex, end: parser.endIndex + 1, attributes, file });
    },
  });
  parser.end(html);
  return tags;
}

/** A start tag from a name and attributes (values escaped; `undefined` leaves one out). */
export function formatStartTag(
  name: string,
  attributes: Readonly<Record<string, string | number | undefined>>,
): string {
  const parts = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`);
  return `<${name}${parts.join('')}>`;
}

/** `html` with each tag's `[start, end)` span replaced by its text (spans must not overlap). */
export function replaceTags(
  html: string,
  replacements: readonly { readonly start: number; readonly end: number; readonly text: string }[],
): string {
  let result = '';
  let at = 0;
  for (const { start, end, text } of [...replacements].sort((a, b) => a.start - b.start)) {
    result += html.slice(at, start) + text;
    at = end;
  }
  return result + html.slice(at);
}

/** How one image is shown: its intrinsic size, the widths to generate and the `sizes` attribute. */
export interface ImagePlan {
  readonly width: number;
  readonly height: number;
  /** Widths of the variants in `srcset`, ascending. */
  readonly widths: readonly number[];
  readonly sizes: string;
}

/** A positive whole number of pixels from an attribute (`300`, `300px`), else undefined. */
function readPixels(value: string | undefined): number | undefined {
  const match = /^\s*(\d+)(?:px)?\s*$/.exec(value ?? '');
  const pixels = match ? Number(match[1]) : 0;
  return pixels > 0 ? pixels : undefined;
}

/**
 * Plans one image. The `width`/`height` the content gave win, as WordPress
 * showed them (both given and of another shape: a crop, like WordPress's
 * 150×150 thumbnails); one given scales the other; none gives the file's own
 * size. Never larger than the file. Variants go up to twice the width it takes
 * in a column `columnWidth` pixels wide (for high-density screens), never
 * past the file's own width; an image wider than that is given that width
 * (the column shows it narrower anyway).
 */
export function planImage(
  given: { readonly width?: string | undefined; readonly height?: string | undefined },
  original: { readonly width: number; readonly height: number },
  columnWidth: number,
): ImagePlan {
  const givenWidth = readPixels(given.width);
  const givenHeight = readPixels(given.height);
  let width =
    givenWidth ?? (givenHeight ? (givenHeight * original.width) / original.height : original.width);
  let height = givenHeight ?? (width * original.height) / original.width;
  // A crop may not ask for more pixels than the file has in either direction.
  const scale = Math.min(1, original.width / width, original.height / height);
  width = Math.max(1, Math.round(width * scale));
  height = Math.max(1, Math.round(height * scale));
  const slot = Math.min(width, columnWidth);
  // The largest variant: twice the slot, as far as the file's pixels go at this shape.
  const largest = Math.max(
    slot,
    Math.min(2 * slot, Math.floor(Math.min(original.width, (original.height * width) / height))),
  );
  // Wider than the largest variant is never shown: the column caps it (and `src` is that variant).
  if (width > largest) {
    height = Math.max(1, Math.round((height * largest) / width));
    width = largest;
  }
  const widths = [...new Set([360, 720, slot, largest])]
    .filter((candidate) => candidate <= largest)
    .sort((a, b) => a - b);
  return { width, height, widths, sizes: `(min-width: ${slot}px) ${slot}px, 100vw` };
}
