import { describe, expect, test } from 'vitest';
import {
  classifyRequest,
  formatAuditTable,
  listBudgetMisses,
  measureGzip,
  readFailingAudits,
  readRequests,
  readScores,
  sumTransfer,
  type LighthouseResult,
  type PageAudit,
} from '../../../scripts/lib/site-audit.ts';

const lhr: LighthouseResult = {
  categories: {
    performance: { score: 0.81, auditRefs: [{ id: 'cumulative-layout-shift', weight: 25 }] },
    accessibility: { score: 1, auditRefs: [{ id: 'color-contrast', weight: 7 }] },
    'best-practices': { score: 1 },
    seo: {
      score: 0.63,
      auditRefs: [
        { id: 'is-crawlable', weight: 4.04 },
        { id: 'hreflang', weight: 0 },
      ],
    },
  },
  audits: {
    'cumulative-layout-shift': { score: 0.24 },
    'color-contrast': { score: 1 },
    'is-crawlable': { score: 0 },
    hreflang: { score: 0 },
    'network-requests': {
      details: {
        items: [
          { url: 'http://127.0.0.1:1/', resourceType: 'Document' },
          { url: 'http://127.0.0.1:1/_astro/a.css', resourceType: 'Stylesheet' },
          { url: 'data:image/png;base64,AA', resourceType: 'Image' },
          { url: 'http://127.0.0.1:1/pagefind/pagefind.js', resourceType: 'Script' },
        ],
      },
    },
  },
};

/** An audit with perfect scores and the given sizes. */
function pageAudit(label: string, gzip: Partial<PageAudit['gzipBytes']>): PageAudit {
  return {
    label,
    path: '/',
    scores: { performance: 100, accessibility: 100, 'best-practices': 100, seo: 100 },
    gzipBytes: { html: 0, css: 0, js: 0, other: 0, total: 0, ...gzip },
    requestCount: 3,
    failingAudits: [],
  };
}

describe('reading a Lighthouse result', () => {
  test('scores become 0–100', () => {
    expect(readScores(lhr)).toEqual({
      performance: 81,
      accessibility: 100,
      'best-practices': 100,
      seo: 63,
    });
  });

  test('requests skip data: URLs', () => {
    expect(readRequests(lhr).map((r) => r.resourceType)).toEqual([
      'Document',
      'Stylesheet',
      'Script',
    ]);
  });

  test('failing audits are the weighted ones below full marks', () => {
    expect(readFailingAudits(lhr)).toEqual([
      'performance/cumulative-layout-shift',
      'seo/is-crawlable',
    ]);
  });
});

describe('sizes', () => {
  test.each([
    ['Document', 'html'],
    ['Stylesheet', 'css'],
    ['Script', 'js'],
    ['Fetch', 'other'],
    ['Image', 'other'],
  ])('%s counts as %s', (resourceType, kind) => {
    expect(classifyRequest({ url: '/', resourceType })).toBe(kind);
  });

  test('gzip size is the size of a real gzip stream', () => {
    const body = new TextEncoder().encode('<p>STARTTLS</p>'.repeat(200));
    const size = measureGzip(body);
    expect(size).toBeLessThan(body.byteLength / 10);
    expect(size).toBeGreaterThan(20);
  });

  test('sums by kind and in total', () => {
    expect(sumTransfer(readRequests(lhr), [1000, 300, 50])).toEqual({
      html: 1000,
      css: 300,
      js: 50,
      other: 0,
      total: 1350,
    });
  });
});

describe('budgets', () => {
  test('a page meeting every target has no misses', () => {
    expect(
      listBudgetMisses([
        pageAudit('post', { html: 2000, total: 4000 }),
        pageAudit('search', { js: 9000 }),
      ]),
    ).toEqual([]);
  });

  test.each([
    [pageAudit('post', { total: 14 * 1024 + 1 }), 'post: 14.0 KiB gzipped in total'],
    [pageAudit('home', { js: 10 }), 'home: loads 0.0 KiB of JavaScript'],
    [
      {
        ...pageAudit('404', {}),
        scores: { ...pageAudit('404', {}).scores, seo: 63 },
        failingAudits: ['seo/is-crawlable'],
      },
      '404: Lighthouse seo 63 (target 100): is-crawlable',
    ],
  ])('names the page and the target: %#', (audit, miss) => {
    expect(listBudgetMisses([audit])).toEqual([expect.stringContaining(miss)]);
  });

  test('the table has one row per page type', () => {
    const table = formatAuditTable([pageAudit('post', { html: 1740, css: 1946, total: 3686 })]);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain(
      '| post | `/` | 100 | 100 | 100 | 100 | 1.7 | 1.9 | 0.0 | 0.0 | 3.6 | 3 |',
    );
  });
});
