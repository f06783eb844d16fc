/**
 * `npm start`: builds the site, then serves it and the follower routes on one
 * local port (PORT, default 4321). See src/followers/README.md.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { runFollowerServer } from '../src/followers/server.ts';

const root = resolve(import.meta.dirname, '..');
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-site.ts')], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error(
    'The build failed, so nothing was started. Fix the error above and run `npm start` again.',
  );
  process.exit(build.status ?? 1);
}
await runFollowerServer();
