/** Reads a built site folder into the shape the checks take. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { BuiltSite, SitePage } from './types.ts';

/** Turns a file under the site root into the path a reader requests. */
export function toSitePath(file: string): string {
  const rooted = `/${file.split(sep).join('/')}`;
  return rooted.endsWith('/index.html') ? rooted.slice(0, -'index.html'.length) : rooted;
}

/** Reads every file name and every HTML page under `siteDir`. */
export function readBuiltSite(siteDir: string): BuiltSite {
  const files = new Set<string>();
  const pages: SitePage[] = [];
  for (const entry of readdirSync(siteDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = relative(siteDir, join(entry.parentPath, entry.name));
    files.add(`/${file.split(sep).join('/')}`);
    if (file.endsWith('.html')) {
      pages.push({ path: toSitePath(file), html: readFileSync(join(siteDir, file), 'utf8') });
    }
  }
  pages.sort((a, b) => a.path.localeCompare(b.path));
  return { pages, files };
}

/** Builds a site from in-memory pages (for tests of the checks). */
export function createBuiltSite(
  pages: readonly SitePage[],
  otherFiles: readonly string[] = [],
): BuiltSite {
  const files = new Set(otherFiles);
  for (const page of pages) {
    files.add(page.path.endsWith('/') ? `${page.path}index.html` : page.path);
  }
  return { pages, files };
}
