/**
 * `npm run import:wordpress`: a whole WordPress export into src/content/, in
 * two streaming passes. The first plans every item (addresses, slugs, dates,
 * terms) and fails, naming each bad item, before anything is written; the
 * second converts content item by item into a staging folder. Only when every
 * entry converted are the files moved into place, respecting files edited by
 * hand since the last import (a manifest of content hashes), and the report written.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { stringify } from 'yaml';
import { formatPostPath, findReservedPathClash } from '../../lib/urls.ts';
import {
  isSitePath,
  type QueryRedirectRule,
  type RedirectRule,
} from '../../redirects/redirect-table.ts';
import { planComments } from './comments.ts';
import {
  collectMedia,
  findMediaUrls,
  readMediaReference,
  rewriteMediaUrls,
  type MediaOptions,
} from './media.ts';
import { convertCommentContent, convertPostContent, type WordPressAttachment } from './content.ts';
import {
  formatOffset,
  ImportItemError,
  planItem,
  readOffsetMinutes,
  readOldPath,
  readPlainText,
  type PlannedEntry,
} from './items.ts';
import { resolveLink, type LinkTable } from './links.ts';
import { planWordPressRedirects, type RedirectAttachment } from './redirects.ts';
import { type ImportReport, type ReportedEntry } from './report.ts';
import { readWxrFile, type WxrChannel, type WxrItem } from './wxr.ts';

/** Where imported files go, relative to the project root. */
export const IMPORT_FOLDERS = {
  post: 'src/content/news/wordpress',
  page: 'src/content/pages/wordpress',
} as const;

/** The manifest of what the import wrote (path → SHA-256), to spot hand edits. */
export const MANIFEST_PATH = 'src/content/wordpress-import.json';

/** The generated redirect table (old WordPress addresses that are no page here). */
export const REDIRECTS_PATH = 'src/data/wordpress-redirects.ts';

/** Where the report goes unless `--out-report` says otherwise. */
export const DEFAULT_REPORT_PATH = 'src/content/wordpress-import-report.md';

