import { describe, expect, test } from 'vitest';
import {
  findBadCalendarDate,
  isRealCalendarDay,
  parseFrontmatterDate,
} from '../../src/lib/calendar-dates.ts';

const withFrontmatter = (lines: string) => `---\n${lines}\n---\n\nBody text pubDate: 2012-99-99\n`;

describe('findBadCalendarDate', () => {
  test.each([
    ['pubDate: 2012-07-16', undefined],
    ['pubDate: 2012-02-29', undefined],
    ['pubDate: 2012-07-16T10:00:00Z', undefined],
    ["pubDate: '2012-07-16'", undefined],
    ['pubDate: 2012-02-30', { field: 'pubDate', value: '2012-02-30' }],
    ['pubDate: 2011-02-29', { field: 'pubDate', value: '2011-02-29' }],
    ['pubDate: 2012-13-01', { field: 'pubDate', value: '2012-13-01' }],
    ['pubDate: "2012-00-10"', { field: 'pubDate', value: '"2012-00-10"' }],
    ['title: x\nupdatedDate: 2012-04-31', { field: 'updatedDate', value: '2012-04-31' }],
    ['otherDate: 2012-02-30', undefined],
    ['pubDate: July 16, 2012', undefined], // not YYYY-MM-DD: the schema rejects it
  ])('%j → %j', (lines, expected) => {
    expect(findBadCalendarDate(withFrontmatter(lines), ['pubDate', 'updatedDate'])).toEqual(
      expected,
    );
  });

  test('ignores the body', () => {
    expect(
      findBadCalendarDate('No frontmatter\npubDate: 2012-02-30\n', ['pubDate']),
    ).toBeUndefined();
  });
});

describe('isRealCalendarDay', () => {
  test.each([
    [2012, 2, 29, true],
    [1900, 2, 29, false],
    [2000, 2, 29, true],
    [2012, 4, 31, false],
    [2012, 12, 31, true],
    [2012, 0, 1, false],
  ])('%i-%i-%i → %s', (year, month, day, real) => {
    expect(isRealCalendarDay(year, month, day)).toBe(real);
  });
});

describe('parseFrontmatterDate', () => {
  test.each([
    ['2012-07-16', '2012-07-16T00:00:00.000Z'],
    ['2012-07-16T23:30:00', '2012-07-16T23:30:00.000Z'],
    ['2012-07-16 23:30', '2012-07-16T23:30:00.000Z'],
    ['2012-07-16T23:30:00Z', '2012-07-16T23:30:00.000Z'],
    ['2012-07-16T23:30:00+10:00', '2012-07-16T13:30:00.000Z'],
    ['2012-07-16T01:30:00-0200', '2012-07-16T03:30:00.000Z'],
    ['2012-07-16T09:30:00.250Z', '2012-07-16T09:30:00.000Z'],
  ])('%j → %s (UTC unless an offset is given)', (text, iso) => {
    expect(parseFrontmatterDate(text)?.toISOString()).toBe(iso);
  });

  test.each([
    ['2012-02-30'],
    ['2012-13-01'],
    ['2012-07-16T24:00'],
    ['2012-07-16T10:60'],
    ['July 16, 2012'],
    ['16/07/2012'],
    [''],
  ])('refuses %j', (text) => {
    expect(parseFrontmatterDate(text)).toBeUndefined();
  });
});
