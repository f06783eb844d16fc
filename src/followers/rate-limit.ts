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

/** Most keys kept at once by default; beyond it, the oldest windows are dropped first. */
export const defaultMaxKeys = 50_000;

/** The eight 16-bit groups of an IPv6 address, or null when it is not one. */
function parseIpv6Groups(address: string): number[] | null {
  let text = address;
  // A trailing dotted quad (::ffff:192.0.2.1, 64:ff9b::192.0.2.1) is two groups.
  const quad = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (quad) {
    const bytes = quad.slice(1).map(Number);
    if (bytes.some((byte) => byte > 255)) return null;
    const [a, b, c, d] = bytes as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => Number.parseInt(group, 16));
}

/**
 * The key a client address is limited by. One IPv6 customer usually holds a
 * whole /64 and can rotate through it freely, so IPv6 addresses count by
 * their /64; IPv4 (also written IPv4-mapped, ::ffff:a.b.c.d) by the address.
 * Anything else is used as it is.
 */
export function formatClientKey(address: string): string {
  const text = address
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
  if (!text.includes(':')) return text;
  const groups = parseIpv6Groups(text);
  if (!groups) return text;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high, low] = groups.slice(6) as [number, number];
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/**
 * A limiter for one limit. When `maxKeys` keys are held, the oldest windows
 * (most likely expired) are dropped, never the recent ones, so filling the
 * table with new keys cannot reset a client that is being limited now.
 */
export function createRateLimiter(rule: RateLimit, maxKeys = defaultMaxKeys): RateLimiter {
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
            if (windows.size < Math.max(1, Math.floor(maxKeys * 0.9))) break;
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
