/**
 * WordPress shortcodes: the grammar of get_shortcode_regex() and
 * shortcode_parse_atts() (wp-includes/shortcodes.php), and the handlers of the
 * shortcodes an export commonly holds, each writing plain HTML.
 */
import { decodeHTML } from 'entities';
import { createEmbedCard, escapeHtml, type EmbedCard } from './embeds.ts';
import { escapeRegExp } from './wpautop.ts';

/** An attachment of the export (post_type attachment), as galleries name them. */
export interface WordPressAttachment {
  readonly id: number;
  readonly url: string;
  readonly title: string;
  /** HTML, balanced and on one line (formatCaptionHtml in ../content.ts); sanitised with the content it is placed in. */
  readonly caption: string;
  readonly alt: string;
  readonly parentId: number;
}
/** What a shortcode handler may read and report. */
export interface ShortcodeEnvironment {
  readonly attachments: ReadonlyMap<number, WordPressAttachment>;
  readonly postId: number;
  /** Counts a converted shortcode by name. */
  count(name: string): void;
  /** Counts an embed card by provider. */
  countEmbed(card: EmbedCard): void;
  /** Counts something dropped by kind. */
  countRemoved(kind: string): void;
  /** Counts what could not be converted (a gallery with no images in the export …) by kind. */
  countNotConverted(kind: string): void;
}

/**
 * A shortcode its handler could not convert: counted under `kind`, and either
 * kept as visible text (`keepText`) or left out.
 */
export interface NotConverted {
  readonly notConverted: string;
  readonly keepText: boolean;
}

/** Parsed attributes: named ones by lower-case name, positional ones in order. */
export interface ShortcodeAttributes {
  readonly named: Readonly<Record<string, string>>;
  readonly positional: readonly string[];
}

type ShortcodeHandler = (
  attributes: ShortcodeAttributes,
  content: string | undefined,
  environment: ShortcodeEnvironment,
) => string | NotConverted;

/**
 * Languages of SyntaxHighlighter Evolved / WordPress.com's `[sourcecode]`, each
 * also a shortcode of its own (`[php]…[/php]`), mapped to Shiki's names.
 */
const CODE_LANGUAGES: Readonly<Record<string, string>> = {
  as3: 'actionscript-3',
  actionscript3: 'actionscript-3',
  bash: 'bash',
  shell: 'shell',
  sh: 'sh',
  clojure: 'clojure',
  clj: 'clojure',
  cpp: 'cpp',
  c: 'c',
  'c-sharp': 'csharp',
  csharp: 'csharp',
  css: 'css',
  delphi: 'pascal',
  pascal: 'pascal',
  pas: 'pascal',
  diff: 'diff',
  patch: 'diff',
  erl: 'erlang',
  erlang: 'erlang',
  fsharp: 'fsharp',
  go: 'go',
  golang: 'go',
  groovy: 'groovy',
  haskell: 'haskell',
  java: 'java',
  js: 'js',
  jscript: 'js',
  javascript: 'js',
  latex: 'latex',
  tex: 'latex',
  matlab: 'matlab',
  objc: 'objective-c',
  'obj-c': 'objective-c',
  perl: 'perl',
  pl: 'perl',
  php: 'php',
  plain: 'text',
  text: 'text',
  powershell: 'powershell',
  ps: 'powershell',
  py: 'python',
  python: 'python',
  r: 'r',
  ruby: 'ruby',
  rails: 'ruby',
  ror: 'ruby',
  rb: 'ruby',
  sass: 'sass',
  scss: 'scss',
  scala: 'scala',
  sql: 'sql',
  swift: 'swift',
  ts: 'ts',
  typescript: 'ts',
  vb: 'vb',
  vbnet: 'vb',
  xml: 'xml',
  xhtml: 'html',
  xslt: 'xsl',
  html: 'html',
  yaml: 'yaml',
  yml: 'yaml',
  json: 'json',
};

/** Maps a SyntaxHighlighter language name to Shiki's ('text' when unknown, so the build never fails on it). */
export function normalizeCodeLanguage(language: string | undefined): string {
  if (language === undefined) return 'text';
  return CODE_LANGUAGES[language.trim().toLowerCase()] ?? 'text';
}

/** Renders a code block; `[`/`]` as references so no later pass reads shortcodes in code. */
export function renderCodeBlock(code: string, language: string): string {
  const escaped = escapeHtml(code).replaceAll('[', '&#91;').replaceAll(']', '&#93;');
  return `<pre><code class="language-${language}">${escaped}</code></pre>`;
}

