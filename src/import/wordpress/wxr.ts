/**
 * Streaming reader of WordPress export files (WXR 1.0, 1.1 and 1.2, from
 * WordPress.com or a self-hosted WordPress): saxes parses the XML as it is read,
 * and each `<item>` is handed over as soon as it closes, so memory stays flat
 * however large the export. Text and CDATA of an element are joined in order,
 * so a `]]>` split across two CDATA sections and mixed text/CDATA read as
 * WordPress's own importer reads them. The bytes are decoded by the
 * encoding the file declares (wxr-encoding.ts), and the flaws WordPress writes
 * into exports are repaired, and counted, before the parser sees them
 * (wxr-repair.ts).
 */
import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { SNIFF_BYTES, sniffEncoding, UnknownEncodingError } from './wxr-encoding.ts';
import { createWxrRepairer, type WxrRepair } from './wxr-repair.ts';

/** The WXR versions this reader knows. */
export const WXR_VERSIONS = ['1.0', '1.1', '1.2'] as const;

/** Namespace URIs by role; WXR's own carries its version. */
const WP_NAMESPACE = /^http:\/\/wordpress\.org\/export\/(\d+\.\d+)\/$/;
const EXCERPT_NAMESPACE = /^http:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/$/;
const CONTENT_NAMESPACE = 'http://purl.org/rss/1.0/modules/content/';
const DC_NAMESPACE = 'http://purl.org/dc/elements/1.1/';

/** A category or tag on an item (`<category domain="post_tag" nicename="…">Name</category>`). */
export interface WxrTerm {
  readonly domain: string;
  readonly slug: string;
  readonly name: string;
}

/**
 * One `<wp:comment>` of an item. The author's e-mail and IP address are in
 * the export but never read: they must not reach the project.
 */
export interface WxrComment {
  readonly id: string;
  readonly parent: string;
  readonly author: string;
  readonly authorUrl: string;
  /** Local date-time, `2012-05-21 09:30:00`. */
  readonly date: string;
  readonly dateGmt: string;
  readonly content: string;
  /** `1` approved, `0` awaiting moderation, `spam`, `trash`. */
  readonly approved: string;
  /** `` or `comment`, `pingback`, `trackback`. */
  readonly type: string;
}

/** The comment fields read; everything else (author_email, author_IP, user agent) is skipped. */
const COMMENT_FIELDS: Record<string, keyof WxrComment> = {
  comment_id: 'id',
  comment_parent: 'parent',
  comment_author: 'author',
  comment_author_url: 'authorUrl',
  comment_date: 'date',
  comment_date_gmt: 'dateGmt',
  comment_content: 'content',
  comment_approved: 'approved',
  comment_type: 'type',
};

/** One `<item>`: a post, page, attachment, menu item … as the export has it (text, not yet interpreted). */
export interface WxrItem {
  /** Line of the `<item>` in the file, for error messages. */
  readonly line: number;
  readonly title: string;
  readonly link: string;
  readonly creator: string;
  readonly guid: string;
  readonly content: string;
  readonly excerpt: string;
  readonly id: string;
  readonly postDate: string;
  readonly postDateGmt: string;
  readonly modified: string;
  readonly modifiedGmt: string;
  readonly commentStatus: string;
  readonly postName: string;
  readonly status: string;
  readonly parent: string;
  readonly menuOrder: string;
  readonly type: string;
  readonly password: string;
  readonly sticky: string;
  readonly attachmentUrl: string;
  readonly terms: readonly WxrTerm[];
  readonly meta: readonly { readonly key: string; readonly value: string }[];
  /** Its comments, pingbacks and trackbacks, in export order. */
  readonly comments: readonly WxrComment[];
}

/** The channel: the old blog's own facts. */
export interface WxrChannel {
  readonly title: string;
  readonly link: string;
  readonly description: string;
  readonly generator: string;
  /** `wp:wxr_version`. */
  readonly version: string;
  readonly baseSiteUrl: string;
  readonly baseBlogUrl: string;
  /** Author login → display name. */
  readonly authors: ReadonlyMap<string, string>;
  /** Author login → WordPress user ID (`wp:author_id`), where the export gives one. */
  readonly authorIds: ReadonlyMap<string, number>;
  /** The channel's categories and tags (`<wp:category>`, `<wp:tag>`), with their term IDs. */
  readonly terms: readonly WxrChannelTerm[];
  /** How the file was read: the decoder's encoding, the one declared, and the flaws repaired. */
  readonly reading: WxrReading;
}

