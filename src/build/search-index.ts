/**
 * The search index: pagefind reads the built HTML and writes its index and
 * client bundle into `<site>/pagefind/`. Only elements marked
 * `data-pagefind-body` (post and help page bodies) are indexed, so headers,
 * footers, listings and the Follow widget never show up in results.
 */
import { join } from 'node:path';
import { close, createIndex } from 'pagefind';

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

/**
 * Indexes every HTML page of the built site in `siteDir` and writes the
 * bundle to `siteDir/pagefind/`. Throws when pagefind fails or indexes
 * nothing (a site with no marked body would ship a search that never finds).
 */
export async function indexSite(siteDir: string): Promise<SearchIndexSummary> {
  try {
    const created = await createIndex({
      forceLanguage: 'en',
      // "Posted in News. Comments Off" is on every post: indexing it would make
      // "news" match everything.
      excludeSelectors: ['.post-meta'],
    });
    assertNoErrors('createIndex', created.errors);
    if (!created.index) throw new Error('pagefind createIndex returned no index');
    const added = await created.index.addDirectory({ path: siteDir });
    assertNoErrors('addDirectory', added.errors);
    if (added.page_count === 0) {
      throw new Error(`no pages indexed in ${siteDir}: is data-pagefind-body on the post article?`);
    }
    const outputPath = join(siteDir, searchBundleDir);
    const written = await created.index.writeFiles({ outputPath });
    assertNoErrors('writeFiles', written.errors);
    return { pageCount: added.page_count, outputPath };
  } catch (error) {
    throw new Error(`Search indexing failed for ${siteDir}`, { cause: error });
  } finally {
    // The pagefind service is a child process; leaving it running keeps Node alive.
    await close();
  }
}
