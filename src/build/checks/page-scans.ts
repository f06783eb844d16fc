/**
 * The link check's scans of every page, kept between builds. Parsing each
 * page is most of the check's work (about 1.5 s of 2.6 at 5,000 posts), and a
 * rebuild after editing one post changes a handful of pages: a page whose HTML
 * is byte for byte the one scanned last time (same path, same digest, same
 * scanner code and parser version) takes that scan instead of being parsed
 * again. A scan is a function of the page alone, so a reused one is exactly
 * what parsing would give; resolving the links (which depends on every other
 * page) is always done again.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { digestPage, digestParts, readPackageVersion } from '../step-records.ts';
import { scanPage, type PageScan, type PageUrl } from './page-urls.ts';
import type { SitePage } from './types.ts';

/** One page's scan as stored: URLs as `[raw, source, loadsWithPage]`. */
interface StoredScan {
  readonly digest: string;
  readonly urls: readonly (readonly [string, string, boolean])[];
  readonly anchors: readonly string[];
}

/** The scans of one build's pages, by page path. */
export interface PageScanStore {
  /** The scanner's code and parser version the scans were made with. */
  readonly scanner: string;
  readonly pages: Readonly<Record<string, StoredScan>>;
}

/** Scans of the pages of one build, and what to store for the next. */
export interface ScannedPages {
  /** Each page's scan, by page path. */
  readonly scans: ReadonlyMap<string, PageScan>;
  /** How many pages were parsed (the rest were taken from the store). */
  readonly parsed: number;
  /** The store to keep for the next build: this build's pages only. */
  readonly store: PageScanStore;
}

/** What decides a scan besides the page: the scanner's code and the parser's version. */
function identifyScanner(): string {
  return digestParts([
    readFileSync(new URL('./page-urls.ts', import.meta.url), 'utf8'),
    readPackageVersion('htmlparser2'),
  ]);
}

/**
 * Every page's scan: taken from `previous` when the page is unchanged since
 * it was stored there, parsed otherwise.
 */
export function scanPages(
  pages: readonly SitePage[],
  previous: PageScanStore | undefined,
): ScannedPages {
  const scanner = identifyScanner();
  const stored = previous?.scanner === scanner ? previous.pages : {};
  const scans = new Map<string, PageScan>();
  const next: Record<string, StoredScan> = {};
  let parsed = 0;
  for (const page of pages) {
    const digest = digestPage(page);
    const kept = Object.hasOwn(stored, page.path) ? stored[page.path] : undefined;
    if (kept?.digest === digest && Array.isArray(kept.urls) && Array.isArray(kept.anchors)) {
      scans.set(page.path, {
        urls: kept.urls.map(([raw, source, loadsWithPage]): PageUrl => ({
          raw,
          source,
          loadsWithPage,
        })),
        anchors: new Set(kept.anchors),
      });
      next[page.path] = kept;
      continue;
    }
    const scan = scanPage(page.html);
    parsed += 1;
    scans.set(page.path, scan);
    next[page.path] = {
      digest,
      urls: scan.urls.map(
        ({ raw, source, loadsWithPage }) => [raw, source, loadsWithPage] as const,
      ),
      anchors: [...scan.anchors],
    };
  }
  return { scans, parsed, store: { scanner, pages: next } };
}

/** The store in `file`, or undefined when there is none or it cannot be read. */
export function readPageScanStore(file: string): PageScanStore | undefined {
  try {
    const store = JSON.parse(readFileSync(file, 'utf8')) as Partial<PageScanStore>;
    return typeof store.scanner === 'string' && typeof store.pages === 'object' && store.pages
      ? (store as PageScanStore)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `store` to `file`. */
export function writePageScanStore(file: string, store: PageScanStore): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(store));
}
