/**
 * `npm run generate:nginx [-- --root /var/www/blog --out deploy/nginx/blog.fastmail.fm.conf]`
 * writes the nginx site configuration (the `http {}` part, for /etc/nginx/conf.d/)
 * and prints its path. Defaults come from `site.deploy` in src/site.ts; every
 * option below overrides one. Logic: src/deploy/nginx/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  getBlogHost,
  getDefaultSiteOptions,
  renderNginxSiteConfig,
  type NginxSiteOptions,
} from '../src/deploy/nginx/index.ts';
import { readHelpRedirects } from '../src/redirects/site-redirects.ts';

const root = resolve(import.meta.dirname, '..');
const usage =
  'Usage: npm run generate:nginx -- [--root DIR] [--out FILE] [--listen ADDRESS] [--http-port N] [--https-port N]\n' +
  '  [--blog-cert FILE --blog-key FILE] [--login-cert FILE --login-key FILE]\n' +
  '  [--follower-upstream HOST:PORT] [--webmail-upstream HOST:PORT]';

const text = { type: 'string' } as const;
let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      root: text,
      out: text,
      listen: text,
      'http-port': text,
      'https-port': text,
      'blog-cert': text,
      'blog-key': text,
      'login-cert': text,
      'login-key': text,
      'follower-upstream': text,
      'webmail-upstream': text,
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(1);
}

/** A port option as a number; the renderer refuses anything that is not a port. */
function readPort(name: string): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    console.error(`--${name} must be a port number (got ${JSON.stringify(value)}).\n${usage}`);
    process.exit(1);
  }
  return Number(value);
}

const defaults = getDefaultSiteOptions();
const overrides: Partial<NginxSiteOptions> = Object.fromEntries(
  Object.entries({
    root: values['root'],
    listenAddress: values['listen'],
    httpPort: readPort('http-port'),
    httpsPort: readPort('https-port'),
    blogCertificate: {
      certificate: values['blog-cert'] ?? defaults.blogCertificate.certificate,
      key: values['blog-key'] ?? defaults.blogCertificate.key,
    },
    loginCertificate: {
      certificate: values['login-cert'] ?? defaults.loginCertificate.certificate,
      key: values['login-key'] ?? defaults.loginCertificate.key,
    },
    followerUpstream: values['follower-upstream'],
    webmailUpstream: values['webmail-upstream'],
  }).filter(([, value]) => value !== undefined),
);
const out = resolve(root, values['out'] ?? `deploy/nginx/${getBlogHost()}.conf`);

let config: string;
try {
  // Refuses a value nginx could misread (relative paths, `$`, control characters, bad ports).
  // The help pages' redirectFrom lists live in their files: read them here, at the edge.
  config = renderNginxSiteConfig(
    getDefaultSiteOptions({ pageRedirects: readHelpRedirects(root), ...overrides }),
  );
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
