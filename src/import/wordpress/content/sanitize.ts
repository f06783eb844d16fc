/**
 * Sanitising imported HTML in two steps over one hast tree. First our own pass
 * removes what is unsafe and counts each removal by kind (the report must say
 * what was lost), turns allow-listed iframes and old Flash embeds into link
 * cards, and resolves links. Then rehype-sanitize (hast-util-sanitize, the
 * sanitizer of the unified stack) enforces an allow-list as the real safety
 * net, so a case the first pass misses is still removed, just not counted.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';
import type { Options as Schema } from 'rehype-sanitize';
import { isOwnMediaHost } from '../media.ts';
import { createIframeCard, type EmbedCard } from './embeds.ts';
import { normalizeCodeLanguage } from './shortcodes.ts';

/** How a link resolves (the same shape as LinkResolution in ../content.ts). */
export type ResolvedLink =
  | { readonly kind: 'internal'; readonly path: string }
  | { readonly kind: 'external' }
  | { readonly kind: 'unresolved' };

/** What the sanitising pass reports to and asks of its caller. */
export interface SanitizeEnvironment {
  resolveLink(href: string): ResolvedLink;
  countRemoved(kind: string): void;
  countEmbed(card: EmbedCard): void;
  addUnresolvedLink(href: string): void;
  /** Parses a card's HTML into hast (kept injectable so this module does not parse). */
  parseFragment(html: string): ElementContent[];
  /**
   * Give media-library images their attachment's anchor (`attachment_N`):
   * for post content, not comments, which are shown under the post and would
   * repeat its ids.
   */
  readonly anchorAttachments?: boolean;
  /** The old blog's address, against which relative media URLs are read (see absolutizeMediaUrl). */
  readonly baseUrl?: string | undefined;
  /** The old blog's other own hosts, whose protocol-relative URLs are read against `baseUrl` too. */
  readonly blogHosts?: ReadonlySet<string> | undefined;
}

/** Elements removed with their content, with the kind they are counted under. */
const REMOVED_ELEMENTS: Readonly<Record<string, string>> = {
  script: 'script',
  style: 'style',
  form: 'form',
  input: 'form control',
  button: 'form control',
  select: 'form control',
  textarea: 'form control',
  option: 'form control',
  object: 'object',
  embed: 'embed',
  applet: 'applet',
  frame: 'frame',
  frameset: 'frame',
  link: 'link element',
  meta: 'meta element',
  base: 'base element',
  template: 'template',
  svg: 'svg',
  math: 'math',
};

/** Attributes holding a URL that a browser may load or navigate to. */
const URL_ATTRIBUTES = [
  'href',
  'src',
  'action',
  'formAction',
  'poster',
  'cite',
  'background',
  'data',
  'xLinkHref',
];

/** Tags the final allow-list keeps; everything else is unwrapped (its text kept). */
const ALLOWED_TAGS = [
  'a', 'abbr', 'audio', 'b', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del',
  'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
  'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'picture', 'pre', 'q', 's', 'samp', 'small', 'source',
  'span', 'strike', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time',
  'tr', 'track', 'u', 'ul', 'var', 'video',
]; // prettier-ignore

