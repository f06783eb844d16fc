/**
 * `npm run generate:nginx [-- --root /var/www/blog --out deploy/nginx/blog.fastmail.fm.conf]`
 * writes the nginx site configuration (the `http {}` part, for
 * /etc/nginx/conf.d/) and prints its path. Logic: src/lib/nginx-config.ts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  getBlogHost,
  getDefaultSiteOptions,
  renderNginxSiteConfig,
} from '../src/lib/nginx-config.ts';

const root = resolve(import.meta.dirname, '..');

let values: { root?: string | undefined; out?: string | undefined };
try {
  ({ values } = parseArgs({
    options: { root: { type: 'string' }, out: { type: 'string' } },
  }));
} catch (error) {
  console.error(
    `${(error as Error).message}\nUsage: npm run generate:nginx -- [--root DIR] [--out FILE]`,
  );
  process.exit(1);
}

const siteRoot = values.root ?? `/var/www/${getBlogHost()}`;
const out = resolve(root, values.out ?? `deploy/nginx/${getBlogHost()}.conf`);

let config: string;
try {
  // Refuses a root nginx could misread (relative, `$`, control characters).
  config = renderNginxSiteConfig(getDefaultSiteOptions(siteRoot));
} catch (error) {
  console.error(`Cannot generate the nginx config: ${(error as Error).message}`);
  process.exit(1);
}

try {
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, config);
} catch (error) {
  console.error(`Could not write ${out}: ${(error as Error).message}`);
  process.exit(1);
}
console.log(out);
