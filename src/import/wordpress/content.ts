/**
 * Converts the HTML of one WordPress post (`content:encoded`) into the body of
 * a `.md` file, in the order WordPress's own `the_content` filters run
 * (wp-includes/default-filters.php): code shortcodes (priority 7), `[embed]`
 * and autoembed (8), do_blocks (9), wpautop (10), do_shortcode (11). Then the
 * HTML is sanitised, links resolved and the result written as Markdown.
 * Pure: no I/O, no network.
 */
import { decodeHTML } from 'entities';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toText } from 'hast-util-to-text';
import rehypeParse from 'rehype-parse';
import rehypeSanitize from 'rehype-sanitize';
import { unified } from 'unified';
import { hasBlocks, renderBlocks, type ReusableBlock } from './content/blocks.ts';
import { escapeHtml, replaceBareEmbedUrls, type EmbedCard } from './content/embeds.ts';
import { convertTreeToMarkdown } from './content/markdown.ts';
import { SANITIZE_SCHEMA, sanitizeTree } from './content/sanitize.ts';
import {
  countUnknownShortcodes,
  LATE_SHORTCODE_NAMES,
  processEarlyShortcodes,
  processShortcodes,
  restoreEscapedShortcodes,
  type ShortcodeEnvironment,
} from './content/shortcodes.ts';
import { applyWpautop, escapeRegExp, unwrapShortcodeParagraphs } from './content/wpautop.ts';
import type { WordPressAttachment } from './content/shortcodes.ts';

/** An attachment of the export (defined beside the gallery shortcode that reads it), and a reusable block. */
export type { ReusableBlock, WordPressAttachment };
/** How a link in content resolves. */
export type LinkResolution =
  | { readonly kind: 'internal'; readonly path: string }
  | { readonly kind: 'external' }
  | { readonly kind: 'unresolved' };

/** What the conversion needs to know about the rest of the export. */
export interface ConvertContext {
  /** Resolves an href/src found in content: links to the old blog's posts/pages (permalinks, `?p=123`, `?page_id=45`) become site paths; links elsewhere are external; links to the old blog that match nothing are unresolved. */
  resolveLink(href: string): LinkResolution;
  /** Every attachment of the export by ID (for `[gallery ids="1,2"]`). */
  readonly attachments: ReadonlyMap<number, WordPressAttachment>;
  /** The post's own ID (a `[gallery]` without ids shows the attachments whose parentId is this post, in ID order). */
  readonly postId: number;
  /**
   * The old blog's address: media named host-relative (`/wp-content/uploads/…`)
   * or protocol-relative on the blog's own host (`//blog.example/…`) are made
   * absolute against it, so the media step finds them.
   */
  readonly baseUrl?: string;
  /**
   * The old blog's own hosts besides `baseUrl`'s (`www.`, a domain its
   * attachments were uploaded to): their protocol-relative URLs are read
   * against `baseUrl` too. Other hosts' stay protocol-relative.
   */
  readonly blogHosts?: ReadonlySet<string>;
  /** The export's reusable blocks by ID (`<!-- wp:block {"ref":N} /-->`). */
  readonly reusableBlocks?: ReadonlyMap<number, ReusableBlock>;
  /** The attachment WordPress showed as the post's featured image (`_thumbnail_id`). */
  readonly featuredImageId?: number | undefined;
}

/** What the conversion found, for the import report. */
export interface ContentFindings {
  /** Shortcodes converted, by name, with counts (caption, gallery, audio, video, code, sourcecode, embed …). */
  readonly shortcodes: Readonly<Record<string, number>>;
  /** Shortcodes not known: kept as visible text, by name with counts. */
  readonly unknownShortcodes: Readonly<Record<string, number>>;
  /** Dynamic blocks (`<!-- wp:latest-posts /-->`): rendered by PHP, absent from the export, so dropped; by block name with counts. */
  readonly unknownBlocks: Readonly<Record<string, number>>;
  /** Embeds turned into link cards, by provider (youtube, vimeo, twitter, other iframe hosts on the allow-list), with counts. */
  readonly embeds: Readonly<Record<string, number>>;
  /** Unsafe markup removed, by kind ("script", "style", "form", "iframe from evil.example", "event handler attribute", "javascript: URL" …) with counts. */
  readonly removed: Readonly<Record<string, number>>;
  /** Links to the old blog the resolver could not resolve (as written). */
  readonly unresolvedLinks: readonly string[];
  /** What could not be converted (a gallery without its images, a missing reusable block …), by kind with counts. */
  readonly notConverted: Readonly<Record<string, number>>;
}

