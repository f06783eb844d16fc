import { expect, test } from 'vitest';
import { findDigestSlots } from '../../src/followers/digest-schedule.ts';

const schedule = { hourUtc: 7, weeklyDay: 1 };

// 2012-07-16 was a Monday.
test.each([
  [
    'Monday 08:00: today 07:00 for both',
    Date.UTC(2012, 6, 16, 8),
    Date.UTC(2012, 6, 16, 7),
    Date.UTC(2012, 6, 16, 7),
  ],
  [
    'Monday 06:59: yesterday, and last Monday',
    Date.UTC(2012, 6, 16, 6, 59),
    Date.UTC(2012, 6, 15, 7),
    Date.UTC(2012, 6, 9, 7),
  ],
  [
    'Monday 07:00 exactly counts as due',
    Date.UTC(2012, 6, 16, 7),
    Date.UTC(2012, 6, 16, 7),
    Date.UTC(2012, 6, 16, 7),
  ],
  [
    'Sunday 23:00: today 07:00, last Monday',
    Date.UTC(2012, 6, 22, 23),
    Date.UTC(2012, 6, 22, 7),
    Date.UTC(2012, 6, 16, 7),
  ],
  [
    'Tuesday 00:30: Monday 07:00 for both',
    Date.UTC(2012, 6, 17, 0, 30),
    Date.UTC(2012, 6, 16, 7),
    Date.UTC(2012, 6, 16, 7),
  ],
])('%s', (_label, now, daily, weekly) => {
  expect(findDigestSlots(now, schedule)).toEqual({ daily, weekly });
});

test.each([0, 3, 6])('weekly slots fall on day %i', (weeklyDay) => {
  const { weekly } = findDigestSlots(Date.UTC(2012, 6, 18, 12), { hourUtc: 0, weeklyDay });
  expect(new Date(weekly).getUTCDay()).toBe(weeklyDay);
});