/** How a file was read. */
export interface WxrReading {
  /** The encoding decoded with (`utf-8`, `windows-1252` …). */
  readonly encoding: string;
  /** The XML declaration's label, as written, when it has one. */
  readonly declaredEncoding: string | undefined;
  /** Flaws repaired before parsing, by kind (src/import/wordpress/wxr-repair.ts). */
  readonly repairs: readonly WxrRepair[];
}

/** A category or tag the channel lists, with the ID `/?cat=ID` used. */
export interface WxrChannelTerm {
  readonly domain: 'category' | 'post_tag';
  readonly id: number;
  /** As WordPress stored it (percent-encoded for non-ASCII slugs). */
  readonly slug: string;
  readonly name: string;
  /** A category's parent's slug (`wp:category_parent`), or '' for a top-level one. */
  readonly parent: string;
}

/** An export the reader cannot read, with where. */
export class WxrError extends Error {
  override name = 'WxrError';
}

type Fields = Record<string, string>;

/** Names of item children read as text, by namespace role. */
const ITEM_TEXT: Record<string, keyof WxrItem> = {
  'rss:title': 'title',
  'rss:link': 'link',
  'rss:guid': 'guid',
  'dc:creator': 'creator',
  'content:encoded': 'content',
  'excerpt:encoded': 'excerpt',
  'wp:post_id': 'id',
  'wp:post_date': 'postDate',
  'wp:post_date_gmt': 'postDateGmt',
  'wp:post_modified': 'modified',
  'wp:post_modified_gmt': 'modifiedGmt',
  'wp:comment_status': 'commentStatus',
  'wp:post_name': 'postName',
  'wp:status': 'status',
  'wp:post_parent': 'parent',
  'wp:menu_order': 'menuOrder',
  'wp:post_type': 'type',
  'wp:post_password': 'password',
  'wp:is_sticky': 'sticky',
  'wp:attachment_url': 'attachmentUrl',
};

/** The role of an element's namespace: `wp`, `excerpt`, `content`, `dc`, `rss` (none) or `other`. */
function readRole(uri: string): string {
  if (uri === '') return 'rss';
  if (WP_NAMESPACE.test(uri)) return 'wp';
  if (EXCERPT_NAMESPACE.test(uri)) return 'excerpt';
  if (uri === CONTENT_NAMESPACE) return 'content';
  if (uri === DC_NAMESPACE) return 'dc';
  return 'other';
}

/** Calls for each item as the file is read; returns the channel when the file is done. */
export type ItemHandler = (item: WxrItem) => void;

/**
 * Reads an export file, calling `onItem` for every `<item>` in file order, and
 * returns the channel. Throws a WxrError naming the file and line when the file
 * is not XML, not a WXR, of an unknown WXR version, or cut short.
 */
