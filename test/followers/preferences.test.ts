/**
 * The confirm page's delivery choice, the welcome email, and the signed
 * "Manage your subscription" page: it works as a plain form, only with a
 * valid, unexpired link of the right purpose, and asking for a new link
 * answers the same for every address.
 */
import { describe, expect, test } from 'vitest';
import { createFollowerApp } from '../../src/followers/app.ts';
import { openFollowerStore } from '../../src/followers/store/index.ts';
import {
  createManageToken,
  deriveUnsubscribeToken,
  hashToken,
  manageLinkTtlMs,
} from '../../src/followers/tokens.ts';
import { createClock, createFakeMailer } from '../support/fakes.ts';

const secret = 'prefs-secret-prefs-secret-prefs-secret-000';

/** An app with one confirmed follower (reader@example.com) and its manage token. */
async function setUp() {
  const store = openFollowerStore(':memory:');
  const mailer = createFakeMailer();
  const clock = createClock();
  const app = createFollowerApp({
    store: store.signUps,
    preferences: store.preferences,
    categories: ['News', 'Status'],
    mailer,
    secret,
    site: { title: 'Test Weblog', baseUrl: 'https://blog.example.com' },
    clientIp: () => '192.0.2.1',
    now: clock.now,
  });
  const form = (body: Record<string, string | string[]>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(body)) {
      for (const item of [value].flat()) params.append(key, item);
    }
    return {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: params.toString(),
    };
  };
  await app.request('/followers/subscribe', form({ email: 'reader@example.com', website: '' }));
  await new Promise((resolve) => setImmediate(resolve));
  const token = /confirm\?token=([\w-]+)/.exec(mailer.sent[0]?.text ?? '')?.[1] ?? '';
  return { store, mailer, clock, app, form, token };
}

describe('confirming offers the choice, and welcomes', () => {
  test('the confirm page has the delivery radios and category boxes, as a plain form', async () => {
    const { app, token } = await setUp();
    const html = await (await app.request(`/followers/confirm?token=${token}`)).text();
    expect(html).toContain('<input type="radio" name="delivery" value="instant" checked>');
    expect(html).toContain('<input type="radio" name="delivery" value="weekly">');
    expect(html).toContain('<input type="checkbox" name="category" value="news">');
    expect(html).not.toContain('<script');
  });

  test('the choice made when confirming is kept, and the welcome email says it', async () => {
    const { app, form, token, store, mailer } = await setUp();
    const page = await app.request(
      `/followers/confirm?token=${token}`,
      form({ delivery: 'weekly', category: ['news', 'not-offered'] }),
    );
    expect(await page.text()).toContain('The new posts in news will arrive in a weekly digest');
    const [follower] = store.operator.listFollowers();
    expect([follower?.delivery, follower?.categories]).toEqual(['weekly', ['news']]);
    await new Promise((resolve) => setImmediate(resolve));
    const welcome = mailer.sent[1];
    expect(welcome?.subject).toBe('Welcome to Test Weblog');
    expect(welcome?.text).toContain('You will get posts in news: one email a week');
    expect(welcome?.text).toContain('https://blog.example.com/followers/preferences?token=');
  });
});

describe('the preferences page', () => {
  /** Confirms the follower and returns a manage token made at `clock.now()`. */
  async function confirmAndSign() {
    const setup = await setUp();
    await setup.app.request(`/followers/confirm?token=${setup.token}`, setup.form({}));
    const [follower] = setup.store.operator.listFollowers();
    const manage = createManageToken(
      secret,
      follower?.id ?? 0,
      follower?.unsubscribeNonce ?? '',
      setup.clock.now() + manageLinkTtlMs,
    );
    return { ...setup, manage, follower };
  }

  test('GET shows the current choice; POST saves a new one', async () => {
    const { app, form, manage, store } = await confirmAndSign();
    const shown = await (await app.request(`/followers/preferences?token=${manage}`)).text();
    expect(shown).toContain('reader@example.com');
    expect(shown).toContain('value="instant" checked');
    const saved = await app.request(
      `/followers/preferences?token=${manage}`,
      form({ delivery: 'daily', category: 'status' }),
    );
    expect(saved.status).toBe(200);
    const html = await saved.text();
    expect(html).toContain('Saved.');
    expect(html).toContain('value="daily" checked');
    expect(html).toContain('value="status" checked');
    const [follower] = store.operator.listFollowers();
    expect([follower?.delivery, follower?.categories]).toEqual(['daily', ['status']]);
  });

  test.each([
    ['an expired link', (t: string) => t, manageLinkTtlMs + 1],
    ['a tampered link', (t: string) => t.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 0],
    ['another follower id', (t: string) => t.replace(/^\d+/, '99'), 0],
    ['an unsubscribe token', () => deriveUnsubscribeToken(secret, 'n'), 0],
    ['no token', () => '', 0],
  ])('%s gets the same "expired" page and changes nothing', async (_label, alter, wait) => {
    const { app, form, manage, clock, store } = await confirmAndSign();
    clock.advance(wait);
    const token = alter(manage);
    const get = await app.request(`/followers/preferences?token=${encodeURIComponent(token)}`);
    expect(get.status).toBe(400);
    expect(await get.text()).toContain('This link has expired');
    const post = await app.request(
      `/followers/preferences?token=${encodeURIComponent(token)}`,
      form({ delivery: 'weekly' }),
    );
    expect(post.status).toBe(400);
    expect(store.operator.listFollowers()[0]?.delivery).toBe('instant');
  });

  test('a link stops working once the follower unsubscribes', async () => {
    const { app, manage, store, follower } = await confirmAndSign();
    const unsubscribeToken = deriveUnsubscribeToken(secret, follower?.unsubscribeNonce ?? '');
    store.signUps.unsubscribe(hashToken('unsubscribe', unsubscribeToken), 1);
    expect((await app.request(`/followers/preferences?token=${manage}`)).status).toBe(400);
  });

  test('asking for a new link answers the same for a follower and a stranger; only the follower gets mail', async () => {
    const { app, form, mailer } = await confirmAndSign();
    const before = mailer.sent.length;
    const known = await app.request(
      '/followers/preferences',
      form({ email: 'READER@example.com' }),
    );
    const unknown = await app.request(
      '/followers/preferences',
      form({ email: 'nobody@example.com' }),
    );
    expect(known.status).toBe(unknown.status);
    expect(await known.text()).toBe(await unknown.text());
    await new Promise((resolve) => setImmediate(resolve));
    expect(mailer.sent.slice(before).map((m) => [m.to, m.subject])).toEqual([
      ['reader@example.com', 'Manage your subscription to Test Weblog'],
    ]);
  });
});
