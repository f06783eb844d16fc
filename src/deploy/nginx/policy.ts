/**
 * What the blog promises browsers and caches: its Content-Security-Policy, the
 * security headers on every answer, and how long each kind of file may be cached.
 * The follower service's own headers come from its table in src/data/.
 */
import { FOLLOWER_SECURITY_HEADERS } from '../../data/follower-service.ts';

/**
 * Content-Security-Policy of the blog. The pages carry no inline script, but
 * Astro inlines small stylesheets (hence `'unsafe-inline'` for styles only);
 * the search page runs Pagefind's script and WebAssembly from `/pagefind/`
 * (hence `'wasm-unsafe-eval'`); the Follow form posts to the same origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

/** Security headers every blog response carries (`always`: error pages too). */
export const BLOG_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  // One year, no includeSubDomains: insecure.fastmail.fm must stay reachable over http.
  ['Strict-Transport-Security', 'max-age=31536000'],
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
];

/**
 * Headers the follower service sets on every answer itself. nginx must not add
 * its own of these on the service's prefix (see `FOLLOWER_SECURITY_HEADERS`).
 */
export const FOLLOWER_SERVICE_OWN_HEADERS: readonly string[] =
  Object.keys(FOLLOWER_SECURITY_HEADERS);

/** The blog's security headers nginx adds on the follower service's answers: those it does not set itself. */
export const FOLLOWER_ADDED_HEADERS = BLOG_SECURITY_HEADERS.filter(
  ([name]) => !FOLLOWER_SERVICE_OWN_HEADERS.includes(name),
);

/** Cache-Control of files under /_astro/, whose names carry a content hash. */
export const HASHED_ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** Cache-Control of everything else: revalidate each time (nginx answers 304 from ETag). */
export const DEFAULT_CACHE_CONTROL = 'no-cache';
