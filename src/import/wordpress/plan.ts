/**
 * The import's first stage: the whole export read once, every item planned
 * (address, slug, dates, terms) with only what planning needs kept in memory,
 * and every entry given its address on the new site. Any bad item or clashing
 * address fails here, naming each, before anything is converted or written.
 * Several files (WordPress.com splits a large blog into numbered files) are
 * planned as one export: one set of entries, attachments and terms.
 */
import { basename } from 'node:path';
import { formatPostPath, findReservedPathClash } from '../../lib/urls.ts';
import { formatCaptionHtml, type ReusableBlock, type WordPressAttachment } from './content.ts';
import { ImportError } from './import-error.ts';
import {
  formatOffset,
  ImportItemError,
  planItem,
  readOffsetMinutes,
  readOldPath,
  readPlainText,
  type PlannedEntry,
} from './items.ts';
import type { RedirectAttachment } from './redirects.ts';
import { readWxrFile, type WxrChannel, type WxrItem, type WxrReading } from './wxr.ts';

/** Where imported files go, relative to the project root. */
export const IMPORT_FOLDERS = {
  post: 'src/content/news/wordpress',
  page: 'src/content/pages/wordpress',
} as const;

/** A planned entry with the export file it came from ('' when the import reads one file). */
export interface FiledEntry extends PlannedEntry {
  readonly exportFile: string;
}

/** A planned entry with its final address and file. */
export interface Placed extends FiledEntry {
  readonly path: string;
  readonly file: string;
  readonly permalink: string | undefined;
  readonly derivedPath: string;
  readonly renamed: boolean;
  /** Why the entry is not where or as the export had it (an address the site keeps, no date), for the report. */
  readonly adjusted: string | undefined;
}

/** An item with nothing in it, for classifying the types the first pass only counts. */
const EMPTY_ITEM: WxrItem = {
  line: 0,
  title: '',
  link: '',
  creator: '',
  guid: '',
  content: '',
  excerpt: '',
  id: '',
  postDate: '',
  postDateGmt: '',
  modified: '',
  modifiedGmt: '',
  commentStatus: '',
  postName: '',
  status: '',
  parent: '',
  menuOrder: '',
  type: '',
  password: '',
  sticky: '',
  attachmentUrl: '',
  terms: [],
  meta: [],
  comments: [],
};

