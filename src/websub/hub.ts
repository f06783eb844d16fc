/**
 * Telling a WebSub hub that a feed changed ("publish" ping: a form POST with
 * `hub.mode=publish` and `hub.url=<feed>`), with retries for what may pass.
 */

/** How often and how patiently to try one ping. */
export interface PingRetry {
  /** Tries in all, at least 1. */
  readonly attempts: number;
  /** Wait before the second try; doubles after each. */
  readonly baseDelayMs: number;
  /** How long one request may take. */
  readonly timeoutMs: number;
}

/** Three tries, 1 s then 2 s apart, 10 s each. */
export const defaultPingRetry: PingRetry = { attempts: 3, baseDelayMs: 1000, timeoutMs: 10_000 };

/** The outcome of pinging one feed. */
export type PingResult =
  | { readonly ok: true; readonly attempts: number }
  | {
      readonly ok: false;
      readonly attempts: number;
      readonly error: string;
      /** True when the hub is down or overloaded (no answer, 5xx, 429), not refusing this feed. */
      readonly hubDown: boolean;
    };

/** Sleeps, for the backoff. */
function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Pings `hub` about `feedUrl`. A 2xx answer is success; 4xx is final (the hub
 * refuses: trying again would not help); 5xx, 429 and network errors are retried.
 */
export async function pingHub(
  hub: string,
  feedUrl: string,
  retry: PingRetry = defaultPingRetry,
  fetchImpl: typeof fetch = fetch,
): Promise<PingResult> {
  let error = '';
  for (let attempt = 1; attempt <= retry.attempts; attempt += 1) {
    if (attempt > 1) await wait(retry.baseDelayMs * 2 ** (attempt - 2));
    try {
      const response = await fetchImpl(hub, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': feedUrl }).toString(),
        signal: AbortSignal.timeout(retry.timeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) return { ok: true, attempts: attempt };
      error = `the hub answered ${response.status}`;
      if (response.status < 500 && response.status !== 429) {
        return { ok: false, attempts: attempt, error, hubDown: false };
      }
    } catch (cause) {
      error = `the hub is unreachable (${(cause as Error).message})`;
    }
  }
  return { ok: false, attempts: retry.attempts, error, hubDown: true };
}
