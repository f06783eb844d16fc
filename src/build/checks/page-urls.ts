/** The URLs a page refers to, found by a real HTML parser (htmlparser2). */
import { Parser } from 'htmlparser2';

/** A URL found in a page, with where it was found. */
export interface PageUrl {
  /** The attribute value as written (one candidate of a srcset). */
  readonly raw: string;
  /** `tag[attribute]`, e.g. `a[href]`, for messages. */
  readonly source: string;
  /** True when the browser fetches it while loading the page (not a link to follow). */
  readonly loadsWithPage: boolean;
}

/** Link relations whose href the browser fetches (or connects to) on load. */
const fetchingRels = new Set([
  'stylesheet',
  'icon',
  'shortcut',
  'apple-touch-icon',
  'manifest',
  'preload',
  'modulepreload',
  'prefetch',
  'dns-prefetch',
  'preconnect',
  'mask-icon',
]);

/** Attributes holding one URL, and whether loading the page fetches them. */
const urlAttributes: readonly [selector: string, attribute: string, loads: boolean][] = [
  ['a', 'href', false],
  ['area', 'href', false],
  ['form', 'action', false],
  ['img', 'src', true],
  ['script', 'src', true],
  ['iframe', 'src', true],
  ['embed', 'src', true],
  ['object', 'data', true],
  ['audio', 'src', true],
  ['video', 'src', true],
  ['video', 'poster', true],
  ['source', 'src', true],
  ['track', 'src', true],
  ['input', 'src', true],
];

/** Splits a srcset into its URLs. */
function splitSrcset(srcset: string): string[] {
  return srcset
    .split(',')
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    .filter((url) => url !== '');
}

/** Finds `url(...)` and `@import "…"` targets in CSS text. */
export function listCssUrls(css: string): string[] {
  const urls: string[] = [];
  for (const match of css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3/g)) {
    const url = match[2] ?? match[4];
    if (url && !url.startsWith('data:')) urls.push(url);
  }
  return urls;
}

/** Index of `urlAttributes` by tag name, for the single-pass scan. */
const urlAttributesByTag = new Map<string, [attribute: string, loads: boolean][]>();
for (const [tag, attribute, loads] of urlAttributes) {
  urlAttributesByTag.set(tag, [...(urlAttributesByTag.get(tag) ?? []), [attribute, loads]]);
}

/** What one pass over a page finds: the URLs it refers to and the ids its `#fragment` links may target. */
export interface PageScan {
  readonly urls: PageUrl[];
  /** `id`s and legacy `a[name]`s. */
  readonly anchors: Set<string>;
}

/**
 * Every URL in a page (links, forms, assets, srcsets and CSS `url()`s) and
 * every anchor, in one streaming pass of htmlparser2 (the parser cheerio
 * uses), since the build runs this on every page of the site.
 */
export function scanPage(html: string): PageScan {
  const urls: PageUrl[] = [];
  const anchors = new Set<string>();
  let inStyle = false;
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        if (attributes['id'] !== undefined) anchors.add(attributes['id']);
        if (tag === 'a' && attributes['name'] !== undefined) anchors.add(attributes['name']);
        for (const [attribute, loadsWithPage] of urlAttributesByTag.get(tag) ?? []) {
          const raw = attributes[attribute];
          if (raw !== undefined) urls.push({ raw, source: `${tag}[${attribute}]`, loadsWithPage });
        }
        if (tag === 'link' && attributes['href'] !== undefined) {
          const rels = (attributes['rel'] ?? '').toLowerCase().split(/\s+/);
          urls.push({
            raw: attributes['href'],
            source: `link[rel=${rels.join(' ')}]`,
            loadsWithPage: rels.some((rel) => fetchingRels.has(rel)),
          });
        }
        if ((tag === 'img' || tag === 'source') && attributes['srcset'] !== undefined) {
          for (const raw of splitSrcset(attributes['srcset'])) {
            urls.push({ raw, source: `${tag}[srcset]`, loadsWithPage: true });
          }
        }
        if (attributes['style'] !== undefined) {
          for (const raw of listCssUrls(attributes['style'])) {
            urls.push({ raw, source: `${tag}[style] url()`, loadsWithPage: true });
          }
        }
        inStyle = tag === 'style';
      },
      ontext(text) {
        if (!inStyle) return;
        for (const raw of listCssUrls(text)) {
          urls.push({ raw, source: 'style url()', loadsWithPage: true });
        }
      },
      onclosetag() {
        inStyle = false;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return { urls, anchors };
}

/** Every URL in a page (see `scanPage`). */
export function listPageUrls(html: string): PageUrl[] {
  return scanPage(html).urls;
}

/** The ids a page's `#fragment` links may target (`id`s and legacy `a[name]`s). */
export function listAnchorTargets(html: string): Set<string> {
  return scanPage(html).anchors;
}
