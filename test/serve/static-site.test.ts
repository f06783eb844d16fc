import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createStaticSiteApp } from '../../src/serve/static-site.ts';

const dist = mkdtempSync(join(tmpdir(), 'static-site-'));
mkdirSync(join(dist, '2012'));
writeFileSync(join(dist, 'index.html'), '<p>home</p>');
writeFileSync(join(dist, '2012', 'index.html'), '<p>2012</p>');
writeFileSync(join(dist, '404.html'), '<p>not found</p>');
writeFileSync(join(dist, 'feed.xml'), '<rss/>');
writeFileSync(join(dist, '2012', 'atom.xml'), '<feed/>');
writeFileSync(join(dist, 'feed.json'), '{}');
writeFileSync(join(dist, 'feed-style.xsl'), '<xsl:stylesheet/>');
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const app = createStaticSiteApp(dist);

describe('createStaticSiteApp', () => {
  test.each([
    ['/', 200, undefined, 'home'],
    ['/2012/', 200, undefined, '2012'],
    ['/2012', 301, '/2012/', undefined],
    ['/2012?x=1', 301, '/2012/?x=1', undefined],
    ['//2012', 301, '/2012/', undefined],
    ['/nope/', 404, undefined, 'not found'],
    ['/%E0%A4%A', 404, undefined, 'not found'],
    ['/../package.json', 404, undefined, 'not found'],
  ])('%s → %i %s', async (path, status, location, body) => {
    const response = await app.request(`http://localhost${path}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('location') ?? undefined).toBe(location);
    if (body) expect(await response.text()).toContain(body);
  });
});

describe('feeds get the types nginx gives them', () => {
  const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  const reader = 'application/rss+xml, application/atom+xml, */*;q=0.1';
  test.each([
    ['/feed.xml', reader, 'application/rss+xml; charset=utf-8', 'Accept', '<rss/>'],
    ['/feed.xml', browser, 'application/xml; charset=utf-8', 'Accept', '<rss/>'],
    ['/2012/atom.xml', reader, 'application/atom+xml; charset=utf-8', 'Accept', '<feed/>'],
    ['/2012/atom.xml', browser, 'application/xml; charset=utf-8', 'Accept', '<feed/>'],
    ['/feed.json', browser, 'application/feed+json; charset=utf-8', null, '{}'],
    ['/feed-style.xsl', browser, 'text/xsl; charset=utf-8', null, '<xsl:stylesheet/>'],
  ])('%s for %s: %s', async (path, accept, type, vary, body) => {
    const response = await app.request(`http://localhost${path}`, { headers: { accept } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('vary')).toBe(vary);
    expect(await response.text()).toBe(body);
  });

  test.each(['/missing/feed.xml', '/..%2Ffeed.xml', '/..%2F..%2Fetc%2Fpasswd'])(
    '%s missing: 404 page',
    async (path) => {
      const response = await app.request(`http://localhost${path}`);
      expect(response.status).toBe(404);
    },
  );
});