/** Turns shortcode content written in the editor (HTML-encoded, maybe with <br />) into the code itself. */
function decodeCode(content: string): string {
  return decodeHTML(content.replace(/<br\s*\/?>\n?/gi, '\n')).replace(/^\n+|\s+$/g, '');
}

/** `[code lang=js]`, `[sourcecode language="php"]`, `[php]`: a fenced block with the language. */
const renderCodeShortcode =
  (implicitLanguage?: string): ShortcodeHandler =>
  (attributes, content) => {
    const language = implicitLanguage ?? attributes.named.language ?? attributes.named.lang;
    return `\n\n${renderCodeBlock(decodeCode(content ?? ''), normalizeCodeLanguage(language))}\n\n`;
  };

/** YouTube's own query arguments worth keeping in a link (Jetpack adds `w`, `h`, `fmt`, `rel` … for its player). */
const YOUTUBE_ARGUMENTS = new Set(['v', 'list', 't', 'start']);

/**
 * The page a WordPress.com/Jetpack embed shortcode names, in any of its forms:
 * `[youtube URL]`, `[youtube=URL&amp;w=640]`, `[youtube ID]`, `[vimeo 123456]`,
 * `[vimeo id=123456]`, `[tweet 123]`, `[embed]URL[/embed]`.
 */
