import { afterEach, describe, expect, test } from 'vitest';
import {
  importFollowerCsv,
  parseFollowerCsv,
  parseSubscribedAt,
} from '../../src/followers/import-csv.ts';
import { openFollowerStore } from '../../src/followers/store/index.ts';
import { makeSignUp } from '../support/follower-fixtures.ts';

const secret = 'import-secret-import-secret-import-secret-00';
const now = Date.UTC(2013, 0, 1);

describe('parseFollowerCsv', () => {
  test.each([
    [
      'WordPress.com export: a header naming the e-mail column',
      'email_address\nreader@example.com\nother@example.org\n',
      [
        ['reader@example.com', null],
        ['other@example.org', null],
      ],
    ],
    [
      'Jetpack export with a subscription date, columns in another order',
      '"Subscribed On","Email"\n"2011-03-04 10:00:00","Reader@Example.COM"\n',
      [['Reader@example.com', Date.UTC(2011, 2, 4, 10)]],
    ],
    [
      'plain email,subscribed_at without a header, ISO and Unix dates',
      'a@example.com,2010-01-02T00:00:00Z\nb@example.com,1262390400\nc@example.com\n',
      [
        ['a@example.com', Date.UTC(2010, 0, 2)],
        ['b@example.com', Date.UTC(2010, 0, 2)],
        ['c@example.com', null],
      ],
    ],
    [
      'a byte-order mark, blank lines and quoted fields',
      '\uFEFFemail\r\n\r\n"quoted@example.com"\r\n',
      [['quoted@example.com', null]],
    ],
  ])('%s', (_label, csv, expected) => {
    const parsed = parseFollowerCsv(csv);
    expect(parsed.followers.map((f) => [f.email, f.subscribedAt])).toEqual(expected);
  });

  test('invalid addresses and repeats (any spelling) are counted, not kept', () => {
    const parsed = parseFollowerCsv(
      'email\nok@example.com\nnot-an-address\nOK@example.com\n=cmd@\nok@EXAMPLE.com\n',
    );
    expect(parsed.followers.map((f) => f.email)).toEqual(['ok@example.com']);
    expect({ invalid: parsed.invalid, duplicate: parsed.duplicate }).toEqual({
      invalid: 2,
      duplicate: 2,
    });
  });

  test.each([
    ['', null],
    ['yesterday-ish', null],
    ['2012-07-16 10:00', Date.UTC(2012, 6, 16, 10)],
    ['1342432800', 1_342_432_800_000],
  ])('parseSubscribedAt(%j) is %j', (value, expected) => {
    expect(parseSubscribedAt(value)).toBe(expected);
  });
});

describe('importFollowerCsv on a store', () => {
  const stores: ReturnType<typeof openFollowerStore>[] = [];
  afterEach(() => stores.splice(0).forEach((store) => store.close()));

  /** A store holding one unsubscribed, one pending and one suppressed address. */
  function makeStore() {
    const store = openFollowerStore(':memory:');
    stores.push(store);
    store.signUps.addPending({ ...makeSignUp('left@example.com', 0), unsubscribeHash: 'left' });
    store.signUps.unsubscribe('left', 10);
    store.signUps.addPending(makeSignUp('waiting@example.com', now));
    const event = { kind: 'complaint' as const, status: 'abuse', detail: null, at: now };
    store.bounces.recordReport('r1', [{ ...event, email: 'spam@example.com' }], now);
    return store;
  }

  const csv =
    'email,subscribed\nnew@example.com,2011-05-06T00:00:00Z\nLEFT@example.com,\n' +
    'waiting@example.com,\nspam@example.com,\nbroken,\nnew@example.com,\nlater@example.com,2099-01-01T00:00:00Z\n';

  test('new addresses are confirmed with their date and source; the rest are skipped and counted', () => {
    const store = makeStore();
    const options = { store: store.imports, secret, source: 'WordPress.com', dryRun: false, now };
    expect(importFollowerCsv(csv, options)).toEqual({
      imported: 2,
      alreadyFollowing: 1,
      unsubscribed: 1,
      suppressed: 1,
      invalid: 1,
      duplicate: 1,
      dryRun: false,
    });
    const imported = store.operator
      .listFollowers()
      .filter((f) => f.email.startsWith('new') || f.email.startsWith('later'));
    expect(imported.map((f) => [f.email, f.status, f.createdAt, f.confirmedAt])).toEqual([
      ['new@example.com', 'confirmed', Date.UTC(2011, 4, 6), Date.UTC(2011, 4, 6)],
      // A date in the future is taken as the import time.
      ['later@example.com', 'confirmed', now, now],
    ]);
    // Counted on the site ("Join N other followers"); nobody was mailed (no mailer at all).
    expect(store.signUps.countConfirmed()).toBe(2);
    // Idempotent: a second run adds nothing.
    expect(importFollowerCsv(csv, options)).toMatchObject({ imported: 0, alreadyFollowing: 3 });
  });

  test('a dry run counts the same and writes nothing', () => {
    const store = makeStore();
    const report = importFollowerCsv(csv, {
      store: store.imports,
      secret,
      source: 'Jetpack',
      dryRun: true,
      now,
    });
    expect(report).toMatchObject({ imported: 2, dryRun: true });
    expect(store.signUps.countConfirmed()).toBe(0);
  });
});
