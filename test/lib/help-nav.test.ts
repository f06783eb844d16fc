import { describe, expect, test } from 'vitest';
import { findHelpNeighbours, formatHelpPath, sortHelpPages } from '../../src/lib/help-nav.ts';

const page = (id: string, sidebarOrder: number, title = id) => ({
  id,
  title,
  description: '',
  sidebarOrder,
  path: formatHelpPath(id),
});

describe('help page order', () => {
  test('by sidebarOrder, then title, then id', () => {
    const sorted = sortHelpPages([page('c', 2), page('b', 1, 'Zebra'), page('a', 1, 'Apple')]);
    expect(sorted.map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
  });

  test.each([
    ['a', undefined, 'b'],
    ['b', 'a', 'c'],
    ['c', 'b', undefined],
  ])('neighbours of %s: %s and %s', (id, previous, next) => {
    const pages = [page('a', 1), page('b', 2), page('c', 3)];
    const neighbours = findHelpNeighbours(pages, id);
    expect(neighbours.previous?.id).toBe(previous);
    expect(neighbours.next?.id).toBe(next);
  });

  test('an unknown page is an error', () => {
    expect(() => findHelpNeighbours([page('a', 1)], 'x')).toThrow(/No help page/);
  });

  test('help paths', () => {
    expect(formatHelpPath('server-names-and-ports')).toBe('/help/server-names-and-ports/');
  });
});
