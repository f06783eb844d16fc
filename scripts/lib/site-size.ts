/**
 * Size figures of a built site: pages written, bytes on disk, and what one
 * page costs a reader (gzipped HTML plus the CSS and JS it loads).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Every file below `dir`, as absolute paths. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Pages (HTML files) and total bytes of a built site. */
export function measureSite(distDir: string): { pages: number; bytes: number } {
  const files = listFiles(distDir);
  return {
    pages: files.filter((file) => file.endsWith('.html')).length,
    bytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
  };
}

/** Gzipped bytes of a page and the same-site stylesheets and scripts it references. */
export function measurePageWeight(
  distDir: string,
  sitePath: string,
): { html: number; css: number; js: number; scripts: number } {
  const html = readFileSync(join(distDir, sitePath, sitePath.endsWith('/') ? 'index.html' : ''));
  const text = html.toString('utf8');
  const gzipped = (path: string) => gzipSync(readFileSync(join(distDir, path))).length;
  const stylesheets = [...text.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="(\/[^"]+)"/g)].map(
    (m) => m[1]!,
  );
  const scripts = [...text.matchAll(/<script[^>]*src="(\/[^"]+)"/g)].map((m) => m[1]!);
  return {
    html: gzipSync(html).length,
    css: stylesheets.reduce((sum, path) => sum + gzipped(path), 0),
    js: scripts.reduce((sum, path) => sum + gzipped(path), 0),
    scripts: (text.match(/<script\b/g) ?? []).length,
  };
}

/** Render times of help pages read from `astro build`'s per-page log lines. */
export interface HelpPageTimes {
  readonly pages: number;
  readonly meanMs: number;
  /** Mean over the first and the last tenth of help pages written: equal when the cost does not grow. */
  readonly firstTenthMs: number;
  readonly lastTenthMs: number;
}

/** Reads `├─ /help/…/index.html (+3ms)` lines (section pages and /help/ itself included). */
export function measureHelpPageTimes(log: string): HelpPageTimes {
  const times = [...log.matchAll(/\/help\/\S*index\.html \(\+(\d+)ms\)/g)].map((match) =>
    Number(match[1]),
  );
  const mean = (values: number[]) =>
    values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
  const tenth = Math.max(1, Math.floor(times.length / 10));
  return {
    pages: times.length,
    meanMs: mean(times),
    firstTenthMs: mean(times.slice(0, tenth)),
    lastTenthMs: mean(times.slice(-tenth)),
  };
}
