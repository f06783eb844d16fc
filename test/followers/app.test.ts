import { describe, expect, test } from 'vitest';
import { HONEYPOT_FIELD } from '../../src/data/follower-service.ts';
import { createFollowerApp, defaultConfirmTtlMs } from '../../src/followers/app.ts';
import type { FollowerAppOptions } from '../../src/followers/app.ts';
import { openFollowerStore } from '../../src/followers/store/index.ts';
import { confirmResendIntervalMs } from '../../src/followers/store/sign-ups.ts';
import { deriveUnsubscribeToken, hashToken } from '../../src/followers/tokens.ts';
import { createClock, createFakeMailer } from '../support/fakes.ts';

const secret = 'test-secret-test-secret-test-secret-0123';

/** A fresh app on an in-memory store with a fake mailer; the client address comes from a test header. */
function setUpApp(overrides: Partial<FollowerAppOptions> = {}) {
  const store = openFollowerStore(':memory:');
  const mailer = createFakeMailer();
  const clock = createClock();
  const errors: unknown[] = [];
  /** An app on this database and clock, as a (re)started process would run it. */
  const startApp = (more: Partial<FollowerAppOptions>) => {
    const app = createFollowerApp({
      store: store.signUps,
      preferences: store.preferences,
      mailer,
      secret,
      site: { title: 'Test Weblog', baseUrl: 'https://blog.example.com' },
      clientIp: (c) => c.req.header('x-test-ip') ?? '192.0.2.1',
      now: clock.now,
      logError: (_message, error) => errors.push(error),
      ...more,
    });
    /** POSTs the Follow form. */
    const follow = (email: string, extra: Record<string, string> = {}, ip = '192.0.2.1') =>
      app.request('/followers/subscribe', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test-ip': ip },
        body: new URLSearchParams({ email, [HONEYPOT_FIELD]: '', ...extra }).toString(),
      });
    return { app, follow };
  };
  const { app, follow } = startApp(overrides);
  /** The same database served by a new process (its own mailer, say, or secret). */
  const restart = (more: Partial<FollowerAppOptions>) => startApp({ ...overrides, ...more });
  return { app, store, mailer, clock, follow, restart, errors };
}