/** The host of an uploads URL (`…/wp-content/uploads/…`, `*.files.wordpress.com`), or undefined. */
function readUploadsHost(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const uploads =
      parsed.pathname.includes('/wp-content/uploads/') ||
      /\.files\.wordpress\.com$/i.test(parsed.hostname);
    return uploads && /^https?:$/.test(parsed.protocol) ? parsed.hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** The attachment facts a gallery needs, kept from the first pass. */
function toAttachment(item: WxrItem): WordPressAttachment {
  const alt = item.meta.find((entry) => entry.key === '_wp_attachment_image_alt')?.value ?? '';
  return {
    id: Number(item.id),
    url: item.attachmentUrl || item.guid,
    title: readPlainText(item.title),
    // HTML: a credit's link is kept, as WordPress showed it.
    caption: formatCaptionHtml(item.excerpt),
    alt,
    parentId: Number(item.parent) || 0,
  };
}

/** The most common value of a list (the old blog's usual UTC offset), or 0. */
function findMostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** What the first pass learned: every entry planned, the attachments, what was skipped. */
export interface ExportPlan {
  /** The first file's channel, with the authors and terms of every file. */
  readonly channel: WxrChannel;
  /** How each file was read (encoding, repairs), by path. */
  readonly readings: readonly { readonly file: string; readonly reading: WxrReading }[];
  readonly entries: FiledEntry[];
  readonly attachments: Map<number, WordPressAttachment>;
  /** Reusable blocks by ID, for `<!-- wp:block {"ref":N} /-->`. */
  readonly reusableBlocks: Map<number, ReusableBlock>;
  /**
   * Hosts the export's own attachments were uploaded to (their URLs and
   * guids): the blog's media there are its own, even on a domain it left.
   */
  readonly mediaHosts: ReadonlySet<string>;
  readonly attachmentPages: RedirectAttachment[];
  readonly skipped: Record<string, number>;
  /** WordPress IDs of posts and pages the export itself marks as trashed. */
  readonly trashedIds: ReadonlySet<number>;
  readonly offsets: Record<string, number>;
  readonly usualOffset: number;
  readonly total: number;
}

/** Merges the channels of several files of one blog: the first one's facts, every file's authors and terms. */
function mergeChannels(channels: readonly { file: string; channel: WxrChannel }[]): WxrChannel {
  const [first, ...rest] = channels;
  if (first === undefined) throw new ImportError('no export file was given');
  const readBlogKey = (channel: WxrChannel) =>
    (channel.link || channel.baseBlogUrl)
      .replace(/^https?:\/\/(?:www\.)?/i, '')
      .replace(/\/+$/, '');
  const others = rest.filter(({ channel }) => readBlogKey(channel) !== readBlogKey(first.channel));
  if (others.length > 0) {
    throw new ImportError(
      `nothing was imported: these exports are of different blogs: ${[first, ...others].map(({ file, channel }) => `${file} (${channel.link || channel.baseBlogUrl || 'no address'})`).join(', ')}`,
    );
  }
  const authors = new Map(first.channel.authors);
  const authorIds = new Map(first.channel.authorIds);
  const terms = new Map(first.channel.terms.map((term) => [`${term.domain} ${term.id}`, term]));
  for (const { channel } of rest) {
    for (const [login, name] of channel.authors) if (!authors.has(login)) authors.set(login, name);
    for (const [login, id] of channel.authorIds)
      if (!authorIds.has(login)) authorIds.set(login, id);
    for (const term of channel.terms) {
      if (!terms.has(`${term.domain} ${term.id}`)) terms.set(`${term.domain} ${term.id}`, term);
    }
  }
  return { ...first.channel, authors, authorIds, terms: [...terms.values()] };
}

/**
 * The first pass over every file, in order: every item planned, attachments
 * and reusable blocks kept, problems gathered.
 */
export async function planExport(exportPaths: readonly string[]): Promise<ExportPlan> {
  const lite: (WxrItem & { readonly exportFile: string })[] = [];
  const skippedTypes: string[] = [];
  const attachments = new Map<number, WordPressAttachment>();
  const attachmentPages: RedirectAttachment[] = [];
  const reusableBlocks = new Map<number, ReusableBlock>();
  const mediaHosts = new Set<string>();
  const offsetMinutes: number[] = [];
  const channels: { file: string; channel: WxrChannel }[] = [];
  const several = exportPaths.length > 1;
  for (const exportPath of exportPaths) {
    const exportFile = several ? basename(exportPath) : '';
    const channel = await readWxrFile(exportPath, (item) => {
      if (item.type === 'attachment') {
        attachments.set(Number(item.id), toAttachment(item));
        attachmentPages.push({
          id: Number(item.id),
          parentId: Number(item.parent) || 0,
          oldPath: readOldPath(item.link),
        });
        for (const url of [item.attachmentUrl, item.guid]) {
          const host = readUploadsHost(url.trim());
          if (host !== undefined) mediaHosts.add(host);
        }
      }
      if (item.type === 'wp_block') {
        reusableBlocks.set(Number(item.id), {
          content: item.content,
          shown: item.status.trim() === 'publish' && item.password.trim() === '',
        });
      }
      const offset = readOffsetMinutes(item.postDate, item.postDateGmt);
      if (offset !== undefined && (item.type === 'post' || item.type === 'page'))
        offsetMinutes.push(offset);
      // Content is converted in the second pass: only what planning reads is kept, so memory stays small.
      if (item.type === 'post' || item.type === 'page' || item.type === '') {
        lite.push({
          ...item,
          content: '',
          guid: '',
          meta: item.meta.filter((entry) => entry.key === '_thumbnail_id'),
          attachmentUrl: '',
          comments: [],
          exportFile,
        });
      } else {
        skippedTypes.push(item.type === 'revision' ? 'revision' : item.type);
      }
    });
    channels.push({ file: exportPath, channel });
  }
  const channel = mergeChannels(channels);
  const usual = findMostCommon(offsetMinutes);
  const offsets: Record<string, number> = {};
  for (const minutes of offsetMinutes)
    offsets[formatOffset(minutes)] = (offsets[formatOffset(minutes)] ?? 0) + 1;
  const entries: FiledEntry[] = [];
  const skipped: Record<string, number> = {};
  const problems: string[] = [];
  for (const type of skippedTypes) {
    const planned = planItem({ ...EMPTY_ITEM, type }, channel.authors, usual);
    if ('skip' in planned && planned.skip !== 'attachment') {
      skipped[planned.skip] = (skipped[planned.skip] ?? 0) + 1;
    }
  }
  const seen = new Map<number, string>();
  const trashedIds = new Set<number>();
  for (const item of lite) {
    const where = item.exportFile === '' ? '' : `${item.exportFile}: `;
    try {
      const planned = planItem(item, channel.authors, usual);
      if ('skip' in planned) {
        if (planned.skip !== 'attachment') skipped[planned.skip] = (skipped[planned.skip] ?? 0) + 1;
        if (planned.skip === 'trash' && /^\d+$/.test(item.id.trim())) {
          trashedIds.add(Number(item.id));
        }
        continue;
      }
      const other = seen.get(planned.wordpressId);
      if (other !== undefined) {
        problems.push(
          `${where}item ${planned.wordpressId} "${planned.title}" (line ${planned.line}) is also in ${other}: give each file once`,
        );
        continue;
      }
      seen.set(planned.wordpressId, item.exportFile || 'the export');
      entries.push({ ...planned, exportFile: item.exportFile });
    } catch (error) {
      if (!(error instanceof ImportItemError)) throw error;
      problems.push(`${where}${error.message}`);
    }
  }
  if (problems.length > 0) {
    throw new ImportError(
      `${exportPaths.join(', ')}: nothing was imported.\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
  }
  return {
    channel,
    readings: channels.map(({ file, channel: read }) => ({ file, reading: read.reading })),
    entries,
    attachments,
    attachmentPages,
    reusableBlocks,
    mediaHosts,
    skipped,
    trashedIds,
    offsets,
    usualOffset: usual,
    total: lite.length,
  };
}

/** Names an entry in messages: ID, title, and where in which file. */
function describeEntry(entry: FiledEntry): string {
  const file = entry.exportFile === '' ? '' : `${entry.exportFile}, `;
  return `item ${entry.wordpressId} "${entry.title}" (${file}line ${entry.line})`;
}

/**
 * Addresses of every entry: the old one kept, collisions refused (drafts
 * renamed as WordPress does). An entry whose address this site keeps for its
 * own pages (an "Archives" page at `/archives/`) becomes a draft at a renamed
 * address, and the report says so.
 */
export function placeEntries(
  entries: readonly FiledEntry[],
  timeZone: string,
  exportPaths: readonly string[],
): Placed[] {
  const byId = new Map(entries.map((entry) => [entry.wordpressId, entry]));
  /** A page's address from its parents' slugs, for pages without a link path. */
  const pagePath = (entry: PlannedEntry, depth = 0): string => {
    const parent = byId.get(entry.parentId);
    const prefix =
      parent && parent.kind === 'page' && depth < 50 ? pagePath(parent, depth + 1) : '/';
    return `${prefix}${entry.slug}/`;
  };
  /** The address an entry asks for: its old one, or the one its date and slug (a page's parents) give. */
  const ownPath = (entry: FiledEntry): string =>
    entry.oldPath ??
    (entry.kind === 'post'
      ? formatPostPath(entry.pubInstant, entry.slug, timeZone)
      : pagePath(entry));
  // Every entry's own address, known before any is placed: an address the
  // importer invents (`/archives-2/`, `slug-2`) must not be one a later entry has.
  const claimed = new Set(entries.map(ownPath));
  const taken = new Map<string, Placed>();
  const problems: string[] = [];
  const placed: Placed[] = [];
  // Built entries first, then drafts that keep their old address (private and
  // password-protected items), then drafts that may be renamed: a draft never
  // takes an address a published post holds, and a renameable one never takes
  // the address a private page keeps (WordPress gives drafts no unique slug).
  const placingOrder = (entry: FiledEntry): number =>
    entry.status !== 'draft' ? 0 : entry.oldPath !== undefined ? 1 : 2;
  const ordered = [...entries].sort((a, b) => placingOrder(a) - placingOrder(b));
  for (const entry of ordered) {
    const folder = IMPORT_FOLDERS[entry.kind];
    const file = `${folder}/wp-${entry.wordpressId}.md`;
    let slug = entry.slug;
    let derivedPath =
      entry.kind === 'post' ? formatPostPath(entry.pubInstant, slug, timeZone) : pagePath(entry);
    let path = ownPath(entry);
    let renamed = false;
    let status = entry.status;
    let adjusted = entry.datedByModified
      ? 'WordPress never dated this draft: dated by its last change'
      : undefined;
    const clash = findReservedPathClash(path);
    if (clash) {
      // The site's own page stays; the entry moves aside, unpublished, as `/archives-2/`.
      const [, first = '', ...rest] = path.split('/');
      let moved = path;
      for (let n = 2; findReservedPathClash(moved) || claimed.has(moved); n += 1)
        moved = ['', `${first}-${n}`, ...rest].join('/');
      claimed.add(moved);
      adjusted = `its address ${path} is taken on this site (${clash}): imported as a draft at ${moved}`;
      path = moved;
      status = 'draft';
    }
    if (status === 'draft' && entry.oldPath === undefined) {
      for (let n = 2; taken.has(path) || (renamed && claimed.has(path)); n += 1) {
        slug = `${entry.slug}-${n}`;
        derivedPath =
          entry.kind === 'post'
            ? formatPostPath(entry.pubInstant, slug, timeZone)
            : pagePath({ ...entry, slug });
        path = derivedPath;
        renamed = true;
      }
      if (renamed) claimed.add(path);
    }
    const other = taken.get(path);
    if (other) {
      problems.push(
        `${describeEntry(other)} and ${describeEntry(entry)}: both have the address ${path}`,
      );
    }
    const placedEntry: Placed = {
      ...entry,
      status,
      slug,
      path,
      file,
      derivedPath,
      renamed,
      adjusted,
      permalink: entry.kind === 'page' || path !== derivedPath ? path : undefined,
    };
    taken.set(path, placedEntry);
    placed.push(placedEntry);
  }
  if (problems.length > 0) {
    throw new ImportError(
      `${exportPaths.join(', ')}: nothing was imported.\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
  }
  return placed.sort((a, b) => a.wordpressId - b.wordpressId);
}