/** A converted post body. */
export interface ConvertedContent {
  /** The body of a `.md` file (Markdown, with plain HTML where Markdown has no equivalent). */
  readonly markdown: string;
  /** Plain text of what comes before `<!--more-->`, when the post has one (the summary boundary); else undefined. */
  readonly summary: string | undefined;
  /** Number of `<!--nextpage-->` pages (1 when none). Page N≥2 starts at an anchor element with id `page-N`. */
  readonly pageCount: number;
  /**
   * The featured image: `placed` at the top of the body, `shown` already by the
   * content, `missing` (not in the export or not an image: counted in notConverted), or undefined
   * when the post has none.
   */
  readonly featuredImage: 'placed' | 'shown' | 'missing' | undefined;
  readonly findings: ContentFindings;
}

/** Mutable counters behind ContentFindings. */
interface FindingsCollector {
  readonly shortcodes: Record<string, number>;
  readonly unknownShortcodes: Record<string, number>;
  readonly unknownBlocks: Record<string, number>;
  readonly embeds: Record<string, number>;
  readonly removed: Record<string, number>;
  readonly unresolvedLinks: string[];
  readonly notConverted: Record<string, number>;
}

/** Creates empty counters. */
function createCollector(): FindingsCollector {
  return {
    shortcodes: {},
    unknownShortcodes: {},
    unknownBlocks: {},
    embeds: {},
    removed: {},
    unresolvedLinks: [],
    notConverted: {},
  };
}

/** Adds one to a named counter. */
function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

const htmlParser = unified().use(rehypeParse, { fragment: true });
const sanitizer = unified().use(rehypeSanitize, SANITIZE_SCHEMA);

/** Parses an HTML fragment into hast. */
function parseHtml(html: string): Root {
  return htmlParser.parse(html);
}

/** Drops every comment below `nodes`, in place. */
function removeComments(nodes: (RootContent | ElementContent)[]): void {
  for (let index = nodes.length - 1; index >= 0; index -= 1) {
    const node = nodes[index];
    if (node?.type === 'comment') nodes.splice(index, 1);
    else if (node?.type === 'element') removeComments(node.children);
  }
}

/**
 * An attachment's caption (`post_excerpt`, HTML such as a photo credit with
 * its link) made safe to place inside a figure: parsed and written again, so
 * an unclosed tag cannot reach past the caption into the post; without
 * comments, so a `<!--more-->` or `<!--nextpage-->` in it marks nothing; on
 * one line, so it cannot end the figure's HTML block in Markdown. Not
 * sanitised here: the figure it goes into is, with the rest of the content.
 */
export function formatCaptionHtml(html: string): string {
  if (html.trim() === '') return '';
  const tree = parseHtml(html);
  removeComments(tree.children);
  return toHtml(tree).replace(/\s+/g, ' ').trim();
}

/**
 * Splits content into its `<!--nextpage-->` pages as setup_postdata()
 * (wp-includes/class-wp-query.php) does, including the newlines it absorbs.
 */
function splitPages(content: string): string[] {
  let text = content
    .replaceAll('\n<!--nextpage-->\n', '<!--nextpage-->')
    .replaceAll('\n<!--nextpage-->', '<!--nextpage-->')
    .replaceAll('<!--nextpage-->\n', '<!--nextpage-->')
    .replaceAll('<!-- wp:nextpage -->', '')
    .replaceAll('<!-- /wp:nextpage -->', '');
  if (text.startsWith('<!--nextpage-->')) text = text.slice('<!--nextpage-->'.length);
  return text.split('<!--nextpage-->');
}

