import { describe, expect, test } from 'vitest';
import {
  describeResultCount,
  formatExcerptHtml,
  formatSearchUrl,
  formatSectionFilter,
  HELP_SEARCH_SECTION,
  readSearchQuery,
  readSearchSection,
  SEARCH_SECTIONS,
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

describe('search sections', () => {
  test.each([
    ['', ''],
    ['?q=imap', ''],
    ['?q=imap&section=help', 'help'],
    ['?section=news', 'news'],
    ['?section=bogus', ''],
  ])('readSearchSection(%j) is %j', (search, value) => {
    expect(readSearchSection(search).value).toBe(value);
  });

  test.each([
    ['help', 'section:Help'],
    ['news', 'section:News'],
  ] as const)('formatSectionFilter(%j) is %j', (value, attribute) => {
    expect(formatSectionFilter(value)).toBe(attribute);
  });

  test.each([
    ['imap', '', '?q=imap'],
    ['imap ssl', 'help', '?q=imap+ssl&section=help'],
    ['', 'news', '?section=news'],
    ['', '', ''],
  ])('formatSearchUrl(%j, %j) is %j', (query, section, url) => {
    expect(formatSearchUrl(query, section)).toBe(url);
  });

  test('every section but "everything" has a filter, and help pages default to Help', () => {
    expect(SEARCH_SECTIONS.filter((row) => row.value !== '').every((row) => row.filter)).toBe(true);
    expect(HELP_SEARCH_SECTION.value).toBe('help');
  });
});
