/**
 * The import report: what came in, what was skipped, and everything that did
 * not convert cleanly, so nothing is lost without a word. Pure: findings in,
 * Markdown and a terminal summary out.
 */
import type { WxrReading } from './wxr.ts';
import { WXR_REPAIR_KINDS } from './wxr-repair.ts';

/** A post or page named in the report. */
export interface ReportedEntry {
  readonly wordpressId: number;
  readonly title: string;
  /** Its new address. */
  readonly path: string;
}

/** Everything the report tells. */
export interface ImportReport {
  /** The export file, or every file of a split export, in the order read. */
  readonly exportFiles: readonly string[];
  readonly generator: string;
  readonly wxrVersion: string;
  /** How each file was read: its encoding and the flaws repaired before parsing. */
  readonly readings: readonly { readonly file: string; readonly reading: WxrReading }[];
  readonly counts: {
    readonly published: number;
    readonly scheduled: number;
    readonly drafts: number;
    readonly pages: number;
    readonly attachments: number;
  };
  /** Items not imported, by reason. */
  readonly skipped: Readonly<Record<string, number>>;
  readonly passwordProtected: readonly ReportedEntry[];
  readonly untitled: readonly ReportedEntry[];
  /** Shortcodes converted / unknown, and embeds, by name: count and the entries holding them. */
  readonly shortcodes: Readonly<Record<string, readonly ReportedEntry[]>>;
  readonly unknownShortcodes: Readonly<Record<string, readonly ReportedEntry[]>>;
  readonly embeds: Readonly<Record<string, readonly ReportedEntry[]>>;
  /** Dynamic blocks (drawn by WordPress's PHP when shown, so empty in the export) that were dropped. */
  readonly unknownBlocks: Readonly<Record<string, readonly ReportedEntry[]>>;
  /** Unsafe markup removed, by kind, with the entries. */
  readonly removed: Readonly<Record<string, readonly ReportedEntry[]>>;
  /** What could not be converted (a gallery without its images, a missing reusable block or featured image …), by kind. */
  readonly notConverted: Readonly<Record<string, readonly ReportedEntry[]>>;
  /** Entries whose featured image now opens the body (the site has no image field). */
  readonly featuredImages: readonly ReportedEntry[];
  readonly unresolvedLinks: readonly { readonly entry: ReportedEntry; readonly href: string }[];
  /** Entries whose address is kept through an explicit `permalink`, and why. */
  readonly permalinks: readonly {
    readonly entry: ReportedEntry;
    readonly derived: string;
    readonly reason: string;
  }[];
  /** Comments kept as read-only archives next to their posts, and those left out by reason. */
  readonly comments: {
    readonly comments: number;
    readonly pings: number;
    /** Posts with an archive. */
    readonly posts: number;
    /** By reason: spam, trash, unapproved (awaiting moderation), on a page (pages show no archive). */
    readonly skipped: Readonly<Record<string, number>>;
  };
  /** The media step (undefined on a dry run or when media were not asked for). */
  readonly media:
    | {
        readonly fromDir: number;
        readonly downloaded: number;
        readonly alreadyThere: number;
        /** Files neither in the media folder nor fetched: their URLs stay, with the posts using them. */
        readonly missing: readonly {
          readonly file: string;
          readonly url: string;
          readonly reason: string;
          readonly entries: readonly ReportedEntry[];
        }[];
        /** Uploads URLs on other hosts: never fetched. */
        readonly foreign: readonly {
          readonly url: string;
          readonly entries: readonly ReportedEntry[];
        }[];
      }
    | undefined;
  /** Old addresses written to src/data/wordpress-redirects.ts. */
  readonly redirects: number;
  /** Posts with `<!--nextpage-->` pages whose old /N/ addresses hold letters nginx rules cannot name (not redirected). */
  readonly unredirectedPages: readonly ReportedEntry[];
  /** Drafts whose address collided and got a `-N` slug, as WordPress does. */
  readonly renamedDrafts: readonly ReportedEntry[];
  /** Entries placed or dated otherwise than the export had them (an address the site keeps, no date), and why. */
  readonly adjusted: readonly { readonly entry: ReportedEntry; readonly reason: string }[];
  /** UTC offsets the old blog's posts were dated in, with counts. */
  readonly offsets: Readonly<Record<string, number>>;
  readonly siteTimeZone: string;
  /**
   * Files written, unchanged, kept because they were edited by hand since the
   * last import; and files of the last import this one no longer writes,
   * removed or (edited by hand) kept.
   */
  readonly files: {
    readonly written: readonly string[];
    readonly unchanged: readonly string[];
    readonly keptEdited: readonly string[];
    readonly removed: readonly string[];
    readonly keptNotImported: readonly string[];
  };
  readonly dryRun: boolean;
  /** `--prune`: the last import's files no longer in the export are removed (without it, a run that would remove any is refused). */
  readonly prune: boolean;
}

