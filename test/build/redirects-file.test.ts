import { describe, expect, test } from 'vitest';
import { formatRedirectsFile } from '../../src/build/redirects-file.ts';

describe('formatRedirectsFile', () => {
  const text = formatRedirectsFile(
    [
      { from: '/feed/', to: '/feed.xml', origin: 'legacy' },
      { from: '/2012/05/21/a/photo/', to: '/2012/05/21/a/#attachment_3', origin: 'WordPress' },
    ],
    [{ arg: 'p', value: '12', to: '/2012/05/21/a/', origin: 'WordPress post 12' }],
  );
  const rules = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));

  test.each([
    [0, '/feed/ /feed.xml 301'],
    [1, '/2012/05/21/a/photo/ /2012/05/21/a/#attachment_3 301'],
    // Netlify's query form comes after every static rule (Cloudflare Pages wants those first).
    [2, '/ p=12 /2012/05/21/a/ 301'],
  ])('line %i: %s', (index, line) => {
    expect(rules[index]).toBe(line);
  });

  test('one line per rule, comments aside', () => {
    expect(rules).toHaveLength(3);
  });
});
