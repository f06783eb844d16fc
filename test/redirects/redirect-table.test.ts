import { describe, expect, test } from 'vitest';
import {
  findQueryRedirectProblems,
  findRedirectProblems,
  findRedirectTarget,
  formatRedirectProblems,
  isSitePath,
  type QueryRedirectRule,
  type RedirectRule,
} from '../../src/redirects/redirect-table.ts';

describe('isSitePath', () => {
  test.each([
    ['/help/old/', true],
    ['/help/old.html', true],
    ['/', true],
    ['help/old/', false],
    ['//evil.example/', false],
    ['https://evil.example/', false],
    ['/a?b=1', false],
    ['/a#b', false],
    ['/a b/', false],
    ['/a/../b/', false],
    ['/a/./b/', false],
    ['/a//b/', false],
    ['/$host/', false],
    ['/a"b', false],
    ['/a;b', false],
  ])('%s → %s', (path, expected) => {
    expect(isSitePath(path)).toBe(expected);
  });
});

const rule = (from: string, to: string, origin = `rule ${from}`): RedirectRule => ({
  from,
  to,
  origin,
});

describe('findRedirectProblems', () => {
  const pages = new Set(['/help/', '/help/a/', '/help/b/']);

  test('a sound table has none', () => {
    expect(
      findRedirectProblems([rule('/old-a/', '/help/a/'), rule('/old-b/', '/help/b/')], pages),
    ).toEqual([]);
  });

  test.each([
    ['a relative source', [rule('old/', '/help/a/')], '"old/" is not an absolute site path'],
    ['a source that is a page', [rule('/help/b/', '/help/a/')], '"/help/b/" is a page of the site'],
    [
      'a source listed twice',
      [rule('/old/', '/help/a/', 'first.mdx'), rule('/old/', '/help/b/', 'second.mdx')],
      'second.mdx: "/old/" is already redirected by first.mdx',
    ],
    ['a rule to itself', [rule('/loop/', '/loop/')], '"/loop/" redirects to itself'],
    [
      'a chain',
      [rule('/older/', '/old/'), rule('/old/', '/help/a/')],
      '"/older/" → "/old/" is a chain',
    ],
  ])('reports %s', (_, rules, message) => {
    expect(formatRedirectProblems(findRedirectProblems(rules, pages))).toContain(message);
  });
});

test('findRedirectTarget finds exact sources only', () => {
  const rules = [rule('/old/', '/help/a/')];
  expect(findRedirectTarget('/old/', rules)).toBe('/help/a/');
  expect(findRedirectTarget('/old', rules)).toBeUndefined();
});

describe('findQueryRedirectProblems', () => {
  const query = (arg: string, value: string, to = '/a/'): QueryRedirectRule =>
    ({ arg, value, to, origin: `rule ${arg}=${value}` }) as QueryRedirectRule;

  test.each([
    ['a post ID', [query('p', '12')], []],
    ['an encoded tag slug and an anchor', [query('tag', 'caf%c3%a9', '/a/#attachment_3')], []],
    [
      'an argument WordPress never read',
      [query('s', 'x')],
      ['"s" is not a WordPress query argument'],
    ],
    ['a value nginx would misread', [query('p', '1 2')], ['"1 2" is not a plain query value']],
    ['a value with a variable', [query('tag', '$host')], ['"$host" is not a plain query value']],
    [
      'an off-site target',
      [query('p', '1', 'https://evil.example/')],
      ['"https://evil.example/" is not a site path'],
    ],
    ['a value twice', [query('cat', '3'), query('cat', '3', '/b/')], ['"/?cat=3" is listed twice']],
  ])('%s', (_, rules, messages) => {
    expect(findQueryRedirectProblems(rules).map((problem) => problem.message)).toEqual(messages);
  });
});