/** Runs WordPress's content filters and sanitising on one page; returns the clean tree. */
function renderPageTree(
  page: string,
  blockEditor: boolean,
  context: ConvertContext,
  findings: FindingsCollector,
): Root {
  const countEmbed = (card: EmbedCard): void => increment(findings.embeds, card.provider);
  const environment: ShortcodeEnvironment = {
    attachments: context.attachments,
    postId: context.postId,
    count: (name) => increment(findings.shortcodes, name),
    countEmbed,
    countRemoved: (kind) => increment(findings.removed, kind),
    countNotConverted: (kind) => increment(findings.notConverted, kind),
  };
  // Embed blocks first: their URL stands alone on a line and autoembed would card it a second time.
  let text = blockEditor
    ? renderBlocks(page, {
        countEmbed,
        countUnknownBlock: (name) => increment(findings.unknownBlocks, name),
        countNotConverted: environment.countNotConverted,
        reusableBlocks: context.reusableBlocks,
      })
    : page;
  text = processEarlyShortcodes(text, environment);
  text = replaceBareEmbedUrls(text, countEmbed);
  if (!blockEditor) text = unwrapShortcodeParagraphs(applyWpautop(text), LATE_SHORTCODE_NAMES);
  text = processShortcodes(text, environment);
  countUnknownShortcodes(text, (name) => increment(findings.unknownShortcodes, name));
  const tree = parseHtml(restoreEscapedShortcodes(text));
  sanitizeTree(tree, {
    anchorAttachments: true,
    resolveLink: (href) => context.resolveLink(href),
    countRemoved: environment.countRemoved,
    countEmbed,
    addUnresolvedLink: (href) => {
      if (!findings.unresolvedLinks.includes(href)) findings.unresolvedLinks.push(href);
    },
    parseFragment: (html) => parseHtml(html).children as ElementContent[],
    baseUrl: context.baseUrl,
    blogHosts: context.blogHosts,
  });
  return sanitizer.runSync(tree) as Root;
}

