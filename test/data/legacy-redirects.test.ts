import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { legacyRedirects } from '../../src/data/legacy-redirects.ts';
import { expandLegacyRedirects } from '../../src/redirects/legacy-redirects.ts';
import { distDir, existsInDist } from '../support/dist.ts';

/** Category slugs of the built site. */
function listBuiltCategories(): string[] {
  return readdirSync(join(distDir, 'category'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

describe('legacy redirect hygiene', () => {
  const redirects = expandLegacyRedirects(listBuiltCategories());

  test('covers the old help pages, the main feed and the category feeds', () => {
    expect(redirects).toEqual(
      expect.arrayContaining([
        {
          from: '/help/remote_email_access_server_names_and_ports.html',
          to: '/help/server-names-and-ports/',
        },
        { from: '/help/technology_ssl_vs_tls_starttls.html', to: '/help/ssl-vs-tls-vs-starttls/' },
        { from: '/feed/', to: '/feed.xml' },
        { from: '/category/news/feed/', to: '/category/news/feed.xml' },
      ]),
    );
  });

  test.each(redirects.map((entry) => [entry.from, entry.to]))(
    '%s → %s: the target exists in dist/, the source does not',
    (from, to) => {
      expect(existsInDist(to)).toBe(true);
      expect(existsInDist(from)).toBe(false);
    },
  );

  test('no loops and no chains: no target is itself a source', () => {
    const sources = new Set(redirects.map((entry) => entry.from));
    for (const entry of redirects) {
      expect(entry.to).not.toBe(entry.from);
      expect(sources.has(entry.to)).toBe(false);
    }
  });

  test('sources are unique, and every target is a site path', () => {
    const froms = legacyRedirects.map((entry) => entry.from);
    expect(new Set(froms).size).toBe(froms.length);
    for (const entry of legacyRedirects) expect(entry.to).toMatch(/^\/[^/]/);
  });
});
