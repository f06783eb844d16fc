import { describe, expect, test } from 'vitest';
import { checkRedirects } from '../../../src/build/checks/redirects.ts';
import { scanPage } from '../../../src/build/checks/page-urls.ts';
import { createBuiltSite } from '../../../src/build/checks/read-site.ts';

const site = createBuiltSite([
  { path: '/help/', html: '<p>Help</p>' },
  { path: '/help/a/', html: '<p>A</p>' },
  { path: '/2012/06/01/split/', html: '<p>One</p><div id="page-2"></div><p>Two</p>' },
]);
const rule = (from: string, to: string) => ({ from, to, origin: 'test' });

describe('checkRedirects', () => {
  test('a table that fits the site has no problems', () => {
    expect(
      checkRedirects(site, [
        rule('/help/old-a/', '/help/a/'),
        rule('/2012/06/01/split/2/', '/2012/06/01/split/#page-2'),
      ]),
    ).toEqual([]);
  });

  test.each([
    ['a source that is a built page', rule('/help/a/', '/help/'), 'is a page of the site'],
    ['a target that was not built', rule('/help/old/', '/help/missing/'), 'not a page or file'],
    [
      'a target anchor the page lacks',
      rule('/2012/06/01/split/3/', '/2012/06/01/split/#page-3'),
      'not a page or file',
    ],
  ])('reports %s, naming the rule', (_, bad, message) => {
    expect(checkRedirects(site, [bad])).toEqual([
      {
        page: bad.from,
        item: `${bad.from} → ${bad.to} (test)`,
        message: expect.stringContaining(message),
      },
    ]);
  });
});

test('of several rules into one page, only the one whose anchor it lacks is reported', () => {
  const problems = checkRedirects(site, [
    rule('/2012/06/01/split/2/', '/2012/06/01/split/#page-2'),
    rule('/2012/06/01/split/3/', '/2012/06/01/split/#page-3'),
    rule('/2012/06/01/split/photo/', '/2012/06/01/split/#page-2'),
  ]);
  expect(problems.map((problem) => problem.page)).toEqual(['/2012/06/01/split/3/']);
});

test("takes a target page's anchors from the scans given instead of parsing it", () => {
  const scans = new Map([['/2012/06/01/split/', scanPage('<div id="page-3"></div>')]]);
  const problems = checkRedirects(
    site,
    [
      rule('/2012/06/01/split/2/', '/2012/06/01/split/#page-2'),
      rule('/2012/06/01/split/3/', '/2012/06/01/split/#page-3'),
    ],
    [],
    scans,
  );
  expect(problems.map((problem) => problem.page)).toEqual(['/2012/06/01/split/2/']);
});

describe('checkRedirects: /?arg=value rules', () => {
  const query = (arg: 'p' | 'tag', value: string, to: string) => ({
    arg,
    value,
    to,
    origin: 'test',
  });
  const unicode = createBuiltSite([{ path: '/日本語/', html: '<p>こんにちは</p>' }]);

  test.each([
    ['a known post', site, query('p', '12', '/help/a/'), undefined],
    ['an anchor the page has', site, query('p', '13', '/2012/06/01/split/#page-2'), undefined],
    [
      'a percent-encoded target',
      unicode,
      query('p', '14', '/%E6%97%A5%E6%9C%AC%E8%AA%9E/'),
      undefined,
    ],
    ['a target that was not built', site, query('p', '15', '/help/missing/'), 'not a page or file'],
    ['a value nginx would misread', site, query('tag', 'a b', '/help/'), 'not a plain query value'],
  ])('%s', (_, built, bad, message) => {
    const problems = checkRedirects(built, [], [bad]);
    if (message === undefined) expect(problems).toEqual([]);
    else
      expect(problems).toEqual([
        expect.objectContaining({
          page: `/?${bad.arg}=${bad.value}`,
          message: expect.stringContaining(message),
        }),
      ]);
  });
});
