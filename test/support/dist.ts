/** Reading the built site from tests. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Absolute path of the built site. */
export const distDir = join(import.meta.dirname, '..', '..', 'dist');

/** Reads a file of dist/ by site path (`/2012/` reads `/2012/index.html`). */
export function readDist(sitePath: string): string {
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does it for you).');
  }
  const file = sitePath.endsWith('/') ? `${sitePath}index.html` : sitePath;
  return readFileSync(join(distDir, file), 'utf8');
}

/** True when dist/ has a file at this site path. */
export function existsInDist(sitePath: string): boolean {
  return existsSync(join(distDir, sitePath.endsWith('/') ? `${sitePath}index.html` : sitePath));
}