/** The allow-list rehype-sanitize enforces after the counting pass. */
export const SANITIZE_SCHEMA: Schema = {
  tagNames: ALLOWED_TAGS,
  strip: Object.keys(REMOVED_ELEMENTS).concat('iframe', 'noembed', 'noframes'),
  // Ids are kept as written: old anchors (#more-12, footnotes) must keep working.
  clobber: [],
  attributes: {
    '*': ['id', 'title', 'lang', 'dir'],
    a: ['href', 'name'],
    img: ['src', 'alt', 'width', 'height', 'srcSet', 'sizes'],
    audio: ['src', 'controls', 'preload', 'loop'],
    video: ['src', 'controls', 'preload', 'loop', 'poster', 'width', 'height'],
    source: ['src', 'type', 'srcSet', 'media', 'sizes'],
    track: ['src', 'kind', 'srcLang', 'label', 'default'],
    code: [['className', /^language-[\w+-]+$/]],
    p: [['className', 'embed-card']],
    figure: [['className', /^(?:gallery|gallery-item|gallery-columns-\d|wp-caption|align\w+)$/]],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    td: ['colSpan', 'rowSpan', 'align'],
    th: ['colSpan', 'rowSpan', 'align', 'scope'],
    col: ['span'],
    colgroup: ['span'],
    details: ['open'],
    blockquote: ['cite'],
    q: ['cite'],
    time: ['dateTime'],
    del: ['dateTime'],
    ins: ['dateTime'],
  },
  protocols: {
    href: ['http', 'https', 'mailto', 'tel', 'ftp'],
    src: ['http', 'https', 'data'],
    poster: ['http', 'https'],
    cite: ['http', 'https'],
  },
};

/** Reads the scheme of a URL as a browser would, ignoring whitespace and control characters. */
function readScheme(value: string): string | undefined {
  const compact = value.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
  return /^([a-z][a-z0-9+.-]*):/.exec(compact)?.[1];
}

/** Reads an attribute as a string (hast keeps some as numbers or lists). */
function readProperty(element: Element, name: string): string | undefined {
  const value = element.properties[name];
  if (value === undefined || value === null || value === false) return undefined;
  return Array.isArray(value) ? value.join(' ') : String(value);
}

/**
 * A URL as the old blog's pages meant it, when the media step needs it
 * absolute: a host-relative uploads URL (`/wp-content/uploads/…`), or a
 * protocol-relative one on the blog's own host (`baseUrl`'s, one of
 * `blogHosts`, or its `*.files.wordpress.com`), is read against `baseUrl`
 * (so it takes the old blog's scheme). Anything else is returned as written:
 * a protocol-relative URL on another host stays protocol-relative, which
 * loads over https on this site, where an `http:` guessed from an old http
 * blog would be blocked as mixed content.
 */
