import { afterEach, describe, expect, test } from 'vitest';
import {
  formatReportClaims,
  parseBounceReport,
  processBounceReport,
} from '../../src/followers/bounces.ts';
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

/** A report with our original message's Message-ID in its quoted headers (which send bounced). */
const quoteMessageId = (raw: string, messageId: string) =>
  raw.replace('Return-Path: <', `Message-ID: ${messageId}\r\nReturn-Path: <`);

/** An Amazon SES notification mailed on through SNS, our VERP return path in `mail.source`. */
function makeSes(options: {
  recipient: string;
  id: string;
  source?: string;
  type?: 'Bounce' | 'Complaint';
  subType?: string;
  status?: string;
}): Buffer {
  const mail = {
    source: options.source ?? 'bounces@blog.example.com',
    messageId: `ses-${options.id}`,
    commonHeaders: { messageId: `<post-${options.id}@blog.example.com>` },
  };
  const message =
    options.type === 'Complaint'
      ? {
          notificationType: 'Complaint',
          mail,
          complaint: {
            complainedRecipients: [{ emailAddress: options.recipient }],
            complaintFeedbackType: 'abuse',
          },
        }
      : {
          notificationType: 'Bounce',
          mail,
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: options.subType ?? 'General',
            bouncedRecipients: [{ emailAddress: options.recipient, status: options.status }],
          },
        };
  return Buffer.from(`From: AWS Notifications <no-reply@sns.amazonaws.com>
To: bounces@blog.example.com
Subject: AWS Notification Message
Message-ID: <${options.id}>
Content-Type: text/plain; charset=UTF-8

${JSON.stringify({ Type: 'Notification', Message: JSON.stringify(message) })}
`);
}

describe('parseBounceReport finds which send bounced and who it was for', () => {
  test.each([
    [
      'a DSN quoting our Message-ID',
      Buffer.from(
        quoteMessageId(makeDsn({ recipient: 'a@example.com', id: 'q1@x' }), '<post-9-1@b.example>'),
      ),
      '<post-9-1@b.example>',
    ],
    ['a DSN quoting none', Buffer.from(makeDsn({ recipient: 'a@example.com', id: 'q2@x' })), null],
    [
      'an SES notification (mail.commonHeaders)',
      makeSes({ recipient: 'a@example.com', id: 'q3' }),
      '<post-q3@blog.example.com>',
    ],
  ])('%s', async (_label, raw, sendId) => {
    expect((await parseBounceReport(raw)).sendId).toBe(sendId);
  });

  test('the VERP tag of an SES notification mailed on in base64 is found and believed', async () => {
    const ses = makeSes({ recipient: 'a@example.com', id: 'b64', source: verp(1) }).toString();
    const [head, body] = ses.split('\n\n') as [string, string];
    const encoded = Buffer.from(
      `${head}\nContent-Transfer-Encoding: base64\n\n${Buffer.from(body).toString('base64')}\n`,
    );
    expect(encoded.toString()).not.toContain('bounces+');
    const store = makeStore();
    const result = await processBounceReport(encoded, { store: store.bounces, secret, now });
    expect(result).toEqual({ outcome: 'recorded', suppressed: ['a@example.com'] });
  });
});

