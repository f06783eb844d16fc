/**
 * `npm run audit`: what a page costs and how Lighthouse scores it. The
 * script runs Lighthouse and fetches; everything here is pure, so the
 * report's arithmetic and the budget rules are unit-tested.
 */
import { gzipSync } from 'node:zlib';

/** The four Lighthouse categories, in report order. */
export const lighthouseCategories = [
  'performance',
  'accessibility',
  'best-practices',
  'seo',
] as const;

/** One Lighthouse category id. */
export type LighthouseCategory = (typeof lighthouseCategories)[number];

/** What a request's body counts as in the report. */
export type TransferKind = 'html' | 'css' | 'js' | 'other';

/** One request a page made while loading, as Lighthouse saw it. */
export interface AuditRequest {
  readonly url: string;
  /** Lighthouse's resource type: Document, Stylesheet, Script, Fetch, Image… */
  readonly resourceType: string;
}

/** The parts of a Lighthouse result (lhr) the audit reads. */
export interface LighthouseResult {
  readonly categories: Partial<
    Record<
      LighthouseCategory,
      {
        readonly score: number | null;
        readonly auditRefs?: readonly { readonly id: string; readonly weight: number }[];
      }
    >
  >;
  readonly audits: Record<
    string,
    { readonly score?: number | null; readonly details?: { readonly items?: readonly unknown[] } }
  >;
}

/** One page type's line in the report. */
export interface PageAudit {
  /** Page type, e.g. "post". */
  readonly label: string;
  readonly path: string;
  /** Scores 0–100; null when Lighthouse could not score the category. */
  readonly scores: Record<LighthouseCategory, number | null>;
  /** Gzipped bytes by kind, and their total. */
  readonly gzipBytes: Record<TransferKind | 'total', number>;
  readonly requestCount: number;
  /** Scored audits that cost points, as `category/audit-id`, so a miss says why. */
  readonly failingAudits: readonly string[];
}

/** Targets from the issue: 100 everywhere, a post under 14 KiB with no JS, JS only on search. */
export const budgets = {
  score: 100,
  postTotalBytes: 14 * 1024,
  /** Page types allowed to load JavaScript. */
  scriptPages: ['search'],
} as const;

/** Reads the four category scores (0–100) out of a Lighthouse result. */
export function readScores(lhr: LighthouseResult): Record<LighthouseCategory, number | null> {
  const scores = {} as Record<LighthouseCategory, number | null>;
  for (const category of lighthouseCategories) {
    const score = lhr.categories[category]?.score;
    scores[category] = typeof score === 'number' ? Math.round(score * 100) : null;
  }
  return scores;
}

/** The weighted audits below full marks, as `category/audit-id`. */
export function readFailingAudits(lhr: LighthouseResult): string[] {
  return lighthouseCategories.flatMap((category) =>
    (lhr.categories[category]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .filter((ref) => {
        const score = lhr.audits[ref.id]?.score;
        return typeof score === 'number' && score < 1;
      })
      .map((ref) => `${category}/${ref.id}`),
  );
}

/** The requests of the `network-requests` audit (every request the page made). */
export function readRequests(lhr: LighthouseResult): AuditRequest[] {
  const items = lhr.audits['network-requests']?.details?.items ?? [];
  return items.flatMap((item) => {
    const { url, resourceType } = item as { url?: unknown; resourceType?: unknown };
    return typeof url === 'string' && !url.startsWith('data:')
      ? [{ url, resourceType: typeof resourceType === 'string' ? resourceType : 'Other' }]
      : [];
  });
}

/** Sorts a request into the report's columns. */
export function classifyRequest(request: AuditRequest): TransferKind {
  switch (request.resourceType) {
    case 'Document':
      return 'html';
    case 'Stylesheet':
      return 'css';
    case 'Script':
      return 'js';
    default:
      return 'other';
  }
}

/** Bytes of `body` after gzip at zlib's default level (what a static host typically sends). */
export function measureGzip(body: Uint8Array): number {
  return gzipSync(body).byteLength;
}

/** Adds up gzipped sizes per kind; `sizes` holds each request's gzipped size. */
export function sumTransfer(
  requests: readonly AuditRequest[],
  sizes: readonly number[],
): Record<TransferKind | 'total', number> {
  const sums = { html: 0, css: 0, js: 0, other: 0, total: 0 };
  requests.forEach((request, index) => {
    const size = sizes[index] ?? 0;
    sums[classifyRequest(request)] += size;
    sums.total += size;
  });
  return sums;
}

/** Formats bytes as KiB with one decimal. */
export function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)}`;
}

/** The report as a Markdown table (it goes into the README as printed). */
export function formatAuditTable(audits: readonly PageAudit[]): string {
  const header =
    '| page type | path | perf | a11y | best pr. | SEO | HTML | CSS | JS | other | total KiB gz | requests |';
  const rule = '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';
  const rows = audits.map((audit) => {
    const scores = lighthouseCategories.map((category) => audit.scores[category] ?? '–');
    const sizes = (['html', 'css', 'js', 'other', 'total'] as const).map((kind) =>
      formatKiB(audit.gzipBytes[kind]),
    );
    return `| ${audit.label} | \`${audit.path}\` | ${scores.join(' | ')} | ${sizes.join(' | ')} | ${audit.requestCount} |`;
  });
  return [header, rule, ...rows].join('\n');
}

/** Every target a page misses, as sentences; empty when all are met. */
export function listBudgetMisses(audits: readonly PageAudit[]): string[] {
  const misses: string[] = [];
  for (const audit of audits) {
    for (const category of lighthouseCategories) {
      const score = audit.scores[category];
      if (score === null || score < budgets.score) {
        const why = audit.failingAudits
          .filter((id) => id.startsWith(`${category}/`))
          .map((id) => id.slice(category.length + 1));
        misses.push(
          `${audit.label}: Lighthouse ${category} ${score ?? 'not scored'} (target ${budgets.score})${why.length > 0 ? `: ${why.join(', ')}` : ''}`,
        );
      }
    }
    const mayScript = (budgets.scriptPages as readonly string[]).includes(audit.label);
    if (!mayScript && audit.gzipBytes.js > 0) {
      misses.push(
        `${audit.label}: loads ${formatKiB(audit.gzipBytes.js)} KiB of JavaScript (allowed only on search)`,
      );
    }
    if (audit.label === 'post' && audit.gzipBytes.total > budgets.postTotalBytes) {
      misses.push(
        `post: ${formatKiB(audit.gzipBytes.total)} KiB gzipped in total (target ≤ ${formatKiB(budgets.postTotalBytes)} KiB)`,
      );
    }
  }
  return misses;
}