/** The token in the last confirmation email's link. */
function readConfirmToken(text: string): string {
  const match = /\/followers\/confirm\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no confirm link in: ${text}`);
  return match[1];
}

/** Subscribes and confirms an address; returns its unsubscribe token. */
async function followAndConfirm(setup: ReturnType<typeof setUpApp>, email: string): Promise<void> {
  await setup.follow(email);
  const token = readConfirmToken(setup.mailer.sent.at(-1)?.text ?? '');
  const response = await setup.app.request(`/followers/confirm?token=${token}`, { method: 'POST' });
  expect(response.status).toBe(200);
}

describe('POST /followers/subscribe', () => {
  test('a new address gets the "check your inbox" page and one confirmation email', async () => {
    const setup = setUpApp();
    const response = await setup.follow('reader@example.com');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Check your inbox');
    expect(setup.mailer.sent).toHaveLength(1);
    const [message] = setup.mailer.sent;
    expect(message?.to).toBe('reader@example.com');
    expect(message?.text).toContain('https://blog.example.com/followers/confirm?token=');
    expect(setup.store.signUps.countConfirmed()).toBe(0);
  });

  test('a known address gets the same answer, and a confirmed one gets no email', async () => {
    const setup = setUpApp();
    await followAndConfirm(setup, 'reader@example.com');
    const before = setup.mailer.sent.length;
    const known = await setup.follow('reader@example.com', {}, '192.0.2.9');
    const unknown = await setup.follow('someone-else@example.com', {}, '192.0.2.9');
    expect(known.status).toBe(unknown.status);
    expect(await known.text()).toBe(await unknown.text());
    expect(setup.mailer.sent.length).toBe(before + 1);
    expect(setup.mailer.sent.at(-1)?.to).toBe('someone-else@example.com');
  });

  test('JSON bodies are accepted and answered in JSON', async () => {
    const setup = setUpApp();
    const response = await setup.app.request('/followers/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'json@example.com' }),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'pending' });
    expect(setup.mailer.sent).toHaveLength(1);
  });

  test.each([
    ['empty', ''],
    ['no at sign', 'reader.example.com'],
    ['no domain dot', 'reader@localhost'],
    ['CR LF header injection', 'reader@example.com\r\nBcc: victim@example.com'],
    ['LF only', 'reader@example.com\nBcc: victim@example.com'],
    ['display name', 'Reader <reader@example.com>'],
    ['two at signs', 'a@b@example.com'],
    ['space inside', 'rea der@example.com'],
    [
      '255 characters',
      `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`,
    ],
  ])('rejects an address with %s, sending nothing', async (_label, email) => {
    const setup = setUpApp();
    const response = await setup.follow(email);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('That address does not look right');
    expect(setup.mailer.attempts).toHaveLength(0);
    expect(setup.store.operator.listFollowers()).toHaveLength(0);
  });

  test('JSON with a non-string email is a 400', async () => {
    const setup = setUpApp();
    const response = await setup.app.request('/followers/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ['a@example.com'] }),
    });
    expect(response.status).toBe(400);
  });

  test('an unreadable body or an unknown content type is a 400', async () => {
    const setup = setUpApp();
    const broken = await setup.app.request('/followers/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    const plain = await setup.app.request('/followers/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'email=a@example.com',
    });
    expect([broken.status, plain.status]).toEqual([400, 400]);
    expect(setup.mailer.attempts).toHaveLength(0);
  });

  test('a body over the size cap is refused with 413', async () => {
    const setup = setUpApp();
    const response = await setup.follow('reader@example.com', { padding: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    expect(setup.mailer.attempts).toHaveLength(0);
  });

  test('a filled-in honeypot gets the ordinary answer and nothing happens', async () => {
    const setup = setUpApp();
    const response = await setup.follow('bot@example.com', {
      [HONEYPOT_FIELD]: 'https://spam.example',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Check your inbox');
    expect(setup.mailer.attempts).toHaveLength(0);
    expect(setup.store.operator.listFollowers()).toHaveLength(0);
  });

  test('per client address: the 11th sign-up in 10 minutes is refused, and allowed again later', async () => {
    const setup = setUpApp();
    for (let i = 0; i < 10; i += 1) {
      expect((await setup.follow(`reader${i}@example.com`)).status).toBe(200);
    }
    expect((await setup.follow('reader10@example.com')).status).toBe(429);
    expect((await setup.follow('reader10@example.com', {}, '198.51.100.7')).status).toBe(200);
    setup.clock.advance(10 * 60 * 1000);
    expect((await setup.follow('reader11@example.com')).status).toBe(200);
  });

  test('per client address: IPv6 clients count by their /64, so rotating addresses in it does not help', async () => {
    const setup = setUpApp();
    for (let i = 0; i < 10; i += 1) {
      const ip = `2001:db8:1:2::${(i + 1).toString(16)}`;
      expect((await setup.follow(`six${i}@example.com`, {}, ip)).status).toBe(200);
    }
    expect((await setup.follow('six10@example.com', {}, '2001:db8:1:2:ffff::99')).status).toBe(429);
    expect((await setup.follow('six10@example.com', {}, '2001:db8:1:3::1')).status).toBe(200);
  });

  test('per email address: at most 3 sign-ups a day, whatever the client, and one confirmation email', async () => {
    const setup = setUpApp();
    for (let i = 0; i < 3; i += 1) {
      expect((await setup.follow('target@example.com', {}, `198.51.100.${i}`)).status).toBe(200);
    }
    expect((await setup.follow('TARGET@example.com', {}, '198.51.100.99')).status).toBe(429);
    expect(setup.mailer.sent).toHaveLength(1);
  });

  test.each([
    ['the same app', false],
    ['a restarted app on the same database', true],
  ])(
    'a pending address gets one confirmation per resend interval (%s); the answer stays identical',
    async (_label, restart) => {
      const setup = setUpApp();
      const first = await setup.follow('pending@example.com', {}, '198.51.100.1');
      const firstHtml = await first.text();
      const mailer = createFakeMailer();
      const again = restart ? setup.restart({ mailer }) : setup;
      const send = () => again.follow('Pending@example.com', {}, '198.51.100.2');
      setup.clock.advance(confirmResendIntervalMs - 1);
      const second = await send();
      expect(second.status).toBe(first.status);
      expect(await second.text()).toBe(firstHtml);
      expect(setup.mailer.sent.length + mailer.sent.length).toBe(1);
      // The first link still works; once the interval is over, a sign-up sends a new one
      // (and only the newest link works).
      const token = readConfirmToken(setup.mailer.sent[0]?.text ?? '');
      expect((await setup.app.request(`/followers/confirm?token=${token}`)).status).toBe(200);
      setup.clock.advance(1);
      expect((await send()).status).toBe(200);
      expect(setup.mailer.sent.length + mailer.sent.length).toBe(2);
      expect((await setup.app.request(`/followers/confirm?token=${token}`)).status).toBe(400);
    },
  );

  test('a confirmation lost in a crash (the send never settled) does not lock the address out for the link lifetime', async () => {
    const setup = setUpApp({
      mailer: { description: 'dies', send: () => new Promise(() => {}), close: async () => {} },
    });
    await setup.follow('crash@example.com');
    // The process died; a restarted one on the same database gets the reader's next try.
    const mailer = createFakeMailer();
    const restarted = setup.restart({ mailer });
    const follow = () => restarted.follow('crash@example.com', {}, '198.51.100.2');
    setup.clock.advance(60 * 1000);
    expect((await follow()).status).toBe(200);
    expect(mailer.sent).toHaveLength(0);
    setup.clock.advance(15 * 60 * 1000);
    expect((await follow()).status).toBe(200);
    expect(mailer.sent.map((m) => m.to)).toEqual(['crash@example.com']);
    const token = readConfirmToken(mailer.sent[0]?.text ?? '');
    expect(
      (await restarted.app.request(`/followers/confirm?token=${token}`, { method: 'POST' })).status,
    ).toBe(200);
  });

  test('after a failed confirmation email, the next sign-up sends one', async () => {
    let fail = true;
    const mailer = createFakeMailer(() => (fail ? { error: new Error('smtp down') } : undefined));
    const setup = setUpApp({ mailer });
    await setup.follow('reader@example.com');
    await new Promise((resolve) => setTimeout(resolve, 0));
    fail = false;
    await setup.follow('reader@example.com', {}, '192.0.2.2');
    expect(mailer.attempts).toHaveLength(2);
    expect(mailer.sent).toHaveLength(1);
  });

  test('a failing mailer is logged, and the answer stays the same', async () => {
    const setup = setUpApp({ mailer: createFakeMailer(() => ({ error: new Error('smtp down') })) });
    const response = await setup.follow('reader@example.com');
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(setup.errors).toHaveLength(1);
  });
});

describe('confirm', () => {
  test('GET shows a button that POSTs, and changes nothing', async () => {
    const setup = setUpApp();
    await setup.follow('reader@example.com');
    const token = readConfirmToken(setup.mailer.sent[0]?.text ?? '');
    for (let i = 0; i < 3; i += 1) {
      const page = await setup.app.request(`/followers/confirm?token=${token}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`<form method="post" action="/followers/confirm?token=${token}">`);
      expect(html).toContain('<button type="submit">Confirm following</button>');
    }
    expect(setup.store.signUps.countConfirmed()).toBe(0);
  });

  test('POST confirms once; the token is then used up', async () => {
    const setup = setUpApp();
    await setup.follow('reader@example.com');
    const token = readConfirmToken(setup.mailer.sent[0]?.text ?? '');
    const first = await setup.app.request(`/followers/confirm?token=${token}`, { method: 'POST' });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('You are following');
    expect(setup.store.signUps.countConfirmed()).toBe(1);
    const again = await setup.app.request(`/followers/confirm?token=${token}`, { method: 'POST' });
    expect(again.status).toBe(400);
  });

  test('an expired confirmation link does nothing, and the sign-up is purged', async () => {
    const setup = setUpApp();
    await setup.follow('reader@example.com');
    const token = readConfirmToken(setup.mailer.sent[0]?.text ?? '');
    setup.clock.advance(defaultConfirmTtlMs + 1);
    expect((await setup.app.request(`/followers/confirm?token=${token}`)).status).toBe(400);
    expect(
      (await setup.app.request(`/followers/confirm?token=${token}`, { method: 'POST' })).status,
    ).toBe(400);
    expect(setup.store.signUps.countConfirmed()).toBe(0);
    expect(setup.store.signUps.purgeExpired(setup.clock.now())).toBe(1);
  });

  test('a sign-up after the link expired replaces it: only the newest one works', async () => {
    const setup = setUpApp();
    await setup.follow('reader@example.com');
    setup.clock.advance(defaultConfirmTtlMs);
    await setup.follow('reader@example.com');
    const [oldToken, newToken] = setup.mailer.sent.map((message) => readConfirmToken(message.text));
    expect(
      (await setup.app.request(`/followers/confirm?token=${oldToken}`, { method: 'POST' })).status,
    ).toBe(400);
    expect(
      (await setup.app.request(`/followers/confirm?token=${newToken}`, { method: 'POST' })).status,
    ).toBe(200);
  });

  test.each([
    ['missing', ''],
    ['too short', '?token=abc'],
    ['well-formed but unknown', `?token=${'A'.repeat(43)}`],
    ['with a quote', `?token=${'A'.repeat(42)}%22`],
  ])('a %s token is refused', async (_label, query) => {
    const setup = setUpApp();
    expect((await setup.app.request(`/followers/confirm${query}`)).status).toBe(400);
    expect((await setup.app.request(`/followers/confirm${query}`, { method: 'POST' })).status).toBe(
      400,
    );
  });
});

