import { describe, expect, test } from 'vitest';
import { formatPageTitle, paginateItems, toPageParam } from '../../src/lib/pagination.ts';

const items = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

describe('paginateItems', () => {
  test.each([
    // [items, perPage, expected items per page]
    [0, 10, [0]],
    [1, 10, [1]],
    [10, 10, [10]],
    [11, 10, [10, 1]],
    [20, 10, [10, 10]],
    [21, 10, [10, 10, 1]],
    [3, 1, [1, 1, 1]],
  ])('%i items at %i a page → page sizes %j', (count, perPage, sizes) => {
    const pages = paginateItems(items(count), perPage, '/category/news/');
    expect(pages.map((page) => page.items.length)).toEqual(sizes);
    expect(pages.flatMap((page) => page.items)).toEqual(items(count));
    expect(pages.every((page) => page.total === sizes.length)).toBe(true);
  });

  test('links pages newest to oldest with WordPress paths', () => {
    const pages = paginateItems(items(21), 10, '/');
    expect(pages.map((page) => [page.path, page.newerPath, page.olderPath])).toEqual([
      ['/', undefined, '/page/2/'],
      ['/page/2/', '/', '/page/3/'],
      ['/page/3/', '/page/2/', undefined],
    ]);
  });

  test.each([0, -1, 1.5, Number.NaN])('rejects perPage %d', (perPage) => {
    expect(() => paginateItems(items(3), perPage, '/')).toThrow(RangeError);
  });

  test.each([
    [1, 'News', undefined],
    [2, 'News, page 2 of 3', 'page/2'],
    [3, 'News, page 3 of 3', 'page/3'],
  ])('page %i: title %j, route param %j', (number, title, param) => {
    const page = paginateItems(items(25), 10, '/category/news/')[number - 1]!;
    expect(formatPageTitle('News', page)).toBe(title);
    expect(toPageParam(page)).toBe(param);
  });
});
