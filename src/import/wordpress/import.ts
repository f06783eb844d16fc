/**
 * `npm run import:wordpress`: a whole WordPress export into src/content/, in
 * three stages. Plan (plan.ts): a first streaming pass plans every item
 * (addresses, slugs, dates, terms) and fails, naming each bad item, before
 * anything is written. Convert (here): a second pass converts content item by
 * item into a staging folder, with comments, media and redirects. Write
 * (write.ts): only when every entry converted and nothing refuses the run are
 * the files and media moved into place, respecting files edited by hand since
 * the last import, and the report written.
 * Several export files (WordPress.com splits a large blog) are one import: each
 * run writes the whole blog, so give every file of a split export at once (a
 * run that would remove files of the last import is refused unless pruning).
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import {
  isSitePath,
  type QueryRedirectRule,
  type RedirectRule,
} from '../../redirects/redirect-table.ts';
import { planComments } from './comments.ts';
import { convertCommentContent, convertPostContent } from './content.ts';
import type { PlannedEntry } from './items.ts';
import { resolveLink, type LinkTable } from './links.ts';
import {
  collectMedia,
  findMediaUrls,
  readMediaReference,
  rewriteMediaUrls,
  type MediaOptions,
} from './media.ts';
import { IMPORT_FOLDERS, placeEntries, planExport, type Placed } from './plan.ts';
import { planWordPressRedirects } from './redirects.ts';
import { type ImportReport, type ReportedEntry } from './report.ts';
import { readWxrFile, type WxrChannel, type WxrItem } from './wxr.ts';
import { checkStagedFiles, publishStagedFiles } from './write.ts';

export { ImportError } from './import-error.ts';
export { IMPORT_FOLDERS } from './plan.ts';
export { MANIFEST_PATH } from './write.ts';

/** The generated redirect table (old WordPress addresses that are no page here). */
export const REDIRECTS_PATH = 'src/data/wordpress-redirects.ts';

/** Where the report goes unless `--out-report` says otherwise. */
export const DEFAULT_REPORT_PATH = 'src/content/wordpress-import-report.md';

