import { describe, expect, test } from 'vitest';
import {
  formatAbsoluteUrl,
  formatCategoryPath,
  formatHomePath,
  formatMonthPath,
  formatPostPath,
  formatYearPath,
  findReservedPathClash,
} from '../../src/lib/urls.ts';

describe('site paths', () => {
  test.each([
    [
      new Date('2012-05-21T00:00:00Z'),
      'understanding-ssl-vs-tls-vs-starttls',
      '/2012/05/21/understanding-ssl-vs-tls-vs-starttls/',
    ],
    // The UTC calendar day decides, whatever the build machine's zone.
    [new Date('2012-07-16T23:59:59Z'), 'late', '/2012/07/16/late/'],
    [new Date('2012-07-16T23:30:00-02:00'), 'zoned', '/2012/07/17/zoned/'],
    [new Date('2009-01-01T00:00:00Z'), 'new-year', '/2009/01/01/new-year/'],
  ])('formatPostPath(%o, %s) → %s', (date, slug, path) => {
    expect(formatPostPath(date, slug)).toBe(path);
  });

  test.each([
    [() => formatYearPath(2012), '/2012/'],
    [() => formatMonthPath(2012, 4), '/2012/04/'],
    [() => formatMonthPath(2012, 12), '/2012/12/'],
    [() => formatCategoryPath('news'), '/category/news/'],
    [() => formatCategoryPath('news', 1), '/category/news/'],
    [() => formatCategoryPath('news', 3), '/category/news/page/3/'],
    [() => formatHomePath(), '/'],
    [() => formatHomePath(2), '/page/2/'],
    [
      () => formatAbsoluteUrl('/feed.xml', 'https://blog.fastmail.fm'),
      'https://blog.fastmail.fm/feed.xml',
    ],
  ])('%s → %s', (make, expected) => {
    expect(make()).toBe(expected);
  });
});

test.each([
  ['/archives/42/', undefined],
  ['/about/team/', undefined],
  ['/2012/05/21/slug/', undefined],
  ['/category/news/', "/category/ addresses belong to the site's own pages"],
  ['/tag/x/y/', "/tag/ addresses belong to the site's own pages"],
  ['/page/2/', "/page/ addresses belong to the site's own pages"],
  ['/help/', "/help/ addresses belong to the site's own pages"],
  ['/archives/', "it is the site's archives page"],
  ['/2012/', 'it is a year or month archive'],
  ['/2012/05/', 'it is a year or month archive'],
])('findReservedPathClash(%j) is %j', (path, clash) => {
  expect(findReservedPathClash(path)).toBe(clash);
});
