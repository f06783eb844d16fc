/**
 * Cache keys for Astro's incremental build (`experimental.incrementalBuild` in
 * astro.config.mjs): a page whose key, templates and rendered content entries
 * are unchanged since the last build is copied from Astro's cache instead of
 * rendered again. A key must therefore cover every piece of data the page
 * shows; a change the key misses would leave the page stale, which
 * test/build/rebuild.test.ts (a rebuild against a clean build) is there to catch.
 */
import type { Neighbours, Post } from './posts.ts';

/** cyrb53, a fast 53-bit string hash (public domain), so src/lib needs no node:crypto. */
function hashString(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Hashes JSON-serialisable inputs into a short, stable cache key: two 53-bit
 * hashes with different seeds, so a changed page keeps its old key with a
 * chance of about 1 in 2^106.
 */
export function hashCacheKey(inputs: unknown): string {
  const text = JSON.stringify(inputs) ?? '';
  return `${hashString(text, 1).toString(36)}-${hashString(text, 2).toString(36)}`;
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
