/** The URLs a page refers to, found by a real HTML parser (cheerio). */
import { load } from 'cheerio';

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

/** Every URL in a page: links, forms, assets, srcsets and CSS `url()`s. */
export function listPageUrls(html: string): PageUrl[] {
  const $ = load(html);
  const urls: PageUrl[] = [];
  for (const [selector, attribute, loadsWithPage] of urlAttributes) {
    $(`${selector}[${attribute}]`).each((_, element) => {
      urls.push({
        raw: $(element).attr(attribute) ?? '',
        source: `${selector}[${attribute}]`,
        loadsWithPage,
      });
    });
  }
  $('link[href]').each((_, element) => {
    const rels = ($(element).attr('rel') ?? '').toLowerCase().split(/\s+/);
    urls.push({
      raw: $(element).attr('href') ?? '',
      source: `link[rel=${rels.join(' ')}]`,
      loadsWithPage: rels.some((rel) => fetchingRels.has(rel)),
    });
  });
  $('img[srcset], source[srcset]').each((_, element) => {
    for (const raw of splitSrcset($(element).attr('srcset') ?? '')) {
      urls.push({ raw, source: `${element.tagName}[srcset]`, loadsWithPage: true });
    }
  });
  $('style').each((_, element) => {
    for (const raw of listCssUrls($(element).text())) {
      urls.push({ raw, source: 'style url()', loadsWithPage: true });
    }
  });
  $('[style]').each((_, element) => {
    for (const raw of listCssUrls($(element).attr('style') ?? '')) {
      urls.push({ raw, source: `${element.tagName}[style] url()`, loadsWithPage: true });
    }
  });
  return urls;
}

/** The ids a page's `#fragment` links may target (`id`s and legacy `a[name]`s). */
export function listAnchorTargets(html: string): Set<string> {
  const $ = load(html);
  const targets = new Set<string>();
  $('[id]').each((_, element) => void targets.add($(element).attr('id') ?? ''));
  $('a[name]').each((_, element) => void targets.add($(element).attr('name') ?? ''));
  return targets;
}
