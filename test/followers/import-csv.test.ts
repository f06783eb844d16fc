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

  // The header rows are the exporters' own: Ghost's members-csv, Mailchimp's
  // audience export (TryGhost/migrate's fixtures of it), Substack's two subscriber exports.
  const ghostHeader =
    'id,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels,tiers';
  const mailchimpHeader =
    'Email Address,First Name,Last Name,Company,Position,ZIP Code,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION';
  test.each([
    [
      'Ghost members: newsletter opt-outs and deleted members skipped, created_at is the date',
      `${ghostHeader}\n` +
        'm1,keeps@example.com,Keep,,true,false,,2021-01-15T10:00:00.000Z,,,\n' +
        'm2,optedout@example.com,Out,,false,false,,2021-02-15T10:00:00.000Z,,,\n' +
        'm3,gone@example.com,Gone,,true,false,,2021-03-15T10:00:00.000Z,2022-01-01T00:00:00.000Z,,\n',
      [['keeps@example.com', Date.UTC(2021, 0, 15, 10)]],
      [
        ['not subscribed to emails (Ghost subscribed_to_emails)', 1],
        ['deleted (Ghost deleted_at)', 1],
      ],
    ],
    [
      'Mailchimp subscribed_members_export: CONFIRM_TIME is the date',
      `${mailchimpHeader},LAST_CHANGED,LEID,EUID,NOTES,TAGS\n` +
        's1@example.com,,,,,,,2018-02-12 10:54:27,,2018-02-12 10:58:00,,,,,,,,,,,,,\n',
      [['s1@example.com', Date.UTC(2018, 1, 12, 10, 58)]],
      [],
    ],
    [
      'Mailchimp unsubscribed_members_export: every row skipped',
      `\uFEFF${mailchimpHeader},UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_REASON_OTHER,LEID,EUID,NOTES,TAGS\n` +
        'u1@example.com,Dolor,,,,,,2018-02-12 10:54:27,,2018-02-12 10:54:27,,,,,,,,,2018-07-23 12:19:27,,,,,,,,\n' +
        'u2@example.com,,Simet,,,,,2018-02-12 10:54:26,,2018-02-12 10:54:26,,,,,,,,,2023-06-06 12:56:15,,,,,,,,"""Lorem Editors"""\n',
      [],
      [['unsubscribed (Mailchimp UNSUB_TIME)', 2]],
    ],
    [
      'Mailchimp cleaned_members_export: every row skipped',
      `${mailchimpHeader},CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,CLEAN_CAMPAIGN_ID,LEID,EUID,NOTES,TAGS\n` +
        'c1@example.com,Dolor,,,,,1,2018-02-05 19:28:23,,2018-02-05 19:28:23,,,,,,,,,2020-03-23 17:30:05,,,,,,\n',
      [],
      [['cleaned after bounces (Mailchimp CLEAN_TIME)', 1]],
    ],
    [
      'Substack signup emails: email_disabled and deletion requests skipped, created_at is the date',
      'email,active_subscription,expiry,email_disabled,created_at\n' +
        'reader@example.com,,,false,2018-12-19T08:03:04.977Z\n' +
        'quiet@example.com,true,2021-04-19T02:13:33.000Z,true,2018-08-27T15:36:25.539Z\n' +
        'abc123@deletion-request.substack.com,,,false,2019-01-01T00:00:00.000Z\n',
      [['reader@example.com', Date.parse('2018-12-19T08:03:04.977Z')]],
      [
        ['email disabled (Substack email_disabled)', 1],
        ['deletion request (Substack)', 1],
      ],
    ],
    [
      'Substack subscriber emails: no date column at all',
      'email,expiry,email_disabled,stripe_connected_customer_id,type\n' +
        'paid@example.com,2021-07-06T16:20:44.000Z,false,cus_1,paid\n' +
        'comp@example.com,2025-06-23T23:41:42.980Z,true,,comp\n',
      [['paid@example.com', null]],
      [['email disabled (Substack email_disabled)', 1]],
    ],
    [
      'Substack newer export: "Subscription date", not "Subscription type"',
      'Email,Name,Subscription type,Activity,Subscription date,Revenue\n' +
        'new@example.com,New,Free,3,2023-05-06T07:08:09.000Z,0\n',
      [['new@example.com', Date.UTC(2023, 4, 6, 7, 8, 9)]],
      [],
    ],
  ])('%s', (_label, csv, followers, notSubscribed) => {
    const parsed = parseFollowerCsv(csv);
    expect(parsed.followers.map((f) => [f.email, f.subscribedAt])).toEqual(followers);
    expect(parsed.notSubscribed.map((n) => [n.reason, n.count])).toEqual(notSubscribed);
  });

  test('an address any row marks as not subscribed stays out, whatever another row says', () => {
    const parsed = parseFollowerCsv(
      'email,subscribed_to_emails\nboth@example.com,true\nBOTH@example.com,false\nok@example.com,true\n',
    );
    expect(parsed.followers.map((f) => f.email)).toEqual(['ok@example.com']);
    expect([parsed.duplicate, parsed.notSubscribed]).toEqual([
      1,
      [{ reason: 'not subscribed to emails (Ghost subscribed_to_emails)', count: 1 }],
    ]);
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
      notSubscribed: [],
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

  test('rows the export marks as not subscribed are reported with the reason and never imported', () => {
    const store = makeStore();
    const ghost =
      'id,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels,tiers\n' +
      'm1,keeps@example.com,,,true,false,,2011-01-15T10:00:00.000Z,,,\n' +
      'm2,optedout@example.com,,,false,true,,2011-02-15T10:00:00.000Z,,,\n';
    const report = importFollowerCsv(ghost, {
      store: store.imports,
      secret,
      source: 'Ghost',
      dryRun: false,
      now,
    });
    expect(report).toMatchObject({
      imported: 1,
      notSubscribed: [
        { reason: 'not subscribed to emails (Ghost subscribed_to_emails)', count: 1 },
      ],
    });
    expect(
      store.operator
        .listFollowers()
        .filter((f) => f.status === 'confirmed')
        .map((f) => [f.email, f.createdAt]),
    ).toEqual([['keeps@example.com', Date.UTC(2011, 0, 15, 10)]]);
  });

  test.each([
    [
      'unsubscribed in one click, then removed by the operator',
      (store: ReturnType<typeof openFollowerStore>) => {
        store.signUps.unsubscribe('old-u', now + 1);
        store.operator.removeFollower('Old@Example.com', now + 2);
      },
    ],
    [
      'removed by the operator while confirmed',
      (store: ReturnType<typeof openFollowerStore>) => {
        store.operator.removeFollower('old@example.com', now + 2);
      },
    ],
    [
      'unsubscribed, signed up again, never confirmed, purged',
      (store: ReturnType<typeof openFollowerStore>) => {
        store.signUps.unsubscribe('old-u', now + 1);
        store.signUps.addPending({ ...makeSignUp('old@example.com', now + 2) });
        store.signUps.purgeExpired(now + 1000);
      },
    ],
  ])('%s: a re-import of the old list skips the address', (_label, leave) => {
    const store = makeStore();
    const list = 'email\nold@example.com\n';
    const signUp = { ...makeSignUp('old@example.com', now), unsubscribeHash: 'old-u' };
    store.signUps.addPending(signUp);
    store.signUps.confirm(signUp.confirmHash, now);
    leave(store);
    expect(store.operator.listFollowers().some((f) => f.email === 'old@example.com')).toBe(false);
    const options = { store: store.imports, secret, source: 'WordPress.com', dryRun: false, now };
    expect(importFollowerCsv(list, options)).toMatchObject({ imported: 0, unsubscribed: 1 });
    // Only their own double opt-in brings them back.
    const again = makeSignUp('old@example.com', now + 2000);
    expect(store.signUps.addPending(again)).toBe('created');
    expect(store.signUps.confirm(again.confirmHash, now + 2001)?.status).toBe('confirmed');
    store.operator.removeFollower('old@example.com', now + 3000);
    store.signUps.addPending({ ...makeSignUp('old@example.com', now + 4000) });
    expect(importFollowerCsv(list, options)).toMatchObject({ imported: 0, unsubscribed: 1 });
  });
});
