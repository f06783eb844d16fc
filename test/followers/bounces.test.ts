import { afterEach, describe, expect, test } from 'vitest';
import { parseBounceReport, processBounceReport } from '../../src/followers/bounces.ts';
import { splitMbox } from '../../src/followers/mailbox.ts';
import { openFollowerStore } from '../../src/followers/store/index.ts';
import { hardBounceWindowMs } from '../../src/followers/store/bounces.ts';
import { createVerpTag, formatVerpAddress } from '../../src/followers/tokens.ts';
import {
  makeArf,
  makeDsn,
  makeQmailBounce,
  makeSesNotification,
  malformedReports,
} from '../support/bounce-reports.ts';

const secret = 'bounce-secret-bounce-secret-bounce-secret-0';
const now = Date.UTC(2012, 6, 20);
const stores: ReturnType<typeof openFollowerStore>[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.close()));

/** A store with confirmed followers a@, b@ and c@example.com (ids 1, 2, 3). */
function makeStore() {
  const store = openFollowerStore(':memory:');
  stores.push(store);
  ['a', 'b', 'c'].forEach((name, i) => {
    store.signUps.addPending({
      email: `${name}@example.com`,
      confirmHash: `c${i}`,
      confirmExpiresAt: now,
      unsubscribeNonce: `n${i + 1}`,
      unsubscribeHash: `u${i}`,
      now: 0,
    });
    store.signUps.confirm(`c${i}`, 1);
  });
  return store;
}

/** The VERP return path of follower `id` (nonce `n<id>`). */
const verp = (id: number) =>
  formatVerpAddress('bounces@blog.example.com', createVerpTag(secret, id, `n${id}`));

describe('parseBounceReport reads each format', () => {
  test.each([
    [
      'RFC 3464 DSN, hard',
      makeDsn({ recipient: 'a@example.com', id: 'd1@x' }),
      'dsn',
      'hard',
      '5.1.1',
    ],
    [
      'RFC 3464 DSN, delayed',
      makeDsn({ recipient: 'a@example.com', id: 'd2@x' }, '4.2.2', 'delayed'),
      'dsn',
      'soft',
      '4.2.2',
    ],
    [
      'RFC 5965 ARF complaint',
      makeArf({ recipient: 'a@example.com', id: 'a1@x' }),
      'arf',
      'complaint',
      'abuse',
    ],
    [
      'Amazon SES bounce',
      makeSesNotification({ recipient: 'a@example.com', id: 's1@x' }, 'Bounce'),
      'ses',
      'hard',
      '5.1.1',
    ],
    [
      'Amazon SES complaint',
      makeSesNotification({ recipient: 'a@example.com', id: 's2@x' }, 'Complaint'),
      'ses',
      'complaint',
      'abuse',
    ],
    [
      'qmail failure notice',
      makeQmailBounce({ recipient: 'a@example.com', id: 'q1@x' }),
      'plain',
      'hard',
      '5.1.1',
    ],
  ])('%s', async (_label, raw, format, kind, status) => {
    const report = await parseBounceReport(Buffer.from(raw));
    expect(report.format).toBe(format);
    expect(report.addresses.map((a) => [a.email, a.kind, a.status])).toEqual([
      ['a@example.com', kind, status],
    ]);
  });
});