describe('unsubscribe', () => {
  /** A confirmed follower and their unsubscribe token (as a post email would carry it). */
  async function setUpFollower() {
    const setup = setUpApp();
    await followAndConfirm(setup, 'reader@example.com');
    const [follower] = setup.store.operator.listFollowers();
    const token = deriveUnsubscribeToken(secret, follower?.unsubscribeNonce ?? '');
    return { ...setup, token };
  }

  test('GET shows the address and a button, and changes nothing', async () => {
    const setup = await setUpFollower();
    const page = await setup.app.request(`/followers/unsubscribe?token=${setup.token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('reader@example.com');
    expect(html).toContain(`action="/followers/unsubscribe?token=${setup.token}"`);
    expect(setup.store.signUps.countConfirmed()).toBe(1);
  });

  test('RFC 8058 one-click POST unsubscribes: 200, no redirect, no cookie needed; repeating is harmless', async () => {
    const setup = await setUpFollower();
    for (let i = 0; i < 2; i += 1) {
      const response = await setup.app.request(`/followers/unsubscribe?token=${setup.token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(await response.text()).toContain('You are unsubscribed');
    }
    expect(setup.store.signUps.countConfirmed()).toBe(0);
  });

  test('tokens are single-purpose: a confirm token cannot unsubscribe, an unsubscribe token cannot confirm', async () => {
    const setup = setUpApp();
    await setup.follow('reader@example.com');
    const confirmToken = readConfirmToken(setup.mailer.sent[0]?.text ?? '');
    const unsubscribeToken = deriveUnsubscribeToken(
      secret,
      setup.store.operator.listFollowers()[0]?.unsubscribeNonce ?? '',
    );
    expect(
      (await setup.app.request(`/followers/unsubscribe?token=${confirmToken}`, { method: 'POST' }))
        .status,
    ).toBe(400);
    expect(
      (await setup.app.request(`/followers/confirm?token=${unsubscribeToken}`, { method: 'POST' }))
        .status,
    ).toBe(400);
    expect(setup.store.operator.listFollowers()[0]?.status).toBe('pending');
  });

  test.each([
    ['unknown', () => 'B'.repeat(43)],
    ['naming an unknown nonce', () => deriveUnsubscribeToken(secret, 'f'.repeat(32))],
    [
      'carrying a MAC under another secret',
      (nonce: string) => deriveUnsubscribeToken('some-other-secret-some-other-secret', nonce),
    ],
    [
      "naming one follower's nonce with another's MAC",
      (nonce: string) =>
        `${nonce}.${deriveUnsubscribeToken(secret, 'f'.repeat(32)).split('.')[1] ?? ''}`,
    ],
  ])('a token %s is a 400 and unsubscribes nobody', async (_label, makeToken) => {
    const setup = await setUpFollower();
    const [follower] = setup.store.operator.listFollowers();
    const token = makeToken(follower?.unsubscribeNonce ?? '');
    const response = await setup.app.request(`/followers/unsubscribe?token=${token}`, {
      method: 'POST',
    });
    expect(response.status).toBe(400);
    expect(setup.store.signUps.countConfirmed()).toBe(1);
  });

  test('after the secret changes, the link in every email sent since works; links sent before do not', async () => {
    const setup = await setUpFollower();
    const [follower] = setup.store.operator.listFollowers();
    const nonce = follower?.unsubscribeNonce ?? '';
    const newSecret = 'rotated-secret-rotated-secret-rotated-000';
    const rotated = setup.restart({ mailer: createFakeMailer(), secret: newSecret });
    const post = (token: string) =>
      rotated.app.request(`/followers/unsubscribe?token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    // An email composed before the change carries the old secret's link.
    expect((await post(setup.token)).status).toBe(400);
    expect((await post(deriveUnsubscribeToken(newSecret, nonce))).status).toBe(200);
    expect(setup.store.signUps.countConfirmed()).toBe(0);
  });

  test('a link mailed before tokens named the nonce (the bare MAC) still works by its stored hash', async () => {
    const setup = setUpApp();
    const bare = deriveUnsubscribeToken(secret, 'legacy-nonce').split('.')[1] ?? '';
    setup.store.signUps.addPending({
      email: 'legacy@example.com',
      confirmHash: 'legacy-confirm',
      confirmExpiresAt: setup.clock.now() + 1000,
      unsubscribeNonce: 'legacy-nonce',
      unsubscribeHash: hashToken('unsubscribe', bare),
      now: setup.clock.now(),
    });
    setup.store.signUps.confirm('legacy-confirm', setup.clock.now());
    expect((await setup.app.request(`/followers/unsubscribe?token=${bare}`)).status).toBe(200);
    const response = await setup.app.request(`/followers/unsubscribe?token=${bare}`, {
      method: 'POST',
    });
    expect(response.status).toBe(200);
    expect(setup.store.signUps.countConfirmed()).toBe(0);
  });
});

describe('other routes', () => {
  test('count and health answer JSON', async () => {
    const setup = setUpApp();
    await followAndConfirm(setup, 'a@example.com');
    await setup.follow('pending@example.com');
    expect(await (await setup.app.request('/followers/count')).json()).toEqual({ count: 1 });
    expect(await (await setup.app.request('/followers/health')).json()).toEqual({ status: 'ok' });
  });

  test('every answer forbids caching and referrers (tokens live in URLs)', async () => {
    const setup = setUpApp();
    const response = await setup.app.request(`/followers/confirm?token=${'A'.repeat(43)}`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  test('unknown paths get the 404 page', async () => {
    const setup = setUpApp();
    expect((await setup.app.request('/followers/nothing')).status).toBe(404);
  });
});
