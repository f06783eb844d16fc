/** The built dist/ read once per test file for the site checks. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readBuiltSite } from '../../src/build/checks/read-site.ts';
import type { BuiltSite } from '../../src/build/checks/types.ts';
import { distDir } from './dist.ts';

/** Reads dist/ for the checks; fails with the command to run when it is missing. */
export function loadBuiltSite(): BuiltSite {
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does it for you).');
  }
  return readBuiltSite(distDir);
}
