/**
 * The follower service's public face, in one table: where its routes live, the
 * honeypot field the Follow form carries, and the headers it sets on every answer.
 * The service (src/followers/), the Follow widget, the built-site link check and
 * the nginx generator (src/deploy/nginx/) all read it from here, so they cannot drift.
 * No `astro:` imports and no I/O: plain Node scripts and tests load it as it is.
 */

/** Path prefix of every follower-service route (no trailing slash). nginx proxies `${prefix}/` to the service. */
export const FOLLOWER_BASE_PATH = '/followers';

/** The follower-service routes, relative to {@link FOLLOWER_BASE_PATH}. */
export const FOLLOWER_ROUTES = {
  subscribe: '/subscribe',
  confirm: '/confirm',
  unsubscribe: '/unsubscribe',
  /** The signed "Manage your subscription" page (GET shows, POST saves), and asking for a new link. */
  preferences: '/preferences',
  count: '/count',
  health: '/health',
} as const satisfies Record<string, `/${string}`>;

/** A follower-service route name. */
export type FollowerRoute = keyof typeof FOLLOWER_ROUTES;

/** Absolute path of a follower-service route, e.g. `/followers/subscribe`. */
export function formatFollowerPath(route: FollowerRoute): string {
  return `${FOLLOWER_BASE_PATH}${FOLLOWER_ROUTES[route]}`;
}

/** Name of the Follow form's honeypot field: hidden from people, filled in by naive bots. */
export const HONEYPOT_FIELD = 'website';

/**
 * Headers the service sets on every answer itself: no caching of token pages, no
 * token leaking through Referer, and a CSP stricter than the blog's. nginx must not
 * add its own of these on the service's prefix: a second Referrer-Policy would
 * override `no-referrer`, a second Cache-Control would contradict `no-store`.
 */
export const FOLLOWER_SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
} as const satisfies Record<string, string>;
