import { expect, test } from 'vitest';
import { createRateLimiter, formatClientKey } from '../../src/followers/rate-limit.ts';

test.each([
  ['192.0.2.1', '192.0.2.1'],
  [' 192.0.2.1 ', '192.0.2.1'],
  ['::ffff:192.0.2.1', '192.0.2.1'],
  ['::FFFF:c000:0201', '192.0.2.1'],
  ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
  ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
  ['2001:DB8:0001:0002::1', '2001:db8:1:2::/64'],
  ['2001:db8::1', '2001:db8:0:0::/64'],
  ['[2001:db8:1:2::7]', '2001:db8:1:2::/64'],
  ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ['::1', '0:0:0:0::/64'],
  ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
  ['unknown', 'unknown'],
  ['1:2:3', '1:2:3'],
  ['1::2::3', '1::2::3'],
  ['1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8:9'],
  ['2001:db8::zzzz', '2001:db8::zzzz'],
])('client %j is limited as %j', (address, key) => {
  expect(formatClientKey(address)).toBe(key);
});

test('a full key table drops the oldest windows, not a client being limited now', () => {
  const fresh = createRateLimiter({ limit: 2, windowMs: 1000 }, 100);
  for (let i = 0; i < 99; i += 1) fresh.tryHit(`old${i}`, 0);
  for (let i = 0; i < 3; i += 1) fresh.tryHit('busy', 10);
  for (let i = 0; i < 5; i += 1) fresh.tryHit(`new${i}`, 20);
  expect(fresh.tryHit('busy', 30)).toBe(false);
  // The oldest keys went first: old0 starts a new window.
  expect(fresh.tryHit('old0', 30)).toBe(true);
  expect(fresh.tryHit('old0', 30)).toBe(true);
  expect(fresh.tryHit('old0', 30)).toBe(false);
});
