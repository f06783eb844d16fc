import { expect, test } from 'vitest';
import { formatJoinFollowers } from '../../src/lib/follower-count.ts';

test.each([
  [0, 'Join 0 other followers'],
  [1, 'Join 1 other follower'],
  [3164, 'Join 3,164 other followers'],
])('formatJoinFollowers(%i)', (count, line) => {
  expect(formatJoinFollowers(count)).toBe(line);
});
