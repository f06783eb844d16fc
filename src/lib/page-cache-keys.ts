/**
 * Cache keys for Astro's incremental build (`experimental.incrementalBuild` in
 * astro.config.mjs): a page whose key, templates and rendered content entries
 * are unchanged since the last build is copied from Astro's cache instead of
 * rendered again. A key must therefore cover every piece of data the page
 * shows; a change the key misses would leave the page stale, which
 * test/build/rebuild.test.ts (a rebuild against a clean build) is there to catch.
 */
import { createHash } from 'node:crypto';
import type { Neighbours, Post } from './posts.ts';

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
export function formatPostCacheKey<E extends { readonly digest?: string | number | undefined }>(
  post: Post<E>,
  neighbours: Neighbours<E>,
  shown: unknown,
): string {
  const { entry, ...fields } = post;
  const link = (other: Post<E> | undefined) => other && { path: other.path, title: other.title };
  return hashCacheKey([
    entry.digest,
    fields,
    link(neighbours.older),
    link(neighbours.newer),
    shown,
  ]);
}
