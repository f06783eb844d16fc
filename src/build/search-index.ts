/**
 * The search index: pagefind reads the built HTML and writes its index and
 * client bundle into `<site>/pagefind/`. Only elements marked
 * `data-pagefind-body` (post, help and standalone page bodies) are indexed, so
 * headers, footers, listings and the Follow widget never show up in results;
 * the build hands pagefind only the pages that have one.
 */
import {
  copyFileSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { close, createIndex, type PagefindIndex } from 'pagefind';
import type { SitePage } from './checks/types.ts';
import { digestPage, digestParts, readPackageVersion, type StepRecord } from './step-records.ts';

/** Folder under the site root that holds the index and `pagefind.js`. */
export const searchBundleDir = 'pagefind';

/** What the indexer did. */
export interface SearchIndexSummary {
  /** Number of HTML pages pagefind indexed. */
  readonly pageCount: number;
  /** Absolute path the bundle was written to. */
  readonly outputPath: string;
}

/** Fails with pagefind's own error list, which names the file it choked on. */
function assertNoErrors(step: string, errors: readonly string[]): void {
  if (errors.length > 0) {
    throw new Error(`pagefind ${step} reported: ${errors.join('; ')}`);
  }
}

/** An index being built: pagefind reads the site in its own process while the caller goes on. */
export interface RunningSearchIndex {
  /** Settles when the bundle is written (or indexing failed); the pagefind service is closed either way. */
  readonly finished: Promise<SearchIndexSummary>;
}

/** The attribute that marks a page's searchable body (Pagefind skips pages without one). */
const BODY_MARKER = 'data-pagefind-body';

/** How pagefind indexes the site. */
const INDEX_OPTIONS = {
  forceLanguage: 'en',
  // "Posted in News. Comments Off" is on every post: indexing it would make
  // "news" match everything.
  excludeSelectors: ['.post-meta'],
};

/** Hard-links (copies across file systems) `from` to `to`, making its folder. */
function linkFile(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(from, to);
  }
}

/**
 * A digest of everything the index is made from: the pages with a searchable
 * body (path and a digest of the whole HTML), pagefind's version and options, and this
 * module's code. Equal digests make the same index.
 */
export function digestSearchInput(pages: readonly SitePage[]): string {
  const searchable = pages
    .filter((page) => page.html.includes(BODY_MARKER))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return digestParts([
    // pagefind's binary comes in a package of the same version.
    readPackageVersion('pagefind'),
    JSON.stringify(INDEX_OPTIONS),
    readFileSync(fileURLToPath(import.meta.url), 'utf8'),
    ...searchable.flatMap((page) => [page.path, digestPage(page)]),
  ]);
}

/** Every file under `folder`, relative to it, sorted. */
function listFilesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

/** A digest of the search bundle in `siteDir` (its files' names and sizes), or undefined when it has none. */
export function digestSearchBundle(siteDir: string): string | undefined {
  const bundle = join(siteDir, searchBundleDir);
  try {
    return digestParts(
      listFilesUnder(bundle).flatMap((file) => [file, String(statSync(join(bundle, file)).size)]),
    );
  } catch {
    return undefined;
  }
}

/**
 * True when the last published build's index, in `previousSite`, is the
 * index of pages whose input digest is `digest`: its record says so, and the
 * bundle there is still the one it wrote.
 */
export function canReuseSearchBundle(
  record: StepRecord | undefined,
  digest: string,
  previousSite: string,
): boolean {
  return (
    record?.digest === digest &&
    record.output !== undefined &&
    record.output === digestSearchBundle(previousSite)
  );
}

/** Puts the search bundle of `fromSite` into `toSite` (hard links; the files are never changed in place). */
export function reuseSearchBundle(fromSite: string, toSite: string): void {
  const from = join(fromSite, searchBundleDir);
  const to = join(toSite, searchBundleDir);
  rmSync(to, { recursive: true, force: true });
  for (const file of listFilesUnder(from)) linkFile(join(from, file), join(to, file));
}

/**
 * Gives `pagesDir` a hard link (a copy across file systems) to every page of
 * the built site in `siteDir` that has a searchable body, at the same path.
 * Pagefind reads only those: it would otherwise parse every listing page, full
 * posts and all, only to skip it (about 4 s of its 12 at 5,000 posts). A page
 * that merely mentions the attribute is linked too and costs Pagefind a parse;
 * none with a body is ever left out. Returns how many were linked.
 */
export function linkSearchablePages(
  siteDir: string,
  pages: readonly SitePage[],
  pagesDir: string,
): number {
  rmSync(pagesDir, { recursive: true, force: true });
  let linked = 0;
  for (const page of pages) {
    if (!page.html.includes(BODY_MARKER)) continue;
    const file = page.path.endsWith('/') ? `${page.path}index.html` : page.path;
    linkFile(join(siteDir, file), join(pagesDir, file));
    linked += 1;
  }
  return linked;
}

/** A failure with the site it was indexing named. */
const wrapFailure = (siteDir: string, error: unknown) =>
  new Error(`Search indexing failed for ${siteDir}`, { cause: error });

/**
 * Starts indexing the HTML pages of the built site in `siteDir` (or only
 * those in `options.pagesDir`) into `siteDir/pagefind/`. Resolves as soon as
 * pagefind has been told to read them: it indexes in its own process while
 * the caller does other work (the build runs its link check meanwhile), and
 * `finished` settles when the bundle is written. Fails when pagefind fails or
 * indexes nothing (a site with no marked body would ship a search that never
 * finds).
 */
export async function startSiteIndex(
  siteDir: string,
  options: {
    /** The pages to read, when not all of `siteDir` (see `linkSearchablePages`); URLs follow their paths here. */
    readonly pagesDir?: string;
  } = {},
): Promise<RunningSearchIndex> {
  let index: PagefindIndex;
  try {
    const created = await createIndex(INDEX_OPTIONS);
    assertNoErrors('createIndex', created.errors);
    if (!created.index) throw new Error('pagefind createIndex returned no index');
    index = created.index;
  } catch (error) {
    await close();
    throw wrapFailure(siteDir, error);
  }
  // Sent now: pagefind reads the site while this process goes on.
  const adding = index.addDirectory({ path: options.pagesDir ?? siteDir });
  const finished = (async () => {
    try {
      const added = await adding;
      assertNoErrors('addDirectory', added.errors);
      if (added.page_count === 0) {
        throw new Error(
          `no pages indexed in ${siteDir}: is data-pagefind-body on the post article?`,
        );
      }
      const outputPath = join(siteDir, searchBundleDir);
      const written = await index.writeFiles({ outputPath });
      assertNoErrors('writeFiles', written.errors);
      return { pageCount: added.page_count, outputPath };
    } catch (error) {
      throw wrapFailure(siteDir, error);
    } finally {
      // The pagefind service is a child process; leaving it running keeps Node alive.
      await close();
    }
  })();
  return { finished };
}

/** Indexes the built site in `siteDir` and waits for the bundle (see `startSiteIndex`). */
export async function indexSite(siteDir: string): Promise<SearchIndexSummary> {
  return (await startSiteIndex(siteDir)).finished;
}
