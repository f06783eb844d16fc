/**
 * The search index: pagefind reads the built HTML and writes its index and
 * client bundle into `<site>/pagefind/`. Only elements marked
 * `data-pagefind-body` (post and help page bodies) are indexed, so headers,
 * footers, listings and the Follow widget never show up in results.
 */
import { join } from 'node:path';
import { close, createIndex, type PagefindIndex } from 'pagefind';

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

/** A failure with the site it was indexing named. */
const wrapFailure = (siteDir: string, error: unknown) =>
  new Error(`Search indexing failed for ${siteDir}`, { cause: error });

/**
 * Starts indexing every HTML page of the built site in `siteDir` into
 * `siteDir/pagefind/`. Resolves as soon as pagefind has been told to read
 * the site: it indexes in its own process while the caller does other work
 * (the build runs its link check meanwhile), and `finished` settles when the
 * bundle is written. Fails when pagefind fails or indexes nothing (a site
 * with no marked body would ship a search that never finds).
 */
export async function startSiteIndex(siteDir: string): Promise<RunningSearchIndex> {
  let index: PagefindIndex;
  try {
    const created = await createIndex({
      forceLanguage: 'en',
      // "Posted in News. Comments Off" is on every post: indexing it would make
      // "news" match everything.
      excludeSelectors: ['.post-meta'],
    });
    assertNoErrors('createIndex', created.errors);
    if (!created.index) throw new Error('pagefind createIndex returned no index');
    index = created.index;
  } catch (error) {
    await close();
    throw wrapFailure(siteDir, error);
  }
  // Sent now: pagefind reads the site while this process goes on.
  const adding = index.addDirectory({ path: siteDir });
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
