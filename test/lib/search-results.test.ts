import { describe, expect, test } from 'vitest';
import {
  describeResultCount,
  formatExcerptHtml,
  readSearchQuery,
  toSearchResultView,
} from '../../src/lib/search-results.ts';

describe('formatExcerptHtml', () => {
  test.each([
    ['vs TLS vs <mark>STARTTLS</mark>.', 'vs TLS vs <mark>STARTTLS</mark>.'],
    ['a <script>x</script> b', 'a &lt;script>x&lt;/script> b'],
    [
      '<img src=x onerror=alert(1)> <mark>y</mark>',
      '&lt;img src=x onerror=alert(1)> <mark>y</mark>',
    ],
    ['&lt;already escaped&gt;', '&lt;already escaped&gt;'],
    ['<markup>', '&lt;markup>'],
  ])('%s', (excerpt, expected) => {
    expect(formatExcerptHtml(excerpt)).toBe(expected);
  });
});

describe('toSearchResultView', () => {
  test('a post has its title, date and excerpt', () => {
    expect(
      toSearchResultView({
        url: '/2012/06/05/new-domain-fastmail-nl/',
        excerpt: 'new <mark>fastmail.nl</mark> domain',
        meta: { title: 'New domain: fastmail.nl', date: '5 June 2012' },
      }),
    ).toEqual({
      url: '/2012/06/05/new-domain-fastmail-nl/',
      title: 'New domain: fastmail.nl',
      date: '5 June 2012',
      excerptHtml: 'new <mark>fastmail.nl</mark> domain',
    });
  });

  test('a help page has no date; a missing title falls back to the URL', () => {
    expect(toSearchResultView({ url: '/help/x/', excerpt: '', meta: { date: ' ' } })).toEqual({
      url: '/help/x/',
      title: '/help/x/',
      date: undefined,
      excerptHtml: '',
    });
  });
});

describe('readSearchQuery', () => {
  test.each([
    ['?q=STARTTLS', 'STARTTLS'],
    ['?q=port+465', 'port 465'],
    ['?q=%20fastmail.nl%20', 'fastmail.nl'],
    ['', ''],
    ['?other=1', ''],
  ])('%s → %s', (search, expected) => {
    expect(readSearchQuery(search)).toBe(expected);
  });
});

describe('describeResultCount', () => {
  test.each([
    [0, 'No results for “x”.'],
    [1, '1 result for “x”.'],
    [3, '3 results for “x”.'],
  ])('%i', (count, expected) => {
    expect(describeResultCount('x', count)).toBe(expected);
  });
});