export async function readWxrFile(path: string, onItem: ItemHandler): Promise<WxrChannel> {
  const parser = new SaxesParser({ xmlns: true, fileName: path });
  const stack: { role: string; local: string; name: string; text: string }[] = [];
  const channel: Fields = {};
  const authors = new Map<string, string>();
  const authorIds = new Map<string, number>();
  const channelTerms: WxrChannelTerm[] = [];
  let author: Fields | undefined;
  let channelTerm: Fields | undefined;
  let item: { line: number; fields: Fields } | undefined;
  let terms: WxrTerm[] = [];
  let meta: { key: string; value: string }[] = [];
  let metaEntry: Fields | undefined;
  let comments: WxrComment[] = [];
  let comment: Partial<Record<keyof WxrComment, string>> | undefined;
  let pendingTerm: { domain: string; slug: string } | undefined;
  let rootSeen = false;
  let commentDepth = 0;
  let failure: { error: Error; atEnd: boolean } | undefined;
  let closing = false;
  /** The last line read, for a file cut short (closing the parser resets its position). */
  let lastLine = 1;
  /** The start of the decoded text, to tell what was printed before the declaration. */
  let opening = '';
  /** The end of the text read, to tell a file cut short from one that never closes something. */
  let ending = '';

  parser.on('opentag', (tag: SaxesTagNS) => {
    const role = readRole(tag.uri);
    const parent = stack.at(-1);
    if (!rootSeen) {
      rootSeen = true;
      if (tag.local !== 'rss' || role !== 'rss') {
        throw new WxrError(
          `${path}: not a WordPress export: the document is <${tag.name}>, not an RSS <rss> with a WXR channel`,
        );
      }
    }
    stack.push({ role, local: tag.local, name: tag.name, text: '' });
    if (role === 'rss' && tag.local === 'item' && parent?.local === 'channel') {
      item = { line: parser.line, fields: {} };
      terms = [];
      meta = [];
      comments = [];
    } else if (item && role === 'wp' && tag.local === 'comment') {
      commentDepth += 1;
      if (commentDepth === 1) comment = {};
    } else if (item && role === 'wp' && tag.local === 'postmeta') {
      metaEntry = {};
    } else if (item && role === 'rss' && tag.local === 'category' && commentDepth === 0) {
      const attribute = (name: string) => tag.attributes[name]?.value ?? '';
      pendingTerm = { domain: attribute('domain'), slug: attribute('nicename') };
    } else if (!item && role === 'wp' && tag.local === 'author') {
      author = {};
    } else if (!item && role === 'wp' && (tag.local === 'category' || tag.local === 'tag')) {
      channelTerm = {};
    }
  });

  const append = (text: string) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  };
  parser.on('text', append);
  parser.on('cdata', append);

  parser.on('closetag', () => {
    const top = stack.pop();
    if (!top) return;
    const key = `${top.role}:${top.local}`;
    const parent = stack.at(-1);
    if (item) {
      if (key === 'rss:item') {
        onItem({
          ...(Object.fromEntries(
            Object.values(ITEM_TEXT).map((field) => [field, item?.fields[field] ?? '']),
          ) as Omit<WxrItem, 'line' | 'terms' | 'meta' | 'comments'>),
          line: item.line,
          terms,
          meta,
          comments,
        });
        item = undefined;
      } else if (key === 'wp:comment') {
        commentDepth -= 1;
        if (commentDepth === 0 && comment) {
          const read = comment;
          comments.push(
            Object.fromEntries(
              Object.values(COMMENT_FIELDS).map((field) => [field, read[field] ?? '']),
            ) as unknown as WxrComment,
          );
          comment = undefined;
        }
      } else if (commentDepth > 0) {
        // Only the fields the archive shows; comment meta and e-mail/IP are dropped here.
        const field = COMMENT_FIELDS[top.local];
        if (comment && top.role === 'wp' && field && parent?.local === 'comment')
          comment[field] = top.text;
      } else if (key === 'wp:postmeta' && metaEntry) {
        meta.push({ key: metaEntry['meta_key'] ?? '', value: metaEntry['meta_value'] ?? '' });
        metaEntry = undefined;
      } else if (metaEntry && top.role === 'wp') {
        metaEntry[top.local] = top.text;
      } else if (key === 'rss:category' && pendingTerm) {
        terms.push({ ...pendingTerm, name: top.text.trim() });
        pendingTerm = undefined;
      } else if (parent?.local === 'item' && ITEM_TEXT[key]) {
        item.fields[ITEM_TEXT[key]] = top.text;
      }
      return;
    }
    if (author) {
      if (key === 'wp:author') {
        if (author['author_login']) {
          authors.set(
            author['author_login'],
            author['author_display_name'] || author['author_login'],
          );
          const id = Number(author['author_id']);
          if (Number.isInteger(id) && id > 0) authorIds.set(author['author_login'], id);
        }
        author = undefined;
      } else if (top.role === 'wp') {
        author[top.local] = top.text.trim();
      }
      return;
    }
    if (channelTerm) {
      if (key === 'wp:category' || key === 'wp:tag') {
        const isCategory = key === 'wp:category';
        const id = Number(channelTerm['term_id']);
        const slug = channelTerm[isCategory ? 'category_nicename' : 'tag_slug'] ?? '';
        if (Number.isInteger(id) && id > 0 && slug !== '') {
          channelTerms.push({
            domain: isCategory ? 'category' : 'post_tag',
            id,
            slug,
            name: channelTerm[isCategory ? 'cat_name' : 'tag_name'] ?? slug,
            parent: isCategory ? (channelTerm['category_parent'] ?? '') : '',
          });
        }
        channelTerm = undefined;
      } else if (top.role === 'wp') {
        channelTerm[top.local] = top.text.trim();
      }
      return;
    }
    if (parent?.local === 'channel') {
      if (top.role === 'rss') channel[top.local] = top.text.trim();
      else if (top.role === 'wp') channel[`wp:${top.local}`] = top.text.trim();
    }
  });

  parser.on('error', (error) => {
    failure ??= { error, atEnd: closing };
  });

  const fail = (error: unknown, atEnd: boolean): never => {
    if (error instanceof WxrError) throw error;
    // saxes names the place as "file:line:column: …"; say it as a person would.
    const raw = (error as Error).message;
    const place = raw.startsWith(`${path}:`) ? raw.slice(path.length + 1) : raw;
    const message = place.replace(/^(\d+):(\d+): /, 'line $1, column $2: ');
    if (!rootSeen && atEnd) throw new WxrError(`${path}: the file is empty`, { cause: error });
    // Cut short only when everything written parsed and the file then ended inside the document.
    if (atEnd) {
      const open = stack.at(-1)?.name;
      const inside =
        item && open === 'item'
          ? ` inside the item that starts on line ${item.line}`
          : `${open ? ` inside <${open}>` : ''}${item ? ` of the item that starts on line ${item.line}` : ''}`;
      // A file that ends as exports end was not cut: something in it never closes.
      if (/<\/rss>\s*$/.test(ending)) {
        throw new WxrError(
          `${path}: not well-formed XML: the file ends with </rss>, yet it ends${inside}: something there is never closed (a CDATA section or comment without its end?). Exporting again gives the same file: correct that place in a text editor and import again.`,
          { cause: error },
        );
      }
      throw new WxrError(
        `${path}: the export is cut short: the file ends on line ${lastLine}${inside}. An interrupted download, or an export that ran out of time or memory on the server, does this: export it again`,
        { cause: error },
      );
    }
    // A PHP notice or a plugin's output printed into the download lands before `<?xml`.
    const printedBefore = /^\s*[^\s<][\s\S]*?<\?xml\s/.test(opening);
    const hint =
      /XML declaration must be at the start/.test(message) || printedBefore
        ? " Something was printed before `<?xml` (a PHP notice or a plugin's output): delete everything before `<?xml` and import again."
        : !rootSeen
          ? ' This is not a WordPress export (one starts with `<?xml` or `<rss`): check the file given.'
          : ' Exporting again gives the same file: correct that place in a text editor and import again.';
    throw new WxrError(`${path}: not well-formed XML: ${message}${hint}`, { cause: error });
  };

  const repairer = createWxrRepairer();
  const feed = (text: string) => {
    if (text !== '') parser.write(text);
    if (text !== '') ending = (ending + text.slice(-64)).slice(-64);
    if (failure) fail(failure.error, failure.atEnd);
  };
  let reading: Omit<WxrReading, 'repairs'> | undefined;
  try {
    let decoder: TextDecoder | undefined;
    const head: Buffer[] = [];
    let headBytes = 0;
    const start = () => {
      const sniffed = sniffEncoding(Buffer.concat(head));
      reading = { encoding: sniffed.encoding, declaredEncoding: sniffed.declared };
      decoder = new TextDecoder(sniffed.encoding);
      const bytes = Buffer.concat(head);
      head.length = 0;
      const text = decoder.decode(bytes, { stream: true });
      opening = text.slice(0, SNIFF_BYTES);
      return text;
    };
    for await (const chunk of createReadStream(path)) {
      const bytes = chunk as Buffer;
      if (decoder) {
        feed(repairer.push(decoder.decode(bytes, { stream: true })));
        continue;
      }
      // The encoding is read from the first kilobyte: wait for it, however the stream is chunked.
      head.push(bytes);
      headBytes += bytes.length;
      if (headBytes >= SNIFF_BYTES) feed(repairer.push(start()));
    }
    if (!decoder) feed(repairer.push(start()));
    feed(repairer.push(decoder?.decode() ?? ''));
    feed(repairer.end());
    lastLine = parser.line;
    closing = true;
    parser.close();
    if (failure) fail(failure.error, failure.atEnd);
  } catch (error) {
    if (error instanceof UnknownEncodingError) {
      throw new WxrError(`${path}: ${error.message}`, { cause: error });
    }
    // The file system's own failure (no such file, a folder, no permission) is no XML fault.
    if (typeof (error as NodeJS.ErrnoException).code === 'string') {
      throw new WxrError(`${path}: cannot be read: ${(error as Error).message}`, { cause: error });
    }
    fail(error, closing);
  }
  if (!rootSeen) throw new WxrError(`${path}: the file is empty`);
  const version = channel['wp:wxr_version'] ?? '';
  if (version === '') {
    throw new WxrError(
      `${path}: not a WordPress export: the channel has no <wp:wxr_version> (export it from Tools › Export)`,
    );
  }
  if (!(WXR_VERSIONS as readonly string[]).includes(version)) {
    throw new WxrError(
      `${path}: WXR version ${version} is not one this importer knows (${WXR_VERSIONS.join(', ')})`,
    );
  }
  return {
    title: channel['title'] ?? '',
    link: channel['link'] ?? '',
    description: channel['description'] ?? '',
    generator: channel['generator'] ?? '',
    version,
    baseSiteUrl: channel['wp:base_site_url'] ?? '',
    baseBlogUrl: channel['wp:base_blog_url'] ?? '',
    authors,
    authorIds,
    terms: channelTerms,
    reading: {
      encoding: reading?.encoding ?? 'utf-8',
      declaredEncoding: reading?.declaredEncoding,
      repairs: repairer.listRepairs(),
    },
  };
}
