import { describe, expect, test } from 'vitest';
import {
  classifyRoute,
  findMedian,
  measureBuildPhases,
  measureRouteTimes,
} from '../../../scripts/lib/build-log.ts';

describe('classifyRoute', () => {
  test.each([
    ['/2024/01/02/update-5-calendar-changes/index.html', 'post'],
    ['/feed.xml/', 'feed'],
    ['/category/news/feed.json/', 'feed'],
    ['/category/news/page/2/index.html', 'category'],
    ['/tag/imap/index.html', 'tag'],
    ['/2024/index.html', 'archive'],
    ['/2024/03/page/2/index.html', 'archive'],
    ['/index.html', 'listing'],
    ['/page/7/index.html', 'listing'],
    ['/help/account/login/index.html', 'help'],
    ['/search/index.html', 'other'],
  ])('%s is a %s page', (path, kind) => {
    expect(classifyRoute(path)).toBe(kind);
  });
});

describe('measureBuildPhases', () => {
  const lines = [
    [100, '[content] Syncing content'],
    [900, '[build] Building static entrypoints...'],
    [1500, ' generating static routes '],
    [2600, '✓ Completed in 1.10s.'],
    [3000, 'Checked internal links of 10 pages in 0.3 s'],
    [3400, 'Search index: 10 pages in 0.4 s'],
    [3450, 'Published the built site to /x/dist in 0.0 s'],
  ].map(([atMs, text]) => ({ atMs: atMs as number, text: text as string }));

  test.each([
    ['startup + config', 100],
    ['content sync + types', 800],
    ['bundling (MDX/Markdown modules)', 600],
    ['page generation', 1100],
    ['sitemap + astro exit', 100],
    ['link check', 300],
    ['search index', 400],
    ['publish', 0],
    ['total', 3500],
  ])('%s took %d ms', (phase, ms) => {
    expect(measureBuildPhases(lines, 3500)[phase]).toBe(ms);
  });
});

describe('measureRouteTimes', () => {
  test('sums per-page times by kind', () => {
    const log = [
      '  ├─ /2024/01/02/a/index.html (+3ms) ',
      '  ├─ /2024/01/02/b/index.html (+5ms) ',
      '  └─ /feed.xml/ (+11ms) ',
      '[build] Complete!',
    ].map((text) => ({ atMs: 0, text }));
    expect(measureRouteTimes(log)).toEqual({
      post: { ms: 8, pages: 2 },
      feed: { ms: 11, pages: 1 },
    });
  });
});

describe('findMedian', () => {
  test.each([
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('median of %j is %d', (values, median) => {
    expect(findMedian(values)).toBe(median);
  });
});
