import { expect, test } from 'vitest';
import { formatCsvField, formatCsvTime, formatFollowersCsv } from '../../src/followers/csv.ts';
import type { Follower } from '../../src/followers/store/follower.ts';

test.each([
  ['reader@example.com', 'reader@example.com'],
  ['', ''],
  ['=cmd@example.com', "'=cmd@example.com"],
  ['+1@example.com', "'+1@example.com"],
  ['-2@example.com', "'-2@example.com"],
  ['@SUM(1)', "'@SUM(1)"],
  ['\tx', "'\tx"],
  ['\rx', `"'\rx"`],
  ['a,b', '"a,b"'],
  ['say "hi"', '"say ""hi"""'],
  ['line\nbreak', '"line\nbreak"'],
  ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ['a=b', 'a=b'],
])('field %j is written as %j', (value, expected) => {
  expect(formatCsvField(value)).toBe(expected);
});

test.each([
  [null, ''],
  [0, '1970-01-01T00:00:00.000Z'],
  [Date.UTC(2012, 6, 16, 12), '2012-07-16T12:00:00.000Z'],
])('time %j is written as %j', (ms, expected) => {
  expect(formatCsvTime(ms)).toBe(expected);
});

test('the export has a header and one defused line per follower', () => {
  const follower = (email: string, confirmedAt: number | null): Follower => ({
    id: 1,
    email,
    status: confirmedAt === null ? 'pending' : 'confirmed',
    createdAt: 0,
    confirmedAt,
    unsubscribeNonce: 'secret-nonce',
    delivery: 'instant',
    categories: null,
  });
  expect(formatFollowersCsv([follower('a@example.com', 1000), follower('=x@example.com', null)]))
    .toBe(`email,status,created_at,confirmed_at
a@example.com,confirmed,1970-01-01T00:00:00.000Z,1970-01-01T00:00:01.000Z
'=x@example.com,pending,1970-01-01T00:00:00.000Z,
`);
  expect(formatFollowersCsv([])).toBe('email,status,created_at,confirmed_at\n');
});
