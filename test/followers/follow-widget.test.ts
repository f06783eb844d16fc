import { expect, test } from 'vitest';
import { readDist } from '../support/dist.ts';

// Literal on purpose: the built markup is the contract the service answers, byte for byte.
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