export function absolutizeMediaUrl(
  value: string,
  baseUrl: string | undefined,
  blogHosts: ReadonlySet<string> = new Set(),
): string {
  const trimmed = value.trim();
  if (baseUrl === undefined || !trimmed.startsWith('/')) return value;
  const path = trimmed.split(/[?#]/)[0] ?? '';
  const protocolRelative = trimmed.startsWith('//');
  if (!protocolRelative && !path.includes('/wp-content/uploads/')) return value;
  let url: URL;
  try {
    url = new URL(trimmed, baseUrl);
  } catch {
    return value;
  }
  if (!protocolRelative) return url.href;
  const own = url.hostname === new URL(baseUrl).hostname || isOwnMediaHost(url.hostname, blogHosts);
  return own ? url.href : value;
}

/** Makes an element's relative media URLs (`src`, `href`, `poster`, each `srcset` candidate) absolute. */
function absolutizeMediaAttributes(element: Element, environment: SanitizeEnvironment): void {
  const { baseUrl, blogHosts } = environment;
  if (baseUrl === undefined) return;
  for (const name of ['src', 'href', 'poster']) {
    const value = element.properties[name];
    if (typeof value === 'string')
      element.properties[name] = absolutizeMediaUrl(value, baseUrl, blogHosts);
  }
  const srcSet = element.properties.srcSet;
  const candidates = Array.isArray(srcSet)
    ? srcSet.map(String)
    : typeof srcSet === 'string'
      ? srcSet.split(',')
      : undefined;
  if (candidates !== undefined) {
    element.properties.srcSet = candidates
      .map((candidate) => {
        const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
        return [absolutizeMediaUrl(url, baseUrl, blogHosts), ...descriptor].join(' ');
      })
      .join(', ');
  }
}

/** Lists an element's classes. */
function listClasses(element: Element): string[] {
  const value = element.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}

/** Removes unsafe attributes of one element, counting each. */
function cleanAttributes(element: Element, environment: SanitizeEnvironment): void {
  for (const name of Object.keys(element.properties)) {
    // hast names event handlers onClick, onMouseOver… (and keeps unknown ones lower-case).
    if (/^on/i.test(name)) {
      delete element.properties[name];
      environment.countRemoved('event handler attribute');
    }
  }
  for (const name of URL_ATTRIBUTES) {
    const value = readProperty(element, name);
    if (value === undefined) continue;
    const scheme = readScheme(value);
    if (scheme === 'javascript' || scheme === 'vbscript') {
      delete element.properties[name];
      environment.countRemoved(`${scheme}: URL`);
    } else if (scheme === 'data') {
      // An image from a data: URL is inert; any other data: URL can carry a page with script.
      const inertImage =
        element.tagName === 'img' && name === 'src' && /^\s*data:image\//i.test(value);
      if (!inertImage) {
        delete element.properties[name];
        environment.countRemoved('data: URL');
      }
    }
  }
}

/** Finds the page behind an iframe, or a YouTube Flash `<object>`/`<embed>` of the 2000s. */
function findEmbedCard(element: Element): EmbedCard | undefined {
  const candidates = [readProperty(element, 'src'), readProperty(element, 'data')];
  for (const child of element.children) {
    if (
      child.type === 'element' &&
      child.tagName === 'param' &&
      /^(?:movie|src)$/i.test(readProperty(child, 'name') ?? '')
    ) {
      candidates.push(readProperty(child, 'value'));
    }
    if (child.type === 'element' && child.tagName === 'embed')
      candidates.push(readProperty(child, 'src'));
  }
  for (const candidate of candidates) {
    const card = candidate === undefined ? undefined : createIframeCard(candidate);
    if (card !== undefined) return card;
  }
  return undefined;
}

/** Describes an iframe's origin for the report ("iframe from evil.example"). */
function describeIframe(element: Element): string {
  const src = readProperty(element, 'src') ?? '';
  try {
    return `iframe from ${new URL(src.startsWith('//') ? `https:${src}` : src).hostname}`;
  } catch {
    return 'iframe';
  }
}

/** Rewrites `<pre class="brush: js">` (SyntaxHighlighter's markup) to `<pre><code class="language-js">`. */
function normalizeBrushPre(element: Element): void {
  const className = listClasses(element).join(' ');
  const brush = /(?:^|[\s;])brush:\s*([\w#+-]+)/i.exec(className)?.[1];
  const language =
    brush ?? /^(?:lang(?:uage)?-)([\w+-]+)$/.exec(listClasses(element)[0] ?? '')?.[1];
  const hasCode = element.children.some(
    (child) => child.type === 'element' && child.tagName === 'code',
  );
  if (language === undefined || hasCode) return;
  element.children = [
    {
      type: 'element',
      tagName: 'code',
      properties: { className: [`language-${normalizeCodeLanguage(language)}`] },
      children: [{ type: 'text', value: toText(element, { whitespace: 'pre' }) }],
    },
  ];
}

/** Resolves a link's href through the context, rewriting internal ones and listing unresolved ones. */
function resolveHref(element: Element, environment: SanitizeEnvironment): void {
  const href = readProperty(element, 'href');
  if (href === undefined || href.startsWith('#') || href.trim() === '') return;
  const resolution = environment.resolveLink(href);
  if (resolution.kind === 'internal') element.properties.href = resolution.path;
  else if (resolution.kind === 'unresolved') environment.addUnresolvedLink(href);
}

/** Turns an old block-editor cover's background image (a style attribute) into an image, before styles go. */
function extractCoverImage(element: Element): void {
  if (!listClasses(element).includes('wp-block-cover')) return;
  const url = /background-image:\s*url\(\s*['"]?([^'")]+)['"]?\s*\)/i.exec(
    readProperty(element, 'style') ?? '',
  )?.[1];
  if (url === undefined) return;
  element.children.unshift({
    type: 'element',
    tagName: 'img',
    properties: { src: url, alt: '' },
    children: [],
  });
}

/**
 * Gives an image of the media library (`class="wp-image-123"`) the anchor
 * `attachment_123` that its old attachment page now redirects to, unless
 * the content has that id already (a captioned figure has it).
 */
function anchorAttachmentImage(element: Element, ids: Set<string>): void {
  if (element.tagName !== 'img' || element.properties.id !== undefined) return;
  const id = listClasses(element)
    .map((name) => /^wp-image-(\d+)$/.exec(name)?.[1])
    .find((found) => found !== undefined);
  if (id === undefined || ids.has(`attachment_${id}`)) return;
  element.properties.id = `attachment_${id}`;
  ids.add(`attachment_${id}`);
}

/**
 * Gives an image of a resized copy its size when the markup has none:
 * `photo-300x200.jpg` is 300×200, WordPress.com's `photo.jpg?w=300` 300 wide.
 * The import points every copy at the original file, so the name is the only
 * place the size WordPress showed survives.
 */
function sizeResizedImage(element: Element): void {
  if (element.tagName !== 'img') return;
  if (element.properties.width !== undefined || element.properties.height !== undefined) return;
  const src = readProperty(element, 'src') ?? '';
  const named = /-(\d+)x(\d+)\.[A-Za-z0-9]+(?:[?#]|$)/.exec(src);
  const query = /[?&](?:amp;)?w=(\d+)(?:&(?:amp;)?h=(\d+))?/.exec(src);
  const [width, height] = named ? [named[1], named[2]] : query ? [query[1], query[2]] : [];
  if (width !== undefined && Number(width) > 0) element.properties.width = width;
  if (height !== undefined && Number(height) > 0) element.properties.height = height;
}

/** Every id in a tree. */
function collectIds(
  children: readonly (RootContent | ElementContent)[],
  ids: Set<string>,
): Set<string> {
  for (const node of children) {
    if (node.type !== 'element') continue;
    const id = readProperty(node, 'id');
    if (id !== undefined) ids.add(id);
    collectIds(node.children, ids);
  }
  return ids;
}

/** Walks one list of children, replacing or removing nodes in place. */
function sanitizeChildren(
  children: (RootContent | ElementContent)[],
  environment: SanitizeEnvironment,
  ids: Set<string>,
): void {
  for (let index = 0; index < children.length; index += 1) {
    const node = children[index];
    if (node === undefined) continue;
    if (node.type === 'comment' || node.type === 'doctype') {
      children.splice(index, 1);
      index -= 1;
      continue;
    }
    if (node.type !== 'element') continue;
    const tag = node.tagName;
    if (tag === 'iframe' || tag === 'object' || tag === 'embed') {
      const card = findEmbedCard(node);
      if (card !== undefined) environment.countEmbed(card);
      else
        environment.countRemoved(
          tag === 'iframe' ? describeIframe(node) : (REMOVED_ELEMENTS[tag] ?? tag),
        );
      const replacement = card === undefined ? [] : environment.parseFragment(card.html);
      children.splice(index, 1, ...replacement);
      index += replacement.length - 1;
      continue;
    }
    const removedKind = REMOVED_ELEMENTS[tag];
    if (removedKind !== undefined) {
      environment.countRemoved(removedKind);
      children.splice(index, 1);
      index -= 1;
      continue;
    }
    extractCoverImage(node);
    absolutizeMediaAttributes(node, environment);
    if (environment.anchorAttachments) anchorAttachmentImage(node, ids);
    sizeResizedImage(node);
    cleanAttributes(node, environment);
    if (tag === 'pre') normalizeBrushPre(node);
    if (tag === 'a') resolveHref(node, environment);
    // <template> content lives apart in hast; the element itself is removed above.
    sanitizeChildren(node.children, environment, ids);
  }
}

/**
 * Removes unsafe markup from a tree in place, counting removals, carding
 * embeds, resolving links and anchoring media-library images.
 */
export function sanitizeTree(tree: Root, environment: SanitizeEnvironment): void {
  sanitizeChildren(tree.children, environment, collectIds(tree.children, new Set()));
}
