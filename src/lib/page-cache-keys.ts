/**
 * Cache keys for Astro's incremental build (`experimental.incrementalBuild` in
 * astro.config.mjs): a page whose key, templates and rendered content entries
 * are unchanged since the last build is copied from Astro's cache instead of
 * rendered again. A key must therefore cover every piece of data the page
 * shows; a change the key misses would leave the page stale, which
 * test/build/rebuild.test.ts (a rebuild against a clean build) is there to catch.
 */
import { createHash } from 'node:crypto';
import type { ListingPage } from './pagination.ts';
import type { Neighbours, Post } from './posts.ts';

/** A post's source file as Astro's content layer saw it (`digest`: a hash of the file). */
type DigestedEntry = { readonly digest?: string | number | undefined };

/** Hashes JSON-serialisable inputs into a short, stable cache key (SHA-256, hex). */
export function hashCacheKey(inputs: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(inputs) ?? '')
    .digest('hex');
}

/**
 * The key of a post's page: the post's own fields and its source file's
 * digest, the title and address of its older and newer neighbours, and
 * `shown` (whatever else the page shows: site-wide navigation, the follower
 * count, the post's comment archive).
 */
export function formatPostCacheKey<E extends DigestedEntry>(
  post: Post<E>,
  neighbours: Neighbours<E>,
  shown: unknown,
): string {
  const link = (other: Post<E> | undefined) => other && { path: other.path, title: other.title };
  return hashCacheKey([describePost(post), link(neighbours.older), link(neighbours.newer), shown]);
}

/**
 * The key of one page of a listing that shows its posts in full (the home
 * page, a category's or a tag's pages): its place in the listing (number,
 * total, the newer and older pages), each post as its own page's key sees it,
 * and `shown` (whatever else the page shows: the listing's name, site-wide
 * navigation, the follower count, the posts' comment archives). Editing one
 * post changes only the keys of the pages that show it.
 */
export function formatListingCacheKey<E extends DigestedEntry>(
  page: ListingPage<Post<E>>,
  shown: unknown,
): string {
  const { items, ...position } = page;
  return hashCacheKey([position, items.map(describePost), shown]);
}

/** What a page shows of a post: its source file's digest and its fields (title, dates…). */
function describePost<E extends DigestedEntry>(post: Post<E>): unknown {
  const { entry, ...fields } = post;
  return [entry.digest, fields];
}