describe('a report without a VERP tag that checks out suppresses nobody', () => {
  const bounces = 'bounces@blog.example.com';
  test.each([
    [
      'an ARF complaint mailed to bounces@',
      makeArf({ recipient: 'b@example.com', id: 'f1@x' }),
      [bounces],
    ],
    [
      'the same, read from a Maildir (no envelope)',
      makeArf({ recipient: 'b@example.com', id: 'f2@x' }),
      [],
    ],
    ['a DSN saying 5.1.1', makeDsn({ recipient: 'b@example.com', id: 'f3@x' }), [bounces]],
    ['a DSN saying 5.1.1, from a Maildir', makeDsn({ recipient: 'b@example.com', id: 'f4@x' }), []],
    ['a qmail failure notice', makeQmailBounce({ recipient: 'b@example.com', id: 'f5@x' }), []],
    [
      'an SES complaint (nothing checks an SNS signature here)',
      makeSesNotification({ recipient: 'b@example.com', id: 'f6@x' }, 'Complaint'),
      [bounces],
    ],
    [
      'an SES permanent bounce',
      makeSesNotification({ recipient: 'b@example.com', id: 'f7@x' }, 'Bounce'),
      [],
    ],
    [
      'an ARF report quoting a VERP tag whose MAC is wrong',
      makeArf({
        recipient: 'b@example.com',
        returnPath: formatVerpAddress(bounces, '2-0123456789abcdef'),
        id: 'f8@x',
      }),
      [],
    ],
  ])('%s: recorded for the operator, once', async (_label, raw, envelope) => {
    const store = makeStore();
    const context = { store: store.bounces, secret, now };
    const result = await processBounceReport(Buffer.from(raw), context, envelope);
    expect(result.outcome).toBe('unverified');
    expect(result.suppressed).toEqual([]);
    expect(result.claims?.map((claim) => claim.email)).toEqual(['b@example.com']);
    expect(formatReportClaims(result.claims ?? [])).toContain('for b@example.com');
    expect(store.operator.listSuppressed()).toEqual([]);
    expect(store.signUps.countConfirmed()).toBe(3);
    expect((await processBounceReport(Buffer.from(raw), context, envelope)).outcome).toBe(
      'duplicate',
    );
  });

  test('without the secret no tag can be checked, so nothing is acted on', async () => {
    const store = makeStore();
    const raw = Buffer.from(
      makeArf({ recipient: 'redacted@example.net', returnPath: verp(3), id: 'ns@x' }),
    );
    const result = await processBounceReport(raw, { store: store.bounces, secret: null, now });
    expect(result.outcome).toBe('unverified');
    expect(store.operator.listSuppressed()).toEqual([]);
  });

  test('an unverified bounce never counts towards a later verified one', async () => {
    const store = makeStore();
    const context = { store: store.bounces, secret, now };
    const forged = makeDsn({ recipient: 'a@example.com', id: 'u1@x' }, '5.7.1');
    expect((await processBounceReport(Buffer.from(forged), context)).outcome).toBe('unverified');
    const real = makeDsn({ recipient: 'a@example.com', returnPath: verp(1), id: 'u2@x' }, '5.7.1');
    expect(await processBounceReport(Buffer.from(real), context)).toEqual({
      outcome: 'recorded',
      suppressed: [],
    });
  });

  test('an unverified report cannot take the id of a real one that comes later', async () => {
    const store = makeStore();
    const context = { store: store.bounces, secret, now };
    const forged = makeArf({ recipient: 'c@example.com', id: 'same@fbl' });
    await processBounceReport(Buffer.from(forged), context);
    const real = makeArf({ recipient: 'c@example.com', returnPath: verp(3), id: 'same@fbl' });
    expect((await processBounceReport(Buffer.from(real), context)).suppressed).toEqual([
      'c@example.com',
    ]);
  });
});

