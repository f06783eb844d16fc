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