/** What a run needs. */
export interface ImportOptions {
  readonly exportPath: string;
  readonly projectRoot: string;
  /** Time zone of the site's permalinks (`site.timeZone`). */
  readonly timeZone: string;
  readonly dryRun?: boolean;
  /** Overwrite files edited by hand since the last import. */
  readonly force?: boolean;
  /** Copy the old blog's media into the project (left out: media stay where they are). */
  readonly media?: MediaOptions | undefined;
  /** Called now and then on long imports. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** An import that stopped before writing anything, with every problem found. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** A planned entry with its final address and file. */
interface Placed extends PlannedEntry {
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

/** The first pass: every item planned, attachments kept, problems gathered. */
async function planExport(options: ImportOptions): Promise<{
  channel: WxrChannel;
  entries: PlannedEntry[];
  attachments: Map<number, WordPressAttachment>;
  attachmentPages: RedirectAttachment[];
  skipped: Record<string, number>;
  offsets: Record<string, number>;
  usualOffset: number;
  total: number;
}> {
  const lite: WxrItem[] = [];
  const skippedTypes: string[] = [];
  const attachments = new Map<number, WordPressAttachment>();
  const attachmentPages: RedirectAttachment[] = [];
  const offsetMinutes: number[] = [];
  const channel = await readWxrFile(options.exportPath, (item) => {
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
      `${options.exportPath}: nothing was imported.\n${problems.map((p) => `- ${p}`).join('\n')}`,
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
function placeEntries(
  entries: readonly PlannedEntry[],
  options: ImportOptions,
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
      entry.kind === 'post'
        ? formatPostPath(entry.pubInstant, slug, options.timeZone)
        : pagePath(entry);
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
            ? formatPostPath(entry.pubInstant, slug, options.timeZone)
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

/** A post's categories as written: WordPress files a post without one under "Uncategorized". */
function listCategories(entry: PlannedEntry): PlannedEntry['categories'] {
  return entry.categories.length > 0 ? entry.categories : ['Uncategorized'];
}

/** The frontmatter of an entry, in a stable field order. */
function formatFrontmatter(
  entry: Placed,
  description: string | undefined,
  pageCount: number,
): string {
  const fields: Record<string, unknown> = { title: entry.title, pubDate: entry.pubDate };
  if (entry.updatedDate) fields['updatedDate'] = entry.updatedDate;
  if (entry.kind === 'post') {
    fields['categories'] = listCategories(entry);
    if (entry.tags.length > 0) fields['tags'] = entry.tags;
  }
  if (entry.author) fields['author'] = entry.author;
  if (description) fields['description'] = description;
  if (entry.status === 'draft') fields['draft'] = true;
  if (entry.kind === 'post') {
    if (entry.sticky) fields['sticky'] = true;
    fields['slug'] = entry.slug;
  }
  if (entry.permalink) fields['permalink'] = entry.permalink;
  if (pageCount > 1) fields['pageCount'] = pageCount;
  fields['wordpressId'] = entry.wordpressId;
  return `---\n${stringify(fields, { lineWidth: 0 })}---\n`;
}

/** The generated redirects module (with no rules, the one the project starts with). */
export function renderRedirectsModule(
  rules: readonly RedirectRule[],
  queries: readonly QueryRedirectRule[] = [],
): string {
  return [
    '/**',
    ' * Old addresses of a WordPress blog moved in with `npm run import:wordpress` that',
    " * are no page here, and where each now leads (a post's later `<!--nextpage-->`",
    ' * pages go to their `#page-N` anchor, attachment pages to the image in the post,',
    ' * day archives to the month, feed variants to the feed). Written by the importer',
    ' * (src/import/wordpress/redirects.ts), read with the rest of the redirect table',
    " * (src/redirects/site-redirects.ts) by the build's link check, the `_redirects`",
    ' * file and the nginx generator. Generated: edit the export and import again.',
    ' */',
    "import type { QueryRedirectRule, RedirectRule } from '../redirects/redirect-table.ts';",
    '',
    '/** Every generated WordPress redirect by path. */',
    `export const wordpressRedirects: readonly RedirectRule[] = ${JSON.stringify(rules, null, 2)};`,
    '',
    '/** Every generated WordPress redirect by query argument on `/` (`/?p=123`). */',
    `export const wordpressQueryRedirects: readonly QueryRedirectRule[] = ${JSON.stringify(queries, null, 2)};`,
    '',
  ].join('\n');
}

/** SHA-256 of a text, hex. */
function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The manifest of the last import, or an empty one. */
function readManifest(projectRoot: string): Record<string, string> {
  const path = join(projectRoot, MANIFEST_PATH);
  if (!existsSync(path)) return {};
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, string> }).files;
  } catch (error) {
    throw new ImportError(
      `${MANIFEST_PATH} is not the manifest this importer writes; move it away and import again`,
      {
        cause: error,
      },
    );
  }
}

/** Every file below a folder, relative to `root`. */
function listFiles(folder: string, root: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(join(folder, entry.name), root)
      : [relative(root, join(folder, entry.name))],
  );
}

/** Imports an export; see the module comment. Returns the report (also for a dry run). */
export async function importWordPress(options: ImportOptions): Promise<ImportReport> {
  const plan = await planExport(options);
  const placed = placeEntries(plan.entries, options, options.exportPath);
  const built = placed.filter((entry) => entry.status !== 'draft');
  // Scheduled posts are not built yet: nothing may redirect to them.
  const published = built.filter((entry) => entry.status === 'published');
  const hosts = new Set(
    [plan.channel.link, plan.channel.baseSiteUrl, plan.channel.baseBlogUrl]
      .flatMap((url) => {
        try {
          return [new URL(url).hostname.toLowerCase()];
        } catch {
          return [];
        }
      })
      .flatMap((host) => [host, host.startsWith('www.') ? host.slice(4) : `www.${host}`]),
  );
  const table: LinkTable = {
    hosts,
    byOldPath: new Map(
      built.flatMap((entry) => (entry.oldPath ? [[entry.oldPath, entry.path] as const] : [])),
    ),
    byId: new Map(built.map((entry) => [entry.wordpressId, entry.path])),
  };
  const base = plan.channel.link || plan.channel.baseBlogUrl || 'http://example.invalid/';
  const byId = new Map(placed.map((entry) => [entry.wordpressId, entry]));

  const staging = join(options.projectRoot, '.build', `import-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  const shortcodes: Record<string, ReportedEntry[]> = {};
  const unknownShortcodes: Record<string, ReportedEntry[]> = {};
  const embeds: Record<string, ReportedEntry[]> = {};
  const unknownBlocks: Record<string, ReportedEntry[]> = {};
  const removed: Record<string, ReportedEntry[]> = {};
  const unresolvedLinks: { entry: ReportedEntry; href: string }[] = [];
  const redirects: RedirectRule[] = [];
  const anchorsById = new Map<number, Set<string>>();
  const mediaUses = new Map<string, ReportedEntry[]>();
  const filesWithMedia: string[] = [];
  const commentCounts = {
    comments: 0,
    pings: 0,
    posts: 0,
    skipped: { spam: 0, trash: 0, unapproved: 0, 'on a page': 0 } as Record<string, number>,
  };
  const unredirected: ReportedEntry[] = [];
  const add = (
    groups: Record<string, ReportedEntry[]>,
    counts: Readonly<Record<string, number>>,
    entry: ReportedEntry,
  ) => {
    for (const [name, count] of Object.entries(counts)) {
      (groups[name] ??= []).push(...Array.from({ length: count }, () => entry));
    }
  };
  let done = 0;
  try {
    await readWxrFile(options.exportPath, (item) => {
      const entry = byId.get(Number(item.id));
      if (!entry || (item.type !== 'post' && item.type !== 'page')) return;
      const reported: ReportedEntry = {
        wordpressId: entry.wordpressId,
        title: entry.title,
        path: entry.path,
      };
      const converted = convertPostContent(item.content, {
        postId: entry.wordpressId,
        attachments: plan.attachments,
        resolveLink(href) {
          const resolved = resolveLink(href, table, base);
          if (resolved.resolution.kind !== 'unresolved') return resolved.resolution;
          // A relative link that resolves nowhere is written absolute, so it never breaks this site's link check.
          if (resolved.href !== href) {
            unresolvedLinks.push({ entry: reported, href: resolved.href });
            return { kind: 'internal', path: resolved.href };
          }
          return resolved.resolution;
        },
      });
      add(shortcodes, converted.findings.shortcodes, reported);
      add(unknownShortcodes, converted.findings.unknownShortcodes, reported);
      add(embeds, converted.findings.embeds, reported);
      add(unknownBlocks, converted.findings.unknownBlocks, reported);
      add(removed, converted.findings.removed, reported);
      for (const href of converted.findings.unresolvedLinks)
        unresolvedLinks.push({ entry: reported, href });
      // WordPress answered /slug/2/ for a post's second page; here it is one page with anchors.
      for (let page = 2; page <= converted.pageCount; page += 1) {
        const from = `${entry.path}${page}/`;
        if (isSitePath(from)) {
          redirects.push({
            from,
            to: `${entry.path}#page-${page}`,
            origin: `WordPress ${entry.kind} ${entry.wordpressId}, page ${page}`,
          });
        } else if (page === 2) unredirected.push(reported);
      }
      anchorsById.set(
        entry.wordpressId,
        new Set(
          [...converted.markdown.matchAll(/\bid="(attachment_\d+)"/g)].map((m) => m[1] ?? ''),
        ),
      );
      const discussion = planComments(
        entry.wordpressId,
        item.comments,
        plan.usualOffset,
        (html) => {
          const comment = convertCommentContent(html, {
            resolveLink: (href) => resolveLink(href, table, base).resolution,
          });
          add(removed, comment.removed, reported);
          return comment.html;
        },
      );
      for (const [reason, count] of Object.entries(discussion.skipped))
        commentCounts.skipped[reason] = (commentCounts.skipped[reason] ?? 0) + count;
      if (discussion.archive && entry.kind === 'page') {
        // Pages show no archive here; their comments are counted, not lost without a word.
        commentCounts.skipped['on a page'] =
          (commentCounts.skipped['on a page'] ?? 0) +
          discussion.archive.comments.length +
          discussion.archive.pings.length;
      } else if (discussion.archive) {
        commentCounts.comments += discussion.archive.comments.length;
        commentCounts.pings += discussion.archive.pings.length;
        commentCounts.posts += 1;
        const archiveFile = entry.file.replace(/\.md$/, '.comments.json');
        const archiveText = `${JSON.stringify(discussion.archive, null, 2)}\n`;
        mkdirSync(dirname(join(staging, archiveFile)), { recursive: true });
        writeFileSync(join(staging, archiveFile), archiveText);
        // Media in comments come along like the post's own (URLs in JSON strings end at an escaped quote).
        if (findMediaUrls(archiveText, hosts).length > 0) filesWithMedia.push(archiveFile);
        for (const url of findMediaUrls(archiveText, hosts))
          mediaUses.set(url, [...(mediaUses.get(url) ?? []), reported]);
      }
      const mediaUrls = findMediaUrls(converted.markdown, hosts);
      for (const url of mediaUrls) mediaUses.set(url, [...(mediaUses.get(url) ?? []), reported]);
      if (mediaUrls.length > 0) filesWithMedia.push(entry.file);
      const description = entry.excerpt ?? converted.summary;
      const text = `${formatFrontmatter(entry, description, converted.pageCount)}\n${converted.markdown.trim()}\n`;
      const target = join(staging, entry.file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      done += 1;
      if (done % 250 === 0) options.onProgress?.(done, placed.length);
    });
    options.onProgress?.(done, placed.length);
    const attachmentUrls = [...plan.attachments.values()].map((attachment) => attachment.url);
    const media =
      options.media && !options.dryRun
        ? await collectMedia(
            [...mediaUses.keys(), ...attachmentUrls],
            hosts,
            options.projectRoot,
            options.media,
          )
        : undefined;
    if (media) {
      for (const file of filesWithMedia) {
        const staged = join(staging, file);
        writeFileSync(staged, rewriteMediaUrls(readFileSync(staged, 'utf8'), hosts, media.present));
      }
    }
    /** The posts using a file (by any of its URLs: resized variants too), or one foreign URL. */
    const usersOf = (key: string): ReportedEntry[] => {
      const users = new Map<number, ReportedEntry>();
      for (const [url, entries] of mediaUses) {
        const reference = readMediaReference(url, hosts);
        if (reference?.file === key || reference?.originalUrl === key)
          for (const user of entries) users.set(user.wordpressId, user);
      }
      return [...users.values()];
    };
    const redirectsFile = join(staging, REDIRECTS_PATH);
    mkdirSync(dirname(redirectsFile), { recursive: true });
    const planned = planWordPressRedirects({
      entries: published.map((entry) => ({
        ...entry,
        categories: listCategories(entry),
        anchors: anchorsById.get(entry.wordpressId) ?? new Set(),
      })),
      attachments: plan.attachmentPages,
      terms: plan.channel.terms,
      authors: [...plan.channel.authors.keys()].map((login) => ({
        login,
        id: plan.channel.authorIds.get(login),
      })),
      timeZone: options.timeZone,
    });
    const nextPageSources = new Set(redirects.map((rule) => rule.from));
    redirects.push(...planned.paths.filter((rule) => !nextPageSources.has(rule.from)));
    writeFileSync(redirectsFile, renderRedirectsModule(redirects, planned.queries));

    // Move into place, keeping what was edited by hand since the last import.
    const manifest = readManifest(options.projectRoot);
    const nextManifest: Record<string, string> = { ...manifest };
    const files = {
      written: [] as string[],
      unchanged: [] as string[],
      keptEdited: [] as string[],
    };
    for (const file of listFiles(staging, staging).sort()) {
      const text = readFileSync(join(staging, file), 'utf8');
      const target = join(options.projectRoot, file);
      const existing = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
      if (existing === text) {
        files.unchanged.push(file);
        nextManifest[file] = hashText(text);
        continue;
      }
      // The empty redirect table the project starts with was never imported, nor edited.
      const pristine = file === REDIRECTS_PATH && existing === renderRedirectsModule([]);
      const editedByHand =
        existing !== undefined && !pristine && manifest[file] !== hashText(existing);
      if (editedByHand && !options.force) {
        files.keptEdited.push(file);
        continue;
      }
      files.written.push(file);
      nextManifest[file] = hashText(text);
      if (!options.dryRun) {
        mkdirSync(dirname(target), { recursive: true });
        renameSync(join(staging, file), target);
      }
    }
    if (!options.dryRun) {
      const manifestPath = join(options.projectRoot, MANIFEST_PATH);
      mkdirSync(dirname(manifestPath), { recursive: true });
      writeFileSync(
        manifestPath,
        `${JSON.stringify({ version: 1, files: nextManifest }, null, 2)}\n`,
      );
    }
    const toReported = (entry: Placed): ReportedEntry => ({
      wordpressId: entry.wordpressId,
      title: entry.title,
      path: entry.path,
    });
    return {
      exportFile: options.exportPath,
      generator: plan.channel.generator,
      wxrVersion: plan.channel.version,
      counts: {
        published: placed.filter((e) => e.kind === 'post' && e.status === 'published').length,
        scheduled: placed.filter((e) => e.kind === 'post' && e.status === 'scheduled').length,
        drafts: placed.filter((e) => e.status === 'draft').length,
        pages: placed.filter((e) => e.kind === 'page').length,
        attachments: plan.attachments.size,
      },
      skipped: plan.skipped,
      passwordProtected: placed.filter((e) => e.passwordProtected).map(toReported),
      untitled: placed.filter((e) => e.untitled).map(toReported),
      shortcodes,
      unknownShortcodes,
      embeds,
      unknownBlocks,
      removed,
      unresolvedLinks,
      permalinks: placed
        .filter((e) => e.kind === 'post' && e.permalink)
        .map((e) => ({
          entry: toReported(e),
          derived: e.derivedPath,
          reason: `its old address was ${e.path}`,
        })),
      renamedDrafts: placed.filter((e) => e.renamed).map(toReported),
      comments: commentCounts,
      media: media && {
        fromDir: media.fromDir,
        downloaded: media.downloaded,
        alreadyThere: media.alreadyThere,
        missing: media.missing.map((item) => ({ ...item, entries: usersOf(item.file) })),
        foreign: media.foreign.map((url) => ({ url, entries: usersOf(url) })),
      },
      redirects: redirects.length + planned.queries.length,
      unredirectedPages: unredirected,
      offsets: plan.offsets,
      siteTimeZone: options.timeZone,
      files,
      dryRun: options.dryRun ?? false,
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
