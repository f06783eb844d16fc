/**
 * Fixed-window request counters in memory: enough for one service process,
 * which is how the follower service runs. Keys are like `ip:…` or `email:…`.
 */

/** A limit: at most `limit` hits per `windowMs`. */
export interface RateLimit {
  /** Hits allowed in one window. */
  readonly limit: number;
  /** Window length in milliseconds. */
  readonly windowMs: number;
}

/** Counts hits per key. */
export interface RateLimiter {
  /** Counts a hit for `key`; false when the key is over its limit in this window. */
  tryHit(key: string, now: number): boolean;
}

/** Most keys kept at once; beyond it, the oldest windows are dropped first. */
const maxKeys = 50_000;

/** A limiter for one limit. */
export function createRateLimiter(rule: RateLimit): RateLimiter {
  const windows = new Map<string, { start: number; hits: number }>();
  return {
    tryHit(key, now) {
      let window = windows.get(key);
      if (!window || now - window.start >= rule.windowMs) {
        windows.delete(key);
        if (windows.size >= maxKeys) {
          // Maps iterate in insertion order: the first entries are the oldest windows.
          for (const oldKey of windows.keys()) {
            windows.delete(oldKey);
            if (windows.size < maxKeys * 0.9) break;
          }
        }
        window = { start: now, hits: 0 };
        windows.set(key, window);
      }
      window.hits += 1;
      return window.hits <= rule.limit;
    },
  };
}