/** `[title](path) (ID 12)`. */
function formatEntry(entry: ReportedEntry): string {
  return `[${entry.title.replace(/[[\]]/g, '\\$&')}](${entry.path}) (ID ${entry.wordpressId})`;
}

/** A section listing names with counts and, under each, the entries (each once). */
function formatGrouped(
  heading: string,
  groups: Readonly<Record<string, readonly ReportedEntry[]>>,
  empty: string,
): string[] {
  const names = Object.keys(groups).sort();
  if (names.length === 0) return [`## ${heading}`, '', empty, ''];
  return [
    `## ${heading}`,
    '',
    ...names.flatMap((name) => {
      const entries = groups[name] ?? [];
      const unique = [...new Map(entries.map((entry) => [entry.wordpressId, entry])).values()];
      return [
        `- **${name}**: ${entries.length} in ${unique.length} ${unique.length === 1 ? 'entry' : 'entries'}`,
        ...unique.map((entry) => `  - ${formatEntry(entry)}`),
      ];
    }),
    '',
  ];
}

/** A plain list section. */
function formatList(heading: string, lines: readonly string[], empty: string): string[] {
  return [
    `## ${heading}`,
    '',
    ...(lines.length === 0 ? [empty] : lines.map((line) => `- ${line}`)),
    '',
  ];
}

/** The section on how the files were read: encodings other than UTF-8, and every repair with its count. */
function formatReading(report: ImportReport): string[] {
  const lines = report.readings.flatMap(({ file, reading }) => {
    const name = report.readings.length > 1 ? `\`${file}\`: ` : '';
    const encoding =
      reading.encoding === 'utf-8'
        ? []
        : [
            `${name}read as ${reading.encoding}${reading.declaredEncoding ? ` (its XML declaration says ${reading.declaredEncoding})` : ''}`,
          ];
    const repairs = reading.repairs.map(
      ({ kind, count, firstLine }) =>
        `${name}${WXR_REPAIR_KINDS[kind]}: ${count} (the first on line ${firstLine})`,
    );
    return [...encoding, ...repairs];
  });
  return formatList(
    'Reading the export',
    lines,
    'Read as UTF-8, as written: nothing needed repair.',
  );
}

