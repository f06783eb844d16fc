/**
 * When digests fall due: the latest daily and weekly digest times at or
 * before a moment, from the site's schedule (src/site.ts `digest`). A digest
 * follower is due when such a time has passed since their last digest, so
 * notify may run at any hour, as often as it likes: nothing is due twice.
 */
import type { DigestSchedule } from '../site.ts';
import type { DigestSlots } from './store/deliveries.ts';

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;

/** The latest daily and weekly digest times at or before `now` (milliseconds, UTC). */
export function findDigestSlots(now: number, schedule: DigestSchedule): DigestSlots {
  const midnight = Math.floor(now / dayMs) * dayMs;
  let daily = midnight + schedule.hourUtc * hourMs;
  if (daily > now) daily -= dayMs;
  // 1970-01-01 was a Thursday (day 4).
  const weekday = (Math.floor(daily / dayMs) + 4) % 7;
  const weekly = daily - ((weekday - schedule.weeklyDay + 7) % 7) * dayMs;
  return { daily, weekly };
}
