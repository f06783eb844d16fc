import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openFollowerStore } from '../../src/followers/store.ts';
import { formatJoinFollowers, readFollowerCount } from '../../src/lib/follower-count.ts';
import { readDist } from '../support/dist.ts';

test('reads 0 without a database, then the confirmed followers only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'follower-count-'));
  try {
    const path = join(dir, 'followers.sqlite');
    expect(readFollowerCount(path)).toBe(0);
    const store = openFollowerStore(path);
    for (const [i, confirm] of [true, true, false].entries()) {
      store.addPending({
        email: `f${i}@example.com`,
        confirmHash: `c${i}`,
        confirmExpiresAt: 10,
        unsubscribeNonce: `n${i}`,
        unsubscribeHash: `u${i}`,
        now: 0,
      });
      if (confirm) store.confirm(`c${i}`, 1);
    }
    expect(readFollowerCount(path)).toBe(2);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.each([
  [0, 'Join 0 other followers'],
  [1, 'Join 1 other follower'],
  [3164, 'Join 3,164 other followers'],
])('formatJoinFollowers(%i)', (count, line) => {
  expect(formatJoinFollowers(count)).toBe(line);
});

test('the built footer has the Follow form, honeypot and count on every page', () => {
  for (const page of ['/', '/archives/', '/404.html']) {
    const html = readDist(page);
    expect(html).toContain('<h2 id="follow-heading">Follow</h2>');
    expect(html).toContain('Get every new post delivered to your Inbox.');
    expect(html).toMatch(/<form method="post" action="\/followers\/subscribe">/);
    expect(html).toMatch(/<label for="follow-email">Email address<\/label>/);
    expect(html).toMatch(/<input id="follow-website" type="text" name="website"/);
    expect(html).toMatch(/<button type="submit">Follow<\/button>/);
    expect(html).toMatch(/Join [\d,]+ other followers?/);
  }
});