/** The report as Markdown (`import-report.md`). */
export function renderImportReport(report: ImportReport): string {
  const { counts } = report;
  const skipped = Object.entries(report.skipped).sort(([a], [b]) => a.localeCompare(b));
  const offsets = Object.entries(report.offsets).sort(([, a], [, b]) => b - a);
  return [
    `# WordPress import report`,
    '',
    `From ${report.exportFiles.map((file) => `\`${file}\``).join(', ')} (${report.generator || 'unknown generator'}, WXR ${report.wxrVersion})${report.dryRun ? ', **dry run: nothing was written**' : ''}.`,
    '',
    '| what | count |',
    '| --- | ---: |',
    `| posts published | ${counts.published} |`,
    `| posts scheduled (published from the first build on or after their date) | ${counts.scheduled} |`,
    `| drafts (draft, pending, private, password-protected) | ${counts.drafts} |`,
    `| pages | ${counts.pages} |`,
    `| attachments seen (media are moved by another step) | ${counts.attachments} |`,
    ...skipped.map(([reason, count]) => `| skipped: ${reason} | ${count} |`),
    '',
    ...formatList(
      'Password-protected, imported as drafts',
      report.passwordProtected.map(formatEntry),
      'None. (A static site cannot protect a post, so these are never published.)',
    ),
    ...formatList('Untitled, imported as "(no title)"', report.untitled.map(formatEntry), 'None.'),
    ...formatGrouped('Shortcodes converted', report.shortcodes, 'None.'),
    ...formatGrouped('Unknown shortcodes, kept as visible text', report.unknownShortcodes, 'None.'),
    ...formatGrouped('Embeds turned into links', report.embeds, 'None.'),
    ...formatGrouped(
      'Dynamic blocks dropped (WordPress drew them when the page was shown; the export holds nothing to keep)',
      report.unknownBlocks,
      'None.',
    ),
    ...formatGrouped('Unsafe markup removed', report.removed, 'None.'),
    ...formatGrouped(
      'Not converted (what WordPress showed that the export lacks or this import cannot show; an export of "All content" brings missing media-library items)',
      report.notConverted,
      'None.',
    ),
    ...formatList(
      'Featured images placed at the top of their post (the site has no image field)',
      report.featuredImages.map(formatEntry),
      'None.',
    ),
    ...formatList(
      'Links to the old blog that match no imported post or page (kept, absolute)',
      report.unresolvedLinks.map(({ entry, href }) => `${formatEntry(entry)}: <${href}>`),
      'None.',
    ),
    ...formatList(
      'Addresses kept with an explicit `permalink`',
      report.permalinks.map(
        ({ entry, derived, reason }) =>
          `${formatEntry(entry)}: ${reason} (the site would make ${derived})`,
      ),
      'None: every post is at the address its date and slug give.',
    ),
    `## Media`,
    '',
    report.media
      ? `${report.media.fromDir} files copied from the media folder, ${report.media.downloaded} downloaded, ${report.media.alreadyThere} already in \`public/media/wordpress/\`; content points at them.`
      : 'Not copied (a dry run, or media were not asked for): content still points at the old blog.',
    '',
    ...formatList(
      'Media that could not be found or fetched (the old URL stays; import again to retry)',
      (report.media?.missing ?? []).map(
        ({ url, reason, entries }) =>
          `<${url}>: ${reason}${entries.length > 0 ? `; used by ${entries.map(formatEntry).join(', ')}` : ''}`,
      ),
      'None.',
    ),
    ...formatList(
      'Media on other hosts (never fetched)',
      (report.media?.foreign ?? []).map(
        ({ url, entries }) =>
          `<${url}>${entries.length > 0 ? `: used by ${entries.map(formatEntry).join(', ')}` : ''}`,
      ),
      'None.',
    ),
    `## Comments`,
    '',
    `${report.comments.comments} approved comments and ${report.comments.pings} pingbacks and trackbacks are kept as read-only archives under ${report.comments.posts} posts (\`wp-<ID>.comments.json\` next to each; no e-mail or IP address is written). Left out: ${
      Object.entries(report.comments.skipped)
        .filter(([, n]) => n > 0)
        .map(([reason, n]) => `${n} ${reason}`)
        .join(', ') || 'nothing'
    }.`,
    '',
    `## Redirects`,
    '',
    `${report.redirects} old addresses (\`/?p=ID\` and the other query forms, attachment pages, day archives, author pages, feed variants, later \`<!--nextpage-->\` pages) redirect to their new place (\`src/data/wordpress-redirects.ts\`, served by the generated nginx config).`,
    '',
    ...formatList(
      'Posts whose old /N/ page addresses are not redirected (letters beyond ASCII)',
      report.unredirectedPages.map(formatEntry),
      'None.',
    ),
    ...formatList(
      'Drafts given a new slug because their address was taken',
      report.renamedDrafts.map(formatEntry),
      'None.',
    ),
    ...formatList(
      'Placed or dated otherwise than the export had them',
      report.adjusted.map(({ entry, reason }) => `${formatEntry(entry)}: ${reason}`),
      'None.',
    ),
    `## Time zone`,
    '',
    `The old blog dated its posts at ${offsets.map(([offset, count]) => `UTC${offset} (${count})`).join(', ') || 'no known offset'}; this site files permalinks and archives in \`${report.siteTimeZone}\` (\`timeZone\` in src/site.ts).${offsets[0] && report.permalinks.length > 0 ? ` Setting \`timeZone\` to the old blog's zone (its IANA name, or \`'${offsets[0][0]}'\`) and importing again puts posts at the addresses their dates give, without explicit permalinks where the old addresses followed the dates.` : ''}`,
    '',
    `## Files`,
    '',
    `${report.files.written.length} written, ${report.files.unchanged.length} unchanged, ${report.files.keptEdited.length} kept because they were edited by hand since the last import (\`--force\` overwrites them), ${report.files.removed.length} removed.${report.files.removed.length + report.files.keptNotImported.length > 0 ? ' The last import wrote the removed ones and this export no longer has them: trashed, deleted or unpublished since, or in a file of a split export not given this time (give every file in one run).' : ''}${describeRefusal(report)}`,
    '',
    ...report.files.keptEdited.map((file) => `- kept: \`${file}\``),
    ...report.files.removed.map((file) => `- removed: \`${file}\``),
    ...report.files.keptNotImported.map(
      (file) =>
        `- no longer in the export but edited by hand, so kept: \`${file}\` (delete it, or set \`draft: true\`)`,
    ),
    '',
    ...formatReading(report),
  ].join('\n');
}