describe('processBounceReport applies the suppression rules to verified reports', () => {
  /** A DSN about follower 1 (a@example.com), tagged with their VERP address. */
  const dsn = (id: string, status = '5.1.1', date?: string) =>
    Buffer.from(makeDsn({ recipient: 'a@example.com', returnPath: verp(1), id, date }, status));

  test.each([
    ['5.1.1 (no such mailbox)', '5.1.1'],
    ['5.1.2 (no such domain)', '5.1.2'],
    ['5.1.10 (null MX)', '5.1.10'],
  ])('a hard bounce saying %s suppresses at once', async (_label, status) => {
    const store = makeStore();
    const result = await processBounceReport(dsn('h1@x', status), {
      store: store.bounces,
      secret,
      now,
    });
    expect(result).toEqual({ outcome: 'recorded', suppressed: ['a@example.com'] });
    expect(store.operator.listSuppressed().map((s) => [s.email, s.reason])).toEqual([
      ['a@example.com', `hard bounce ${status}`],
    ]);
    expect(store.signUps.countConfirmed()).toBe(2);
  });

  test('a monthly blog: the first 5.1.1 suppresses, though the next post is 31 days away', async () => {
    const store = makeStore();
    const day = 86_400_000;
    const results = [];
    for (let i = 0; i < 3; i += 1) {
      const at = now + i * 31 * day;
      const raw = dsn(`m${i}@x`, '5.1.1', new Date(at).toUTCString());
      results.push(
        (await processBounceReport(raw, { store: store.bounces, secret, now: at })).suppressed,
      );
    }
    expect(results).toEqual([['a@example.com'], [], []]);
  });

  test.each([
    ['General', ['b@example.com'], undefined],
    ['NoEmail', ['b@example.com'], undefined],
    // SES refused to send (its own list): goes by the status code, here an ambiguous one.
    ['Suppressed', [], '5.7.1'],
  ])(
    'an SES Permanent/%s bounce tagged with our return path suppresses %j at once',
    async (subType, expected, status) => {
      const store = makeStore();
      const raw = makeSes({
        recipient: 'b@example.com',
        id: `ses-${subType}`,
        source: verp(2),
        subType,
        status,
      });
      const result = await processBounceReport(raw, { store: store.bounces, secret, now });
      expect(result).toEqual({ outcome: 'recorded', suppressed: expected });
    },
  );

  test('an ambiguous hard bounce (5.7.1) suppresses on the second bounced send, not the first', async () => {
    const store = makeStore();
    const context = { store: store.bounces, secret, now };
    expect((await processBounceReport(dsn('h1@x', '5.7.1'), context)).suppressed).toEqual([]);
    expect((await processBounceReport(dsn('h2@x', '5.7.1'), context)).suppressed).toEqual([
      'a@example.com',
    ]);
    expect(store.signUps.countConfirmed()).toBe(2);
  });

  test('two reports about one send count as one bounced send', async () => {
    const store = makeStore();
    const context = { store: store.bounces, secret, now };
    const about = (id: string, messageId: string) =>
      Buffer.from(
        quoteMessageId(
          makeDsn({ recipient: 'a@example.com', returnPath: verp(1), id }, '5.2.2'),
          messageId,
        ),
      );
    const report = await parseBounceReport(about('r1@mx1', '<post-1-1@blog.example.com>'));
    expect(report.sendId).toBe('<post-1-1@blog.example.com>');
    // The relay and the final server both report the same message.
    await processBounceReport(about('r1@mx1', '<post-1-1@blog.example.com>'), context);
    const again = await processBounceReport(
      about('r2@mx2', '<post-1-1@blog.example.com>'),
      context,
    );
    expect(again).toEqual({ outcome: 'recorded', suppressed: [] });
    // The next post bounces too: that is the second send.
    const next = await processBounceReport(about('r3@mx1', '<post-2-1@blog.example.com>'), context);
    expect(next.suppressed).toEqual(['a@example.com']);
  });

  test('two ambiguous hard bounces further apart than the window do not suppress', async () => {
    const store = makeStore();
    const context = { store: store.bounces, secret, now };
    const old = new Date(now - hardBounceWindowMs - 1000).toUTCString();
    await processBounceReport(dsn('old@x', '5.7.1', old), context);
    const second = await processBounceReport(
      dsn('new@x', '5.7.1', new Date(now).toUTCString()),
      context,
    );
    expect(second.suppressed).toEqual([]);
  });

  test('soft bounces never suppress, however many', async () => {
    const store = makeStore();
    for (let i = 0; i < 5; i += 1) {
      const raw = Buffer.from(
        makeDsn(
          { recipient: 'a@example.com', returnPath: verp(1), id: `s${i}@x` },
          '4.2.2',
          'delayed',
        ),
      );
      const result = await processBounceReport(raw, { store: store.bounces, secret, now });
      expect(result).toEqual({ outcome: 'recorded', suppressed: [] });
    }
  });

  test.each([
    [
      'an ARF report',
      Buffer.from(makeArf({ recipient: 'redacted@example.net', returnPath: verp(2), id: 'c1@x' })),
    ],
    [
      'an SES complaint',
      makeSes({
        recipient: 'redacted@example.net',
        id: 'c2@x',
        source: verp(2),
        type: 'Complaint',
      }),
    ],
  ])('a complaint suppresses at once: %s', async (_label, raw) => {
    const store = makeStore();
    const result = await processBounceReport(raw, { store: store.bounces, secret, now });
    expect(result.suppressed).toEqual(['b@example.com']);
  });

  test('the same report read twice counts once', async () => {
    const store = makeStore();
    const context = { store: store.bounces, secret, now };
    await processBounceReport(dsn('same@x', '5.7.1'), context);
    expect(await processBounceReport(dsn('same@x', '5.7.1'), context)).toEqual({
      outcome: 'duplicate',
      suppressed: [],
    });
    expect((await processBounceReport(dsn('other@x', '5.7.1'), context)).suppressed).toEqual([
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
    const raw = Buffer.from(
      makeArf({ recipient: 'redacted@example.net', returnPath: verp(1), id: 'x@x' }),
    );
    await processBounceReport(raw, { store: store.bounces, secret, now });
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