/** What a run needs. */
export interface ImportOptions {
  /** The export file, or every file of a split export (read in order as one). */
  readonly exportPaths: readonly string[];
  readonly projectRoot: string;
  /** Time zone of the site's permalinks (`site.timeZone`). */
  readonly timeZone: string;
  readonly dryRun?: boolean;
  /** Overwrite files edited by hand since the last import. */
  readonly force?: boolean;
  /**
   * Remove the files of the last import that this one does not write (posts
   * trashed or deleted since). Without it, such a run is refused before
   * anything is written: a split export given in part would lose the rest.
   */
  readonly prune?: boolean;
  /** Copy the old blog's media into the project (left out: media stay where they are). */
  readonly media?: MediaOptions | undefined;
  /** Called now and then on long imports. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A post's categories as written: WordPress files a post without one under "Uncategorized". */
function listCategories(entry: PlannedEntry): PlannedEntry['categories'] {
  return entry.categories.length > 0 ? entry.categories : ['Uncategorized'];
}

/** The frontmatter of an entry, in a stable field order. `guid` is the item's `<guid>`, as exported. */
function formatFrontmatter(
  entry: Placed,
  description: string | undefined,
  pageCount: number,
  guid: string,
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
  // Feeds keep the old item's id, so readers' feed apps do not show imported posts as new.
  if (entry.kind === 'post' && guid !== '') fields['guid'] = guid;
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

/**
 * The old blog's own host names, with and without `www.`: its address and
 * `base_blog_url`. Not `base_site_url`: on WordPress.com it is
 * `http://wordpress.com/` for every blog, and on a multisite the network's
 * main site, neither of them this blog.
 */
export function listBlogHosts(channel: Pick<WxrChannel, 'link' | 'baseBlogUrl'>): Set<string> {
  return new Set(
    [channel.link, channel.baseBlogUrl]
      .flatMap((url) => {
        try {
          return [new URL(url).hostname.toLowerCase()];
        } catch {
          return [];
        }
      })
      .flatMap((host) => [host, host.startsWith('www.') ? host.slice(4) : `www.${host}`]),
  );
}

/** Imports an export; see the module comment. Returns the report (also for a dry run). */
export async function importWordPress(options: ImportOptions): Promise<ImportReport> {
  const plan = await planExport(options.exportPaths);
  const placed = placeEntries(plan.entries, options.timeZone, options.exportPaths);
  const built = placed.filter((entry) => entry.status !== 'draft');
  // Scheduled posts are not built yet: nothing may redirect to them.
  const published = built.filter((entry) => entry.status === 'published');
  const linkHosts = listBlogHosts(plan.channel);
  // Media are the blog's own on its hosts and wherever its attachments were uploaded (a domain it left).
  const hosts = new Set([...linkHosts, ...plan.mediaHosts]);
  const table: LinkTable = {
    hosts: linkHosts,
    byOldPath: new Map(
      built.flatMap((entry) => (entry.oldPath ? [[entry.oldPath, entry.path] as const] : [])),
    ),
    byId: new Map(built.map((entry) => [entry.wordpressId, entry.path])),
  };
  const base = plan.channel.link || plan.channel.baseBlogUrl || 'http://example.invalid/';
  const byId = new Map(placed.map((entry) => [entry.wordpressId, entry]));

  const buildDir = join(options.projectRoot, '.build');
  const hadBuildDir = existsSync(buildDir);
  const staging = join(buildDir, `import-${process.pid}`);
  const mediaStaging = join(buildDir, `import-${process.pid}-media`);
  rmSync(staging, { recursive: true, force: true });
  rmSync(mediaStaging, { recursive: true, force: true });
  const shortcodes: Record<string, ReportedEntry[]> = {};
  const unknownShortcodes: Record<string, ReportedEntry[]> = {};
  const embeds: Record<string, ReportedEntry[]> = {};
  const unknownBlocks: Record<string, ReportedEntry[]> = {};
  const removed: Record<string, ReportedEntry[]> = {};
  const notConverted: Record<string, ReportedEntry[]> = {};
  const featuredImages: ReportedEntry[] = [];
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
  const convertItem = (item: WxrItem) => {
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
      baseUrl: base,
      blogHosts: hosts,
      reusableBlocks: plan.reusableBlocks,
      featuredImageId: entry.featuredImageId,
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
    add(notConverted, converted.findings.notConverted, reported);
    if (converted.featuredImage === 'placed') featuredImages.push(reported);
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
      new Set([...converted.markdown.matchAll(/\bid="(attachment_\d+)"/g)].map((m) => m[1] ?? '')),
    );
    const discussion = planComments(entry.wordpressId, item.comments, plan.usualOffset, (html) => {
      const comment = convertCommentContent(html, {
        resolveLink: (href) => resolveLink(href, table, base).resolution,
        baseUrl: base,
        blogHosts: hosts,
      });
      add(removed, comment.removed, reported);
      return comment.html;
    });
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
      const commentMedia = findMediaUrls(archiveText, hosts);
      for (const url of commentMedia) mediaUses.set(url, [...(mediaUses.get(url) ?? []), reported]);
      if (commentMedia.length > 0) filesWithMedia.push(archiveFile);
    }
    const mediaUrls = findMediaUrls(converted.markdown, hosts);
    for (const url of mediaUrls) mediaUses.set(url, [...(mediaUses.get(url) ?? []), reported]);
    if (mediaUrls.length > 0) filesWithMedia.push(entry.file);
    const description = entry.excerpt ?? converted.summary;
    const text = `${formatFrontmatter(entry, description, converted.pageCount, item.guid.trim())}\n${converted.markdown.trim()}\n`;
    const target = join(staging, entry.file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    done += 1;
    if (done % 250 === 0) options.onProgress?.(done, placed.length);
  };
  try {
    for (const exportPath of options.exportPaths) await readWxrFile(exportPath, convertItem);
    options.onProgress?.(done, placed.length);
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

    // Whatever can refuse the import (an unreadable manifest, removals without
    // --prune) refuses now, before any medium is fetched or copied.
    const check = {
      staging,
      projectRoot: options.projectRoot,
      prune: options.prune ?? false,
      dryRun: options.dryRun ?? false,
      // What the export itself says is trashed may go without --prune.
      retired: new Set(
        [...plan.trashedIds].flatMap((id) =>
          Object.values(IMPORT_FOLDERS).flatMap((folder) => [
            `${folder}/wp-${id}.md`,
            `${folder}/wp-${id}.comments.json`,
          ]),
        ),
      ),
    };
    checkStagedFiles(check);

    // Media go to their own staging folder, moved in with the files.
    const attachmentUrls = [...plan.attachments.values()].map((attachment) => attachment.url);
    const media =
      options.media && !options.dryRun
        ? await collectMedia(
            [...mediaUses.keys(), ...attachmentUrls],
            hosts,
            options.projectRoot,
            options.media,
            mediaStaging,
          )
        : undefined;
    if (media) {
      for (const file of filesWithMedia) {
        const staged = join(staging, file);
        writeFileSync(staged, rewriteMediaUrls(readFileSync(staged, 'utf8'), hosts, media.present));
      }
    }

    // Move into place, keeping what was edited by hand since the last import.
    const files = publishStagedFiles({
      ...check,
      force: options.force ?? false,
      mediaStaging,
      // The empty redirect table the project starts with was never imported, nor edited.
      isPristine: (file, existing) =>
        file === REDIRECTS_PATH && existing === renderRedirectsModule([]),
    });
    const toReported = (entry: Placed): ReportedEntry => ({
      wordpressId: entry.wordpressId,
      title: entry.title,
      path: entry.path,
    });
    return {
      exportFiles: options.exportPaths,
      generator: plan.channel.generator,
      wxrVersion: plan.channel.version,
      readings: plan.readings,
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
      notConverted,
      featuredImages,
      unresolvedLinks,
      permalinks: placed
        .filter((e) => e.kind === 'post' && e.permalink)
        .map((e) => ({
          entry: toReported(e),
          derived: e.derivedPath,
          reason: `its old address was ${e.path}`,
        })),
      renamedDrafts: placed.filter((e) => e.renamed).map(toReported),
      adjusted: placed.flatMap((e) =>
        e.adjusted === undefined ? [] : [{ entry: toReported(e), reason: e.adjusted }],
      ),
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
      prune: options.prune ?? false,
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(mediaStaging, { recursive: true, force: true });
    // A failed import leaves the project as it was: no empty .build/ either.
    if (!hadBuildDir && existsSync(buildDir) && readdirSync(buildDir).length === 0)
      rmdirSync(buildDir);
  }
}
