import { describe, expect, test } from 'vitest';
import { pingHub } from '../../src/websub/hub.ts';

const retry = { attempts: 3, baseDelayMs: 1, timeoutMs: 1000 };

/** A fetch that answers from a script of statuses (a number) or failures (an Error), recording each request. */
function scriptFetch(answers: (number | Error)[]) {
  const requests: { url: string; body: string; type: string | null }[] = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    requests.push({
      url: String(url),
      body: String(init?.body),
      type: new Headers(init?.headers).get('content-type'),
    });
    const answer = answers.shift() ?? 500;
    if (answer instanceof Error) throw answer;
    return new Response(null, { status: answer });
  }) as typeof fetch;
  return { fetchImpl, requests };
}

describe('pingHub', () => {
  test('posts hub.mode=publish and the feed URL as a form', async () => {
    const { fetchImpl, requests } = scriptFetch([204]);
    const result = await pingHub(
      'https://hub.example/',
      'https://blog.example/feed.xml',
      retry,
      fetchImpl,
    );
    expect(result).toEqual({ ok: true, attempts: 1 });
    expect(requests).toEqual([
      {
        url: 'https://hub.example/',
        body: 'hub.mode=publish&hub.url=https%3A%2F%2Fblog.example%2Ffeed.xml',
        type: 'application/x-www-form-urlencoded',
      },
    ]);
  });

  test.each([
    ['a 5xx, then success', [503, 204], { ok: true, attempts: 2 }],
    ['a network error, then success', [new Error('ECONNREFUSED'), 202], { ok: true, attempts: 2 }],
    ['429 is retried', [429, 429, 200], { ok: true, attempts: 3 }],
    [
      'a 4xx is final',
      [400],
      { ok: false, attempts: 1, error: 'the hub answered 400', hubDown: false },
    ],
    [
      '5xx every time',
      [500, 502, 503],
      { ok: false, attempts: 3, error: 'the hub answered 503', hubDown: true },
    ],
    [
      'unreachable every time',
      [new Error('ECONNREFUSED'), new Error('ECONNREFUSED'), new Error('ECONNREFUSED')],
      { ok: false, attempts: 3, error: 'the hub is unreachable (ECONNREFUSED)', hubDown: true },
    ],
  ] as const)('%s', async (_, answers, expected) => {
    const { fetchImpl, requests } = scriptFetch([...answers]);
    expect(
      await pingHub('https://hub.example/', 'https://blog.example/feed.xml', retry, fetchImpl),
    ).toEqual(expected);
    expect(requests).toHaveLength(expected.attempts);
  });
});
