import { expect, test } from 'vitest';
import { convertHtmlToText } from '../../src/followers/html-text.ts';
import {
  composeConfirmationEmail,
  composePostEmail,
  formatPostMessageId,
} from '../../src/followers/messages.ts';

const site = { title: 'Test Weblog', baseUrl: 'https://blog.example.com' };
const post = {
  id: 'https://blog.example.com/2012/07/16/post/',
  url: 'https://blog.example.com/2012/07/16/post/',
  title: 'Now enforcing SSL/TLS\r\nBcc: victim@example.com',
  contentHtml:
    '<p>See <a href="https://www.fastmail.fm/help/x.html">the help page</a> &amp; more.</p><ul><li>One</li><li>Two</li></ul>',
  datePublished: '2012-07-16T00:00:00.000Z',
};

test('a post email has the one-click unsubscribe headers and a header-safe subject', () => {
  const message = composePostEmail(site, {
    post,
    to: 'a@example.com',
    followerId: 7,
    unsubscribeToken: 'T'.repeat(43),
  });
  const url = `https://blog.example.com/followers/unsubscribe?token=${'T'.repeat(43)}`;
  expect(message.headers?.['List-Unsubscribe']).toBe(`<${url}>`);
  expect(message.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  expect(message.subject).toBe('Now enforcing SSL/TLS Bcc: victim@example.com');
  expect(message.subject).not.toMatch(/[\r\n]/);
  expect(message.html).toContain(post.contentHtml);
  expect(message.html).toContain(`href="${url}"`);
  expect(message.text).toContain(post.url);
  expect(message.text).toContain(url);
  expect(message.text).toContain('the help page [https://www.fastmail.fm/help/x.html] & more.');
});

test('Message-IDs are stable per (post, follower) and differ between followers', () => {
  expect(formatPostMessageId(site.baseUrl, post.id, 1)).toBe(
    formatPostMessageId(site.baseUrl, post.id, 1),
  );
  expect(formatPostMessageId(site.baseUrl, post.id, 1)).not.toBe(
    formatPostMessageId(site.baseUrl, post.id, 2),
  );
  expect(formatPostMessageId(site.baseUrl, post.id, 1)).toMatch(
    /^<post-[0-9a-f]{20}-1@blog\.example\.com>$/,
  );
});

test('the confirmation email links to the confirm page and says when it expires', () => {
  const message = composeConfirmationEmail(site, 'a@example.com', 'C'.repeat(43), 7);
  expect(message.text).toContain(
    `https://blog.example.com/followers/confirm?token=${'C'.repeat(43)}`,
  );
  expect(message.text).toContain('7 days');
  expect(message.headers?.['List-Unsubscribe']).toBeUndefined();
});

test.each([
  ['<p>One</p><p>Two</p>', 'One\n\nTwo'],
  ['<p>a<br>b</p>', 'a\nb'],
  ['<a href="https://x.example/">https://x.example/</a>', 'https://x.example/'],
  ['<p>&lt;tag&gt; &#8217; &#x2014;</p>', '<tag> ’ —'],
  ['<style>p{}</style><p>kept</p>', 'kept'],
])('convertHtmlToText(%j)', (html, text) => {
  expect(convertHtmlToText(html)).toBe(text);
});