/** The last part of an uploads file name without its extension or resized suffix: `photo` for `photo-300x200.jpg`. */
function readFileStem(url: string): string {
  const name = (url.split(/[?#]/)[0] ?? '').split('/').pop() ?? '';
  return name.replace(/(?:-\d+x\d+)?\.[A-Za-z0-9]+$/, '');
}

/**
 * The featured image as the figure a theme showed above the post, or why
 * there is none: WordPress kept it apart from the content, and this site's
 * posts have no image field, so the body begins with it. Not when the
 * content shows that image already (by its `wp-image-ID` class or its file).
 */
function placeFeaturedImage(
  content: string,
  context: ConvertContext,
): { html: string; state: ConvertedContent['featuredImage']; missing?: string } {
  const id = context.featuredImageId;
  if (id === undefined) return { html: '', state: undefined };
  const attachment = context.attachments.get(id);
  if (attachment === undefined)
    return { html: '', state: 'missing', missing: 'featured image not in the export' };
  if (!/\.(?:avif|gif|jpe?g|png|svg|webp)(?:[?#]|$)/i.test(attachment.url))
    return { html: '', state: 'missing', missing: 'featured image not an image file' };
  const stem = readFileStem(attachment.url);
  const shownFile =
    stem !== '' &&
    new RegExp(`/${escapeRegExp(stem)}(?:-\\d+x\\d+)?\\.[A-Za-z0-9]+(?:[?#"'\\s)]|$)`).test(
      content,
    );
  if (new RegExp(`\\bwp-image-${id}\\b`).test(content) || shownFile)
    return { html: '', state: 'shown' };
  const image = `<img class="wp-image-${id}" src="${escapeHtml(attachment.url)}" alt="${escapeHtml(decodeHTML(attachment.alt))}">`;
  // The caption is HTML (formatCaptionHtml), as a theme printed it; the figure is sanitised below.
  const caption = attachment.caption.trim();
  const html =
    caption === ''
      ? `<figure>${image}</figure>`
      : `<figure class="wp-caption">${image}<figcaption>${caption}</figcaption></figure>`;
  return { html: `${html}\n\n`, state: 'placed' };
}

/** Writes a tree's visible text as one line of plain text. */
function writePlainText(tree: Root): string {
  return toText(tree).replace(/\s+/g, ' ').trim();
}

/**
 * Converts one post's HTML into a `.md` body, with its summary, page count and
 * everything the import report should mention.
 */
export function convertPostContent(html: string, context: ConvertContext): ConvertedContent {
  const findings = createCollector();
  const written = html.replace(/\r\n?/g, '\n');
  const featured = placeFeaturedImage(written, context);
  if (featured.missing !== undefined) increment(findings.notConverted, featured.missing);
  const content = featured.html + written;
  const blockEditor = hasBlocks(written);
  const pages = splitPages(content);

  let summary: string | undefined;
  const bodies = pages.map((page, index) => {
    let text = page;
    // get_the_content(): <!--more--> (or <!--more custom link text-->) counts on the first page only.
    const more = index === 0 ? /<!--more(.*?)?-->/.exec(text) : null;
    if (more !== null) {
      const teaser = text.slice(0, more.index).replace(/<!-- \/?wp:more(.*?) -->/g, '');
      summary = writePlainText(renderPageTree(teaser, blockEditor, context, createCollector()));
      // WordPress marks the spot with this anchor on the single-post view; old links to #more-ID keep working.
      text = `${text.slice(0, more.index)}<span id="more-${context.postId}"></span>${text.slice(more.index + more[0].length)}`;
      text = text.replace(/<!-- \/?wp:more(.*?) -->/g, '').replace('<!--noteaser-->', '');
    }
    return convertTreeToMarkdown(renderPageTree(text, blockEditor, context, findings));
  });

  const markdown = bodies
    .map((body, index) => (index === 0 ? body : `<div id="page-${index + 1}"></div>\n\n${body}`))
    .join('\n\n')
    .trim();
  return {
    markdown: markdown === '' ? '' : `${markdown}\n`,
    summary,
    pageCount: pages.length,
    featuredImage: featured.state,
    findings,
  };
}

/** Sets `rel="nofollow ugc"` on every link below `nodes` that leaves the site (comment text is user content). */
function markUserLinks(nodes: readonly (RootContent | ElementContent)[]): void {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    const element: Element = node;
    const href = element.properties['href'];
    if (element.tagName === 'a' && typeof href === 'string' && !href.startsWith('/')) {
      element.properties['rel'] = ['nofollow', 'ugc'];
    }
    markUserLinks(element.children);
  }
}

/**
 * Converts one comment's text (`comment_content`) into sanitised HTML as
 * WordPress's comment_text filters show it (wpautop), with the post's
 * sanitiser: no script, style, form, iframe or event handler survives, links
 * to the old blog are resolved, and links elsewhere get `rel="nofollow ugc"`.
 */
export function convertCommentContent(
  html: string,
  context: Pick<ConvertContext, 'resolveLink' | 'baseUrl' | 'blogHosts'>,
): { readonly html: string; readonly removed: Readonly<Record<string, number>> } {
  const removed: Record<string, number> = {};
  const tree = parseHtml(applyWpautop(html.replace(/\r\n?/g, '\n')));
  sanitizeTree(tree, {
    resolveLink: (href) => context.resolveLink(href),
    countRemoved: (kind) => increment(removed, kind),
    countEmbed: () => undefined,
    addUnresolvedLink: () => undefined,
    parseFragment: (fragment) => parseHtml(fragment).children as ElementContent[],
    baseUrl: context.baseUrl,
    blogHosts: context.blogHosts,
  });
  const clean = sanitizer.runSync(tree) as Root;
  markUserLinks(clean.children);
  return { html: toHtml(clean).trim(), removed };
}