export function readEmbedShortcodeUrl(
  name: string,
  attributes: ShortcodeAttributes,
  content: string | undefined,
): string {
  const raw =
    content ??
    attributes.named.url ??
    attributes.named.id ??
    attributes.named.tweet ??
    attributes.positional[0] ??
    '';
  let text = decodeHTML(raw.trim())
    .replace(/^=\s*/, '')
    .replace(/^["']|["']$/g, '')
    .trim();
  if (/^(?:www\.|m\.)?(?:youtube\.com|youtu\.be|vimeo\.com|twitter\.com|x\.com)\//i.test(text))
    text = `https://${text}`;
  if (name === 'youtube' && /^[\w-]{10,12}$/.test(text))
    return `https://www.youtube.com/watch?v=${text}`;
  if (name === 'vimeo' && /^\d+$/.test(text)) return `https://vimeo.com/${text}`;
  if (name === 'tweet' && /^\d+$/.test(text)) return `https://twitter.com/i/status/${text}`;
  // Jetpack's player arguments follow the address with `&` even where it has no query: `…/123456&w=400`.
  if (!text.includes('?')) text = text.replace(/&.*$/, '');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (/(?:^|\.)youtube\.com$/i.test(url.hostname)) {
    for (const key of [...url.searchParams.keys()])
      if (!YOUTUBE_ARGUMENTS.has(key)) url.searchParams.delete(key);
    return url.href;
  }
  if (/(?:^|\.)vimeo\.com$|^youtu\.be$/i.test(url.hostname)) {
    url.searchParams.delete('w');
    url.searchParams.delete('h');
    return url.href;
  }
  return text;
}

/** `[embed]url[/embed]` (WP_Embed::shortcode) and WordPress.com's `[youtube url]`-style shortcodes. */
const renderEmbedShortcode =
  (name: string): ShortcodeHandler =>
  (attributes, content, environment) => {
    const card = createEmbedCard(readEmbedShortcodeUrl(name, attributes, content), true);
    if (card === undefined)
      return { notConverted: `[${name}] with no address it can read`, keepText: true };
    environment.countEmbed(card);
    return `\n\n${card.html}\n\n`;
  };

/** Decodes an attribute value as WordPress passes it on (it may hold entities). */
function readAttribute(attributes: ShortcodeAttributes, name: string): string | undefined {
  const value = attributes.named[name];
  return value === undefined ? undefined : decodeHTML(value);
}

/**
 * `[caption]` as img_caption_shortcode(): the caption is the `caption`
 * attribute or the text after the (linked) image. WordPress drops the figure
 * when `width` is missing; the text would then be lost, so here it is kept.
 */
const renderCaption: ShortcodeHandler = (attributes, content, environment) => {
  let body = content ?? '';
  let caption = attributes.named.caption;
  if (caption === undefined) {
    const match = /((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*<\/a>)?)([\s\S]*)/i.exec(body);
    if (match !== null) {
      body = match[1] ?? '';
      caption = (match[2] ?? '').trim();
    }
  }
  body = processShortcodes(body, environment);
  caption = (caption ?? '').replace(/^(?:\s|<br \/>)+|(?:\s|<br \/>)+$/g, '');
  if (caption === '') return body;
  const align = /^align(?:left|right|center|none)$/.test(attributes.named.align ?? '')
    ? ` ${attributes.named.align}`
    : '';
  // WordPress gives the figure the attachment's id, which old attachment pages now redirect to.
  const id = /^attachment_\d+$/.test(attributes.named.id ?? '')
    ? ` id="${attributes.named.id}"`
    : '';
  return `<figure${id} class="wp-caption${align}">${body}<figcaption>${caption}</figcaption></figure>`;
};

/** Lists the gallery's attachments as gallery_shortcode() picks them. */
function listWordPressAttachments(
  attributes: ShortcodeAttributes,
  environment: ShortcodeEnvironment,
): WordPressAttachment[] {
  const ids = (attributes.named.ids ?? attributes.named.include ?? '')
    .split(',')
    .map((id) => Number.parseInt(id.trim(), 10))
    .filter((id) => Number.isInteger(id) && id > 0);
  if (ids.length > 0) {
    // ids= keeps the order written (orderby post__in).
    return ids.flatMap((id) => {
      const attachment = environment.attachments.get(id);
      if (attachment === undefined)
        environment.countNotConverted('gallery image missing from the export');
      return attachment === undefined ? [] : [attachment];
    });
  }
  const parentId = Number.parseInt(attributes.named.id ?? '', 10) || environment.postId;
  const exclude = new Set(
    (attributes.named.exclude ?? '').split(',').map((id) => Number(id.trim())),
  );
  return [...environment.attachments.values()]
    .filter((attachment) => attachment.parentId === parentId && !exclude.has(attachment.id))
    .filter((attachment) => /\.(?:avif|gif|jpe?g|png|svg|webp)(?:\?|$)/i.test(attachment.url))
    .sort((a, b) => a.id - b.id);
}

/**
 * `[gallery]` as gallery_shortcode(): a figure of figures. `link=none` gives
 * bare images; otherwise each links to its file, since attachment pages do not
 * exist on the new site.
 */
const renderGallery: ShortcodeHandler = (attributes, _content, environment) => {
  const attachments = listWordPressAttachments(attributes, environment);
  // The images lived in the media library: an export of posts only (or of part of the blog) lacks them.
  if (attachments.length === 0)
    return { notConverted: 'gallery with none of its images in the export', keepText: false };
  const columns = Math.min(
    9,
    Math.max(1, Number.parseInt(attributes.named.columns ?? '3', 10) || 3),
  );
  const link = attributes.named.link ?? '';
  const items = attachments.map((attachment) => {
    const url = escapeHtml(attachment.url);
    // A linked image is the link's only text: without alt text, the attachment's title names it.
    const alt =
      attachment.alt.trim() === '' && link !== 'none'
        ? attachment.title || (attachment.url.split('/').pop() ?? '')
        : attachment.alt;
    // The class names the attachment, as WordPress's own markup does: its old page redirects to this image.
    const image = `<img class="wp-image-${attachment.id}" src="${url}" alt="${escapeHtml(decodeHTML(alt))}">`;
    const linked = link === 'none' ? image : `<a href="${url}">${image}</a>`;
    // The caption is HTML, as gallery_shortcode() prints it (a credit keeps its link).
    const caption =
      attachment.caption.trim() === '' ? '' : `<figcaption>${attachment.caption}</figcaption>`;
    return `<figure class="gallery-item">${linked}${caption}</figure>`;
  });
  return `\n\n<figure class="gallery gallery-columns-${columns}">${items.join('')}</figure>\n\n`;
};

/** Collects a media shortcode's sources: src= or the first positional URL, and the per-format attributes. */
function listMediaSources(
  attributes: ShortcodeAttributes,
  formats: Readonly<Record<string, string>>,
): { url: string; type: string | undefined }[] {
  const sources: { url: string; type: string | undefined }[] = [];
  const src = readAttribute(attributes, 'src') ?? attributes.positional[0]?.split('|')[0];
  if (src !== undefined && src.trim() !== '') sources.push({ url: src.trim(), type: undefined });
  for (const [format, type] of Object.entries(formats)) {
    const url = readAttribute(attributes, format);
    if (url !== undefined && url.trim() !== '') sources.push({ url: url.trim(), type });
  }
  return sources;
}

/** Renders native `<audio>`/`<video>` with a link to each file as fallback (wp_audio_shortcode()/wp_video_shortcode()). */
function renderMedia(
  tag: 'audio' | 'video',
  attributes: ShortcodeAttributes,
  formats: Readonly<Record<string, string>>,
): string {
  const sources = listMediaSources(attributes, formats);
  if (sources.length === 0) return '';
  const poster = readAttribute(attributes, 'poster');
  const posterAttribute =
    tag === 'video' && poster !== undefined ? ` poster="${escapeHtml(poster)}"` : '';
  const single = sources.length === 1 ? sources[0] : undefined;
  const srcAttribute = single === undefined ? '' : ` src="${escapeHtml(single.url)}"`;
  const sourceTags =
    single === undefined
      ? sources
          .map(
            ({ url, type }) =>
              `<source src="${escapeHtml(url)}"${type === undefined ? '' : ` type="${type}"`}>`,
          )
          .join('')
      : '';
  const fallback = sources
    .map(({ url }) => `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`)
    .join(' ');
  return `\n\n<${tag} controls preload="none"${srcAttribute}${posterAttribute}>${sourceTags}${fallback}</${tag}>\n\n`;
}

const AUDIO_FORMATS = {
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
};
const VIDEO_FORMATS = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  mov: 'video/quicktime',
};

/**
 * Shortcodes WordPress (and SyntaxHighlighter) runs before wpautop, at
 * `the_content` priority 7–8, so their output is never autop'd.
 */
const EARLY_SHORTCODES: Readonly<Record<string, ShortcodeHandler>> = {
  code: renderCodeShortcode(),
  sourcecode: renderCodeShortcode(),
  embed: renderEmbedShortcode('embed'),
  youtube: renderEmbedShortcode('youtube'),
  vimeo: renderEmbedShortcode('vimeo'),
  tweet: renderEmbedShortcode('tweet'),
  ...Object.fromEntries(
    Object.keys(CODE_LANGUAGES).map((name) => [name, renderCodeShortcode(name)]),
  ),
};

/** Shortcodes run by do_shortcode at priority 11, after wpautop. */
const LATE_SHORTCODES: Readonly<Record<string, ShortcodeHandler>> = {
  caption: renderCaption,
  wp_caption: renderCaption,
  gallery: renderGallery,
  audio: (attributes) => renderMedia('audio', attributes, AUDIO_FORMATS),
  video: (attributes) => renderMedia('video', attributes, VIDEO_FORMATS),
};

/** Names of the shortcodes converted after wpautop (for shortcode_unautop). */
export const LATE_SHORTCODE_NAMES: readonly string[] = Object.keys(LATE_SHORTCODES);

/** Builds get_shortcode_regex() for the given names. Groups as WordPress: 1 `[`, 2 name, 3 attributes, 4 `/`, 5 content, 6 `]`. */
function buildShortcodeRegex(names: readonly string[]): RegExp {
  const tags = [...names]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
  return new RegExp(
    String.raw`\[(\[?)(${tags})(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)(?:(/)\]|\](?:([^[]*(?:\[(?!/\2\])[^[]*)*)\[/\2\])?)(\]?)`,
    'g',
  );
}

/** Parses shortcode attributes as shortcode_parse_atts(). */
export function parseShortcodeAttributes(text: string): ShortcodeAttributes {
  const named: Record<string, string> = {};
  const positional: string[] = [];
  const pattern =
    /([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)/g;
  const normalized = text.replace(/[\u00a0\u200b]+/g, ' ');
  for (const match of normalized.matchAll(pattern)) {
    if (match[1] !== undefined) named[match[1].toLowerCase()] = match[2] ?? '';
    else if (match[3] !== undefined) named[match[3].toLowerCase()] = match[4] ?? '';
    else if (match[5] !== undefined) named[match[5].toLowerCase()] = match[6] ?? '';
    else positional.push(match[7] ?? match[8] ?? match[9] ?? '');
  }
  return { named, positional };
}

/**
 * Private-use characters wrap a literal left by an escaped `[[shortcode]]`, so
 * no later pass reads it as a shortcode again; restoreEscapedShortcodes() puts
 * the text back.
 */
const LITERAL_START = '\uE000';
const LITERAL_END = '\uE001';

/** Replaces the shortcodes of one table; escaped ones become protected literals. */
function replaceShortcodes(
  text: string,
  handlers: Readonly<Record<string, ShortcodeHandler>>,
  environment: ShortcodeEnvironment,
): string {
  return text.replace(
    buildShortcodeRegex(Object.keys(handlers)),
    (
      whole,
      open: string,
      name: string,
      attributes: string,
      _slash,
      content: string | undefined,
      close: string,
    ) => {
      if (open === '[' && close === ']') {
        return LITERAL_START + encodeLiteral(whole.slice(1, -1)) + LITERAL_END;
      }
      const handler = handlers[name.toLowerCase()];
      if (handler === undefined) return whole;
      const result = handler(parseShortcodeAttributes(attributes), content, environment);
      if (typeof result === 'string') {
        environment.count(name.toLowerCase());
        return open + result + close;
      }
      environment.countNotConverted(result.notConverted);
      // Kept as a literal, so it shows as written and is not counted again as an unknown shortcode.
      return result.keepText ? LITERAL_START + encodeLiteral(whole) + LITERAL_END : open + close;
    },
  );
}

/** Hides brackets of an escaped shortcode so later passes do not see a shortcode. */
function encodeLiteral(text: string): string {
  return text.replaceAll('[', '\uE002').replaceAll(']', '\uE003');
}

/** Puts back the text of escaped `[[shortcodes]]` as literal `[shortcode]`. */
export function restoreEscapedShortcodes(text: string): string {
  return text
    .replaceAll(LITERAL_START, '')
    .replaceAll(LITERAL_END, '')
    .replaceAll('\uE002', '[')
    .replaceAll('\uE003', ']');
}

/** Runs the shortcodes WordPress runs before wpautop (code, embeds). */
export function processEarlyShortcodes(text: string, environment: ShortcodeEnvironment): string {
  return replaceShortcodes(text, EARLY_SHORTCODES, environment);
}

/** Runs the shortcodes WordPress runs after wpautop (caption, gallery, audio, video). */
export function processShortcodes(text: string, environment: ShortcodeEnvironment): string {
  return replaceShortcodes(text, LATE_SHORTCODES, environment);
}

/**
 * Counts what looks like a shortcode of an unknown plugin, kept as text.
 * Square brackets are common in prose (`[sic]`, `[1]`), so a bracketed word
 * counts only with attributes, a closing tag, a self-closing slash, or alone
 * in its paragraph (where plugins' shortcodes stand).
 */
export function countUnknownShortcodes(html: string, count: (name: string) => void): void {
  const text = html.replace(/<(pre|code)\b[\s\S]*?<\/\1>/gi, ' ');
  // Where each closing tag last appears, so "is it closed later" is one look-up (linear, not quadratic).
  const lastClose = new Map<string, number>();
  for (const match of text.matchAll(/\[\/([A-Za-z][\w-]*)\]/g))
    lastClose.set(match[1] ?? '', match.index);
  const pattern = /\[([A-Za-z][\w-]*)((?:\s+[^\]]*?)?)(\/?)\]/g;
  for (const match of text.matchAll(pattern)) {
    const name = match[1] ?? '';
    const start = match.index;
    const end = start + match[0].length;
    if (text.startsWith('[/', start - 2) || text[start - 1] === '[') continue;
    const hasAttributes = (match[2] ?? '').includes('=');
    const selfClosing = match[3] === '/';
    const closed = (lastClose.get(name) ?? -1) >= end;
    if (hasAttributes || selfClosing || closed || isStandalone(text, start, end))
      count(name.toLowerCase());
  }
}

/** True when `text[start, end)` stands alone in its paragraph: only whitespace, a line break or `<p>`/`</p>` around it. */
function isStandalone(text: string, start: number, end: number): boolean {
  let before = start - 1;
  while (before >= 0 && /\s/.test(text[before] ?? '')) {
    if (text[before] === '\n') break;
    before -= 1;
  }
  const openedHere = before < 0 || text[before] === '\n' || text.endsWith('<p>', before + 1);
  if (!openedHere) return false;
  let after = end;
  while (after < text.length && /\s/.test(text[after] ?? '')) {
    if (text[after] === '\n') break;
    after += 1;
  }
  return after >= text.length || text[after] === '\n' || text.startsWith('</p>', after);
}