describe('processBounceReport applies the suppression rules', () => {
  const dsn = (id: string, recipient = 'a@example.com', status = '5.1.1') =>
    Buffer.from(makeDsn({ recipient, id }, status));

  test('a hard bounce suppresses on its second occurrence within the window, not the first', async () => {
    const store = makeStore();
    const context = { store: store.bounces, secret, now };
    expect((await processBounceReport(dsn('h1@x'), context)).suppressed).toEqual([]);
    expect((await processBounceReport(dsn('h2@x'), context)).suppressed).toEqual(['a@example.com']);
    expect(store.operator.listSuppressed().map((s) => s.email)).toEqual(['a@example.com']);
    expect(store.signUps.countConfirmed()).toBe(2);
  });

  test('two hard bounces further apart than the window do not suppress', async () => {
    const store = makeStore();
    const old = Buffer.from(
      makeDsn({
        recipient: 'a@example.com',
        id: 'old@x',
        date: new Date(now - hardBounceWindowMs - 1000).toUTCString(),
      }),
    );
    await processBounceReport(old, { store: store.bounces, secret, now });
    const recent = Buffer.from(
      makeDsn({ recipient: 'a@example.com', id: 'new@x', date: new Date(now).toUTCString() }),
    );
    const second = await processBounceReport(recent, { store: store.bounces, secret, now });
    expect(second.suppressed).toEqual([]);
  });

  test('soft bounces never suppress, however many', async () => {
    const store = makeStore();
    for (let i = 0; i < 5; i += 1) {
      const result = await processBounceReport(dsn(`s${i}@x`, 'a@example.com', '4.2.2'), {
        store: store.bounces,
        secret,
        now,
      });
      expect(result).toEqual({ outcome: 'recorded', suppressed: [] });
    }
  });

  test.each([
    ['an ARF report', makeArf({ recipient: 'b@example.com', id: 'c1@x' })],
    [
      'an SES complaint',
      makeSesNotification({ recipient: 'b@example.com', id: 'c2@x' }, 'Complaint'),
    ],
  ])('a complaint suppresses at once: %s', async (_label, raw) => {
    const store = makeStore();
    const result = await processBounceReport(Buffer.from(raw), {
      store: store.bounces,
      secret,
      now,
    });
    expect(result.suppressed).toEqual(['b@example.com']);
  });

  test('the same report read twice counts once', async () => {
    const store = makeStore();
    const context = { store: store.bounces, secret, now };
    await processBounceReport(dsn('same@x'), context);
    expect(await processBounceReport(dsn('same@x'), context)).toEqual({
      outcome: 'duplicate',
      suppressed: [],
    });
    expect((await processBounceReport(dsn('other@x'), context)).suppressed).toEqual([
      'a@example.com',
    ]);
  });

  test('a checked VERP tag names the follower, whatever address the report quotes', async () => {
    const store = makeStore();
    const raw = Buffer.from(
      makeArf({ recipient: 'redacted@example.net', returnPath: verp(3), id: 'v1@x' }),
    );
    const result = await processBounceReport(raw, { store: store.bounces, secret, now });
    expect(result.suppressed).toEqual(['c@example.com']);
  });

  test('a report sent to a VERP address whose tag does not check out suppresses nobody', async () => {
    const store = makeStore();
    const forged = formatVerpAddress('bounces@blog.example.com', '3-0000000000000000');
    const raw = Buffer.from(makeArf({ recipient: 'c@example.com', id: 'f1@x' }));
    const result = await processBounceReport(raw, { store: store.bounces, secret, now }, [forged]);
    expect(result.outcome).toBe('malformed');
    expect(store.operator.listSuppressed()).toEqual([]);
  });

  test('a fresh double opt-in lifts the suppression', async () => {
    const store = makeStore();
    await processBounceReport(Buffer.from(makeArf({ recipient: 'a@example.com', id: 'x@x' })), {
      store: store.bounces,
      secret,
      now,
    });
    expect(store.signUps.countConfirmed()).toBe(2);
    store.signUps.unsubscribe('u0', now);
    store.signUps.addPending({
      email: 'a@example.com',
      confirmHash: 'again',
      confirmExpiresAt: now + 1000,
      unsubscribeNonce: 'n9',
      unsubscribeHash: 'u9',
      now,
    });
    store.signUps.confirm('again', now + 1);
    expect(store.operator.listSuppressed()).toEqual([]);
    expect(store.signUps.countConfirmed()).toBe(3);
  });
});

describe('malformed reports are counted and suppress nobody', () => {
  test.each(Object.entries(malformedReports))('%s', async (_label, raw) => {
    const store = makeStore();
    const result = await processBounceReport(Buffer.from(raw, 'latin1'), {
      store: store.bounces,
      secret,
      now,
    });
    expect(result.outcome).toBe('malformed');
    expect(result.problem).toBeTruthy();
    expect(store.operator.listSuppressed()).toEqual([]);
  });
});

test('splitMbox splits at From lines and undoes >From quoting', () => {
  const mbox =
    'From a@x Mon Jul 16 10:00:00 2012\nSubject: one\n\n>From the start\n\nFrom b@x Mon Jul 16 10:00:01 2012\nSubject: two\n\nbody\n';
  expect(splitMbox(Buffer.from(mbox)).map((m) => m.toString())).toEqual([
    'Subject: one\n\nFrom the start\n\n',
    'Subject: two\n\nbody\n',
  ]);
});
