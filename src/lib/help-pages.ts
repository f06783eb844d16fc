/**
 * Help section logic, kept out of the components: page order, previous/next,
 * the on-page table of contents, and the text of the server and login tables.
 * No `astro:` imports, so tests load it plainly.
 */
import type { LoginTransition } from '../data/login-transitions.ts';
import {
  servers,
  type ConnectionSecurity,
  type ServerEntry,
  type ServerGroup,
} from '../data/servers.ts';
import { formatDisplayDate } from './dates.ts';

/** What the sidebar, the index and previous/next need to know about a help page. */
export interface HelpPageLink {
  /** File name without extension: the URL slug. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly sidebarOrder: number;
  /** `/help/<id>/`. */
  readonly path: string;
}

/** The help pages before and after one page, in sidebar order. */
export interface HelpNeighbours {
  readonly previous: HelpPageLink | undefined;
  readonly next: HelpPageLink | undefined;
}

/** `/help/`: the help index. */
export const HELP_INDEX_PATH = '/help/';

/** `/help/<id>/`: a help page's path. */
export function formatHelpPath(id: string): string {
  return `${HELP_INDEX_PATH}${id}/`;
}

/** Sidebar order: by `sidebarOrder`, then title, then id (so the order never depends on file order). */
export function sortHelpPages<T extends Omit<HelpPageLink, 'path'>>(pages: readonly T[]): T[] {
  return [...pages].sort(
    (a, b) =>
      a.sidebarOrder - b.sidebarOrder || a.title.localeCompare(b.title) || a.id.localeCompare(b.id),
  );
}

/** The pages either side of `id` in an already sorted list. */
export function findHelpNeighbours(pages: readonly HelpPageLink[], id: string): HelpNeighbours {
  const at = pages.findIndex((page) => page.id === id);
  if (at < 0) throw new Error(`No help page with id "${id}"`);
  return { previous: pages[at - 1], next: pages[at + 1] };
}

/** A heading as Astro's `render()` reports it. */
export interface MarkdownHeading {
  readonly depth: number;
  readonly slug: string;
  readonly text: string;
}

/** One entry of the on-page table of contents, with its subsections. */
export interface TocEntry {
  readonly slug: string;
  readonly text: string;
  readonly children: TocEntry[];
}

/**
 * The on-page table of contents: `##` headings with their `###` below them.
 * The page's own `#` title and deeper levels are left out; a `###` before any
 * `##` is listed at the top level rather than dropped.
 */
export function buildTableOfContents(headings: readonly MarkdownHeading[]): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const heading of headings) {
    const entry = { slug: heading.slug, text: heading.text, children: [] };
    const parent = entries.at(-1);
    if (heading.depth === 2 || (heading.depth === 3 && !parent)) entries.push(entry);
    else if (heading.depth === 3 && parent) parent.children.push(entry);
  }
  return entries;
}

const securityLabels: Record<ConnectionSecurity, string> = {
  'implicit-tls': 'SSL/TLS',
  starttls: 'STARTTLS',
  none: 'None',
};

/** How a row's encryption reads in the table. */
export function formatSecurity(security: ConnectionSecurity): string {
  return securityLabels[security];
}

/** A server row as the help page prints it. */
export interface ServerRow {
  readonly service: string;
  readonly hostname: string;
  readonly port: string;
  readonly security: string;
  /** "Supported", "Recommended", "Disabled since 14 July 2012"… */
  readonly status: string;
  readonly disabled: boolean;
  readonly note: string;
}

/** "Recommended", "Supported", "Supported since …" or "Disabled since …". */
export function formatServerStatus(entry: ServerEntry): string {
  const since = entry.since
    ? ` since ${formatDisplayDate(new Date(`${entry.since}T00:00:00Z`))}`
    : '';
  if (entry.status === 'disabled') return `Disabled${since}`;
  return entry.recommended ? `Recommended${since}` : `Supported${since}`;
}

/** The rows of one table of the Server Names and Ports page, from `src/data/servers.ts`. */
export function listServerRows(
  group: ServerGroup,
  table: readonly ServerEntry[] = servers,
): ServerRow[] {
  return table
    .filter((entry) => entry.group === group)
    .map((entry) => ({
      service: entry.service,
      hostname: entry.hostname,
      port: String(entry.port),
      security: formatSecurity(entry.security),
      status: formatServerStatus(entry),
      disabled: entry.status === 'disabled',
      note: entry.note ?? '',
    }));
}

/** The visible "(W)" marker. */
export const CERTIFICATE_WARNING_MARKER = '(W)';

/** A transition row split into the table's two cells. */
export interface TransitionCells {
  /** The address typed. */
  readonly from: string;
  readonly fromWarning: boolean;
  /** "stays at " for addresses answered where they are, else "". */
  readonly toPrefix: string;
  readonly to: string;
  readonly toWarning: boolean;
}

/** The two cells of a transition row. */
export function formatTransitionCells(row: LoginTransition): TransitionCells {
  return {
    from: row.from,
    fromWarning: row.fromWarning,
    toPrefix: row.outcome === 'stays' ? 'stays at ' : '',
    to: row.to,
    toWarning: row.toWarning,
  };
}

/** A transition row as one line of the post's original list: `from (W) -> stays at to (W)`. */
export function formatTransitionLine(row: LoginTransition): string {
  const cells = formatTransitionCells(row);
  const mark = (warning: boolean) => (warning ? ` ${CERTIFICATE_WARNING_MARKER}` : '');
  return `${cells.from}${mark(cells.fromWarning)} -> ${cells.toPrefix}${cells.to}${mark(cells.toWarning)}`;
}

/** Rows split where the post leaves a blank line, in order. */
export function groupTransitions<T extends LoginTransition>(rows: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last[0]?.group === row.group) last.push(row);
    else groups.push([row]);
  }
  return groups;
}

/** Kinds of callout an author can put in a help page or post. */
export type AsideType = 'note' | 'tip' | 'caution';

/** The label an aside shows when the author gives none. */
export const ASIDE_TITLES: Record<AsideType, string> = {
  note: 'Note',
  tip: 'Tip',
  caution: 'Caution',
};

/** One line of a protocol exchange shown on a help page. */
export interface TranscriptLine {
  /** Who sends it: the client, the server, or a remark about what happens between lines. */
  readonly from: 'client' | 'server' | 'note';
  readonly text: string;
  /** True for the lines the surrounding text is about. */
  readonly highlight?: boolean | undefined;
}

/** A transcript line ready to print: `C: `/`S: ` prefix, newline included. */
export interface TranscriptRow {
  readonly text: string;
  readonly className: string;
  readonly highlight: boolean;
}

const transcriptPrefixes = { client: 'C: ', server: 'S: ', note: '   ' } as const;

/** Prefixes each line the way RFCs print exchanges ("C:" client, "S:" server, notes in brackets). */
export function formatTranscriptLines(lines: readonly TranscriptLine[]): TranscriptRow[] {
  return lines.map((line) => ({
    text: `${transcriptPrefixes[line.from]}${line.from === 'note' ? `[${line.text}]` : line.text}\n`,
    className: `transcript-${line.from}`,
    highlight: line.highlight ?? false,
  }));
}
