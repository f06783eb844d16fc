/**
 * Where the follower database is. One answer for the service, notify, the
 * operator script and the site build, which reads the follower count through
 * read-only.ts: that module is bundled by Astro into a chunk under the build's
 * output folder, so neither `import.meta.dirname` nor `process.cwd()` alone is
 * safe. The project root is the nearest folder above this module holding a
 * package.json, which holds for the source tree and for the bundled chunk.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { site } from '../../site.ts';

let projectRoot: string | undefined;

/** The project root: the nearest folder above this module with a package.json. */
export function findProjectRoot(): string {
  if (projectRoot === undefined) {
    let folder = import.meta.dirname;
    while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) {
      folder = dirname(folder);
    }
    projectRoot = folder;
  }
  return projectRoot;
}

/** The follower database's absolute path: `FOLLOWERS_DB`, else site.followersDatabase under the project root. */
export function resolveFollowerDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.FOLLOWERS_DB || join(findProjectRoot(), site.followersDatabase));
}