/** For a dry run that would remove files without `--prune`: the real run refuses it. */
function describeRefusal(report: ImportReport): string {
  return report.dryRun && !report.prune && report.files.removed.length > 0
    ? ' Without `--prune` the import refuses to remove those the export does not mark as trashed, and writes nothing: give every file of a split export in one run, or pass `--prune` if those posts were deleted.'
    : '';
}

/** How many removed files the terminal names. */
const SUMMARY_REMOVALS = 10;

/** The few lines the terminal shows at the end. */
export function summarizeImport(report: ImportReport, reportPath: string | undefined): string[] {
  const { counts } = report;
  const count = (groups: Readonly<Record<string, readonly unknown[]>>) =>
    Object.values(groups).reduce((sum, list) => sum + list.length, 0);
  return [
    `${report.dryRun ? 'Dry run: would import' : 'Imported'} ${counts.published} published and ${counts.scheduled} scheduled posts, ${counts.drafts} drafts, ${counts.pages} pages.`,
    `Skipped: ${
      Object.entries(report.skipped)
        .map(([reason, n]) => `${n} ${reason}`)
        .join(', ') || 'nothing'
    }.`,
    `Shortcodes converted: ${count(report.shortcodes)}; unknown: ${count(report.unknownShortcodes)}; embeds: ${count(report.embeds)}; unsafe markup removed: ${count(report.removed)}; unresolved links: ${report.unresolvedLinks.length}; explicit permalinks: ${report.permalinks.length}.`,
    `Comments: ${report.comments.comments} kept, ${report.comments.pings} pingbacks and trackbacks; skipped: ${
      Object.entries(report.comments.skipped)
        .filter(([, n]) => n > 0)
        .map(([reason, n]) => `${n} ${reason}`)
        .join(', ') || 'none'
    }.`,
    ...(report.media
      ? [
          `Media: ${report.media.fromDir} from the media folder, ${report.media.downloaded} downloaded, ${report.media.alreadyThere} already there, ${report.media.missing.length} missing, ${report.media.foreign.length} on other hosts.`,
        ]
      : []),
    ...(count(report.notConverted) > 0 || report.featuredImages.length > 0
      ? [
          `Not converted: ${count(report.notConverted)}; featured images placed at the top of their post: ${report.featuredImages.length}.`,
        ]
      : []),
    `Files: ${report.files.written.length} written, ${report.files.unchanged.length} unchanged, ${report.files.keptEdited.length} kept (edited by hand), ${report.files.removed.length} removed (no longer in the export)${report.files.keptNotImported.length > 0 ? `, ${report.files.keptNotImported.length} no longer in the export but kept (edited by hand)` : ''}.${describeRefusal(report)}`,
    // A dry run names what it would remove, so nothing goes unseen.
    ...(report.dryRun
      ? [
          ...report.files.removed
            .slice(0, SUMMARY_REMOVALS)
            .map((file) => `  would remove ${file}`),
          ...(report.files.removed.length > SUMMARY_REMOVALS
            ? [
                `  and ${report.files.removed.length - SUMMARY_REMOVALS} more (the report lists them all: --out-report FILE)`,
              ]
            : []),
        ]
      : []),
    ...(report.readings.some(({ reading }) => reading.repairs.length > 0)
      ? [
          `Repaired before reading: ${report.readings
            .flatMap(({ reading }) => reading.repairs)
            .map(({ kind, count: n }) => `${n} ${kind}`)
            .join(', ')}.`,
        ]
      : []),
    ...(reportPath ? [`Report: ${reportPath}`] : []),
  ];
}
