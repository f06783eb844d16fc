/**
 * The import's first stage: the whole export read once, every item planned
 * (address, slug, dates, terms) with only what planning needs kept in memory,
 * and every entry given its address on the new site. Any bad item or clashing
 * address fails here, naming each, before anything is converted or written.
 */
import { formatPostPath, findReservedPathClash } from '../../lib/urls.ts';
import type { WordPressAttachment } from './content.ts';
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
import { readWxrFile, type WxrChannel, type WxrItem } from './wxr.ts';

/** Where imported files go, relative to the project root. */
export const IMPORT_FOLDERS = {
  post: 'src/content/news/wordpress',
  page: 'src/content/pages/wordpress',
} as const;

/** A planned entry with its final address and file. */
export interface Placed extends PlannedEntry {
  readonly path: string;
  readonly file: string;
  readonly permalink: string | undefined;
  readonly derivedPath: string;
  readonly renamed: boolean;
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

/** The attachment facts a gallery needs, kept from the first pass. */
function toAttachment(item: WxrItem): WordPressAttachment {
  const alt = item.meta.find((entry) => entry.key === '_wp_attachment_image_alt')?.value ?? '';
  return {
    id: Number(item.id),
    url: item.attachmentUrl || item.guid,
    title: readPlainText(item.title),
    caption: readPlainText(item.excerpt),
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
  readonly channel: WxrChannel;
  readonly entries: PlannedEntry[];
  readonly attachments: Map<number, WordPressAttachment>;
  readonly attachmentPages: RedirectAttachment[];
  readonly skipped: Record<string, number>;
  readonly offsets: Record<string, number>;
  readonly usualOffset: number;
  readonly total: number;
}

/** The first pass: every item planned, attachments kept, problems gathered. */
export async function planExport(exportPath: string): Promise<ExportPlan> {
  const lite: WxrItem[] = [];
  const skippedTypes: string[] = [];
  const attachments = new Map<number, WordPressAttachment>();
  const attachmentPages: RedirectAttachment[] = [];
  const offsetMinutes: number[] = [];
  const channel = await readWxrFile(exportPath, (item) => {
    if (item.type === 'attachment') {
      attachments.set(Number(item.id), toAttachment(item));
      attachmentPages.push({
        id: Number(item.id),
        parentId: Number(item.parent) || 0,
        oldPath: readOldPath(item.link),
      });
    }
    const offset = readOffsetMinutes(item.postDate, item.postDateGmt);
    if (offset !== undefined && (item.type === 'post' || item.type === 'page'))
      offsetMinutes.push(offset);
    // Content is converted in the second pass: only what planning reads is kept, so memory stays small.
    if (item.type === 'post' || item.type === 'page' || item.type === '') {
      lite.push({ ...item, content: '', guid: '', meta: [], attachmentUrl: '', comments: [] });
    } else {
      skippedTypes.push(item.type === 'revision' ? 'revision' : item.type);
    }
  });
  const usual = findMostCommon(offsetMinutes);
  const offsets: Record<string, number> = {};
  for (const minutes of offsetMinutes)
    offsets[formatOffset(minutes)] = (offsets[formatOffset(minutes)] ?? 0) + 1;
  const entries: PlannedEntry[] = [];
  const skipped: Record<string, number> = {};
  const problems: string[] = [];
  for (const type of skippedTypes) {
    const planned = planItem({ ...EMPTY_ITEM, type }, channel.authors, usual);
    if ('skip' in planned && planned.skip !== 'attachment') {
      skipped[planned.skip] = (skipped[planned.skip] ?? 0) + 1;
    }
  }
  for (const item of lite) {
    try {
      const planned = planItem(item, channel.authors, usual);
      if ('skip' in planned) {
        if (planned.skip !== 'attachment') skipped[planned.skip] = (skipped[planned.skip] ?? 0) + 1;
      } else entries.push(planned);
    } catch (error) {
      if (!(error instanceof ImportItemError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) {
    throw new ImportError(
      `${exportPath}: nothing was imported.\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
  }
  return {
    channel,
    entries,
    attachments,
    attachmentPages,
    skipped,
    offsets,
    usualOffset: usual,
    total: lite.length,
  };
}

/** Addresses of every entry: the old one kept, collisions refused (drafts renamed as WordPress does). */
export function placeEntries(
  entries: readonly PlannedEntry[],
  timeZone: string,
  exportPath: string,
): Placed[] {
  const byId = new Map(entries.map((entry) => [entry.wordpressId, entry]));
  /** A page's address from its parents' slugs, for pages without a link path. */
  const pagePath = (entry: PlannedEntry, depth = 0): string => {
    const parent = byId.get(entry.parentId);
    const prefix =
      parent && parent.kind === 'page' && depth < 50 ? pagePath(parent, depth + 1) : '/';
    return `${prefix}${entry.slug}/`;
  };
  const taken = new Map<string, Placed>();
  const problems: string[] = [];
  const placed: Placed[] = [];
  // Built entries first, so a draft never takes an address a published post holds.
  const ordered = [...entries].sort(
    (a, b) => Number(a.status === 'draft') - Number(b.status === 'draft'),
  );
  for (const entry of ordered) {
    const folder = IMPORT_FOLDERS[entry.kind];
    const file = `${folder}/wp-${entry.wordpressId}.md`;
    let slug = entry.slug;
    let derivedPath =
      entry.kind === 'post' ? formatPostPath(entry.pubInstant, slug, timeZone) : pagePath(entry);
    let path =
      entry.status === 'draft' && entry.oldPath === undefined
        ? derivedPath
        : (entry.oldPath ?? derivedPath);
    let renamed = false;
    if (entry.status === 'draft' && entry.oldPath === undefined) {
      for (let n = 2; taken.has(path); n += 1) {
        slug = `${entry.slug}-${n}`;
        derivedPath =
          entry.kind === 'post'
            ? formatPostPath(entry.pubInstant, slug, timeZone)
            : pagePath({ ...entry, slug });
        path = derivedPath;
        renamed = true;
      }
    }
    const where = `item ${entry.wordpressId} "${entry.title}" (line ${entry.line})`;
    const clash = findReservedPathClash(path);
    if (clash) problems.push(`${where}: its address ${path} is taken on this site: ${clash}`);
    const other = taken.get(path);
    if (other) {
      problems.push(
        `item ${other.wordpressId} "${other.title}" (line ${other.line}) and ${where}: both have the address ${path}`,
      );
    }
    const placedEntry: Placed = {
      ...entry,
      slug,
      path,
      file,
      derivedPath,
      renamed,
      permalink: entry.kind === 'page' || path !== derivedPath ? path : undefined,
    };
    taken.set(path, placedEntry);
    placed.push(placedEntry);
  }
  if (problems.length > 0) {
    throw new ImportError(
      `${exportPath}: nothing was imported.\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
  }
  return placed.sort((a, b) => a.wordpressId - b.wordpressId);
}
