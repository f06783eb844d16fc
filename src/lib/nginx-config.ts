/**
 * Writes the nginx configuration that serves the built blog and the webmail
 * login hosts. Pure: options in, text out; `scripts/generate-nginx.ts` writes
 * it to disk and `test/e2e/nginx.test.ts` runs it on a real nginx.
 *
 * Everything that decides a redirect comes from the shared modules: the login
 * hosts from `login-redirects.ts`, the old addresses from
 * `src/data/legacy-redirects.ts`, the blog host and follower port from `src/site.ts`.
 */
import { legacyRedirects } from '../data/legacy-redirects.ts';
import { site } from '../site.ts';
import { formatCategoryPattern } from './legacy-redirects.ts';
import {
  BUSINESS_DOMAIN_PATTERN,
  MAX_HOST_LENGTH,
  listLoginHosts,
  resolveLoginRedirect,
} from './login-redirects.ts';

/** A certificate and its private key, as paths on the server. */
export interface CertificatePaths {
  /** PEM certificate chain (leaf first). */
  readonly certificate: string;
  /** PEM private key. */
  readonly key: string;
}

/** What the generated site configuration needs to know about the machine it runs on. */
export interface NginxSiteOptions {
  /** Absolute path of the published `dist/` folder. */
  readonly root: string;
  /** Address to listen on (`127.0.0.1` in tests); all addresses when omitted. */
  readonly listenAddress?: string | undefined;
  /** Plain-http port (80 in production). */
  readonly httpPort: number;
  /** https port (443 in production). */
  readonly httpsPort: number;
  /** Certificate for the blog's own host name. */
  readonly blogCertificate: CertificatePaths;
  /** Certificate of the webmail hosts: it names exactly `listCertificateHosts()`. */
  readonly loginCertificate: CertificatePaths;
  /** `host:port` of the follower service (`npm start`); nginx proxies `/followers/` to it. */
  readonly followerUpstream: string;
  /** `host:port` of the webmail application the login hosts that "stay" are proxied to. */
  readonly webmailUpstream: string;
}

/** Paths of a standalone nginx run (tests, trying the config locally). */
export interface NginxMainOptions {
  /** Folder for the pid file, logs and nginx's temporary files. */
  readonly prefix: string;
  /** The `http {}` body, normally from {@link renderNginxSiteConfig}. */
  readonly siteConfig: string;
  /** `user` directive; only meaningful when nginx starts as root. */
  readonly user?: string | undefined;
  /** nginx's MIME type table. */
  readonly mimeTypesPath?: string | undefined;
}

/** The blog's host name, from the site URL. */
export function getBlogHost(): string {
  return new URL(site.url).hostname;
}

/** The production defaults: Debian paths, Let's Encrypt certificates, the site's local port. */
export function getDefaultSiteOptions(root: string): NginxSiteOptions {
  const blogHost = getBlogHost();
  return {
    root,
    httpPort: 80,
    httpsPort: 443,
    blogCertificate: {
      certificate: `/etc/letsencrypt/live/${blogHost}/fullchain.pem`,
      key: `/etc/letsencrypt/live/${blogHost}/privkey.pem`,
    },
    loginCertificate: {
      certificate: '/etc/letsencrypt/live/fastmail.fm/fullchain.pem',
      key: '/etc/letsencrypt/live/fastmail.fm/privkey.pem',
    },
    followerUpstream: `127.0.0.1:${site.localPort}`,
    webmailUpstream: '127.0.0.1:8080',
  };
}

/**
 * Content-Security-Policy of the blog. The pages carry no inline script, but
 * Astro inlines small stylesheets (hence `'unsafe-inline'` for styles only);
 * the search page runs Pagefind's script and WebAssembly from `/pagefind/`
 * (hence `'wasm-unsafe-eval'`); the Follow form posts to the same origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

/** Security headers every blog response carries (`always`: error pages too). */
export const BLOG_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  // One year, no includeSubDomains: insecure.fastmail.fm must stay reachable over http.
  ['Strict-Transport-Security', 'max-age=31536000'],
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
];

/**
 * Headers the follower service sets on every answer itself (src/followers/app.ts:
 * `no-store`, `no-referrer` and a stricter CSP for its token pages). nginx must
 * not add its own on `/followers/`: a second Referrer-Policy would override
 * `no-referrer`, a second Cache-Control would contradict `no-store`.
 */
export const FOLLOWER_SERVICE_OWN_HEADERS: readonly string[] = [
  'Cache-Control',
  'Content-Security-Policy',
  'Referrer-Policy',
  'X-Content-Type-Options',
];

/** Cache-Control of files under /_astro/, whose names carry a content hash. */
export const HASHED_ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** Cache-Control of everything else: revalidate each time (nginx answers 304 from ETag). */
export const DEFAULT_CACHE_CONTROL = 'no-cache';

/** Quotes a value for nginx: double quotes, with `"` and `\` escaped. */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * What quoting cannot make safe: `$` starts a variable even inside quotes
 * (nginx has no escape for it), control characters end a line or hide in logs.
 */
const UNQUOTABLE = /[$\u0000-\u001f\u007f]/;

/**
 * Quotes an absolute path on the server for nginx, so spaces, `;`, `#`,
 * braces and quotes stay part of it; refuses what quoting cannot protect.
 */
function formatPath(name: string, value: string): string {
  if (!value.startsWith('/')) {
    throw new Error(
      `${name} must be an absolute path on the server (got ${JSON.stringify(value)}).`,
    );
  }
  if (UNQUOTABLE.test(value)) {
    throw new Error(
      `${name} must not contain "$" or control characters, which nginx would read as a variable or a line break (got ${JSON.stringify(value)}).`,
    );
  }
  return quote(value);
}

/** Quotes a `host:port` upstream address after checking it is one (IPv4, [IPv6] or a host name). */
function formatUpstream(name: string, value: string): string {
  const match = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/.exec(
    value,
  );
  if (!match || !isPort(Number(match[1]))) {
    throw new Error(
      `${name} must be host:port, such as 127.0.0.1:4321 (got ${JSON.stringify(value)}).`,
    );
  }
  return quote(value);
}

/** True for a TCP port number nginx can listen on. */
function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** Indents every non-empty line of a block by four spaces per level. */
function indent(text: string, levels = 1): string {
  const pad = '    '.repeat(levels);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** A `listen` directive for a port on the configured address. */
function formatListen(options: NginxSiteOptions, port: number, extra = ''): string {
  if (!isPort(port)) throw new Error(`Ports must be whole numbers from 1 to 65535 (got ${port}).`);
  const { listenAddress } = options;
  // An IPv4 address, a bracketed IPv6 address or a host name: nothing nginx could misread.
  if (listenAddress && !/^(?:[0-9.]+|\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)$/.test(listenAddress)) {
    throw new Error(
      `listenAddress must be an IP address or host name (got ${JSON.stringify(listenAddress)}).`,
    );
  }
  const address = listenAddress ? `${listenAddress}:` : '';
  return `listen ${address}${port}${extra};`;
}

/** The `ssl_certificate` and `ssl_certificate_key` lines of a certificate, paths quoted. */
function formatCertificate(name: string, paths: CertificatePaths): string[] {
  return [
    `ssl_certificate ${formatPath(`${name}.certificate`, paths.certificate)};`,
    `ssl_certificate_key ${formatPath(`${name}.key`, paths.key)};`,
  ];
}

/** `map` blocks of request-derived values that are safe to put in a Location header. */
function renderSafeUriMaps(): string {
  // $request_uri is the raw, still percent-encoded target, so CR/LF can never
  // appear decoded in a Location. Anything not starting with "/" (an absolute
  // URI, "*") becomes "/", so no host can be smuggled in front of the path.
  return [
    'map $request_uri $safe_request_uri {',
    '    default /;',
    '    ~^/ $request_uri;',
    '}',
    '',
    'map $request_uri $safe_request_path {',
    '    default /;',
    '    "~^(?<safe_path>/[^?]*)" $safe_path;',
    '}',
  ].join('\n');
}

/** The nginx value of a login redirect target: origin, then path and query as the rules keep them. */
function formatLoginTarget(origin: string, domainParameter: string | undefined): string {
  return domainParameter === undefined
    ? `${origin}$safe_request_uri`
    : `${origin}$safe_request_path?domain=${domainParameter}`;
}

/** The map from `scheme://host` to the login redirect target ("" where the address stays). */
function renderLoginMap(): string {
  const lines = ['map "$scheme://$host" $login_location {', '    default "";'];
  const stays: string[] = [];
  for (const host of listLoginHosts()) {
    for (const scheme of ['http', 'https'] as const) {
      const resolution = resolveLoginRedirect(`${scheme}://${host}/`);
      if (resolution.kind === 'redirect') {
        const target = formatLoginTarget(resolution.origin, resolution.domain);
        lines.push(`    ${quote(`${scheme}://${host}`)} ${quote(target)};`);
      } else if (resolution.kind === 'stays') {
        stays.push(`${scheme}://${host}`);
      }
    }
  }
  lines.push(`    # Answered where they are (the login screen): ${stays.join(' ')}`);
  lines.push('}');
  return lines.join('\n');
}

/** The regular expression nginx matches a business's `mail.<domain>` host with. */
export function formatBusinessServerName(): string {
  return `~^(?=.{1,${MAX_HOST_LENGTH}}$)mail\\.(?<login_business_domain>${BUSINESS_DOMAIN_PATTERN})$`;
}

/** The server blocks of a business's own `mail.` domain, one per scheme. */
function renderBusinessServers(options: NginxSiteOptions): string {
  const example = 'example.com';
  return (['http', 'https'] as const)
    .map((scheme) => {
      const resolution = resolveLoginRedirect(`${scheme}://mail.${example}/`);
      if (resolution.kind !== 'redirect' || resolution.domain !== example) {
        throw new Error(
          `The own-domain rule changed shape (${scheme}); update renderBusinessServers in nginx-config.ts`,
        );
      }
      const listen =
        scheme === 'http'
          ? formatListen(options, options.httpPort)
          : formatListen(options, options.httpsPort, ' ssl');
      const tls =
        scheme === 'https'
          ? [...formatCertificate('loginCertificate', options.loginCertificate)]
          : [];
      const target = formatLoginTarget(resolution.origin, '$login_business_domain');
      return [
        `# A business's own domain over ${scheme}: mail.<their domain> goes to their login screen.`,
        'server {',
        indent(
          [
            listen,
            `server_name ${quote(formatBusinessServerName())};`,
            ...tls,
            `return 301 ${target};`,
          ].join('\n'),
        ),
        '}',
      ].join('\n');
    })
    .join('\n\n');
}

/** The server block of every FastMail login host: redirect by the map, or proxy to webmail. */
function renderLoginServer(options: NginxSiteOptions): string {
  const hosts = listLoginHosts();
  return [
    '# FastMail webmail hosts: the June 2012 login transitions (src/lib/login-redirects.ts).',
    'server {',
    indent(
      [
        formatListen(options, options.httpPort),
        formatListen(options, options.httpsPort, ' ssl'),
        `server_name ${hosts.join(' ')};`,
        ...formatCertificate('loginCertificate', options.loginCertificate),
        '',
        'if ($login_location) {',
        '    return 301 $login_location;',
        '}',
        '',
        'location / {',
        '    proxy_pass http://fastmail_webmail;',
        '    proxy_set_header Host $host;',
        '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
        '    proxy_set_header X-Forwarded-Proto $scheme;',
        '}',
      ].join('\n'),
    ),
    '}',
  ].join('\n');
}

/** `location` blocks answering the legacy addresses with relative 301s. */
function renderLegacyLocations(): string {
  return legacyRedirects
    .map((entry) => {
      if (entry.match === 'exact') {
        return `location = ${entry.from} {\n    return 301 ${entry.to};\n}`;
      }
      const pattern = formatCategoryPattern(entry).replace('(?<category>', '(?<legacy_category>');
      const target = entry.to.replace('{category}', '$legacy_category');
      return `location ~ ${quote(pattern)} {\n    return 301 ${target};\n}`;
    })
    .join('\n');
}

/** The blog's http (redirect) and https (static site) server blocks. */
function renderBlogServers(options: NginxSiteOptions): string {
  const blogHost = getBlogHost();
  const headers = BLOG_SECURITY_HEADERS.map(
    ([name, value]) => `add_header ${name} ${quote(value)} always;`,
  );
  const followerHeaders = BLOG_SECURITY_HEADERS.filter(
    ([name]) => !FOLLOWER_SERVICE_OWN_HEADERS.includes(name),
  ).map(([name, value]) => `    add_header ${name} ${quote(value)} always;`);
  return [
    `# The blog over http: always to https, same path.`,
    'server {',
    indent(
      [
        formatListen(options, options.httpPort),
        `server_name ${blogHost};`,
        `return 301 https://${blogHost}$safe_request_uri;`,
      ].join('\n'),
    ),
    '}',
    '',
    '# The blog: the static dist/ folder, old addresses, and the follower service.',
    'server {',
    indent(
      [
        formatListen(options, options.httpsPort, ' ssl'),
        `server_name ${blogHost};`,
        ...formatCertificate('blogCertificate', options.blogCertificate),
        '',
        `root ${formatPath('root', options.root)};`,
        'index index.html;',
        '# Redirects nginx makes itself (a folder without its slash) stay relative,',
        '# so no Host header ever ends up in a Location.',
        'absolute_redirect off;',
        'server_tokens off;',
        'error_page 404 /404.html;',
        'charset utf-8;',
        'charset_types text/css text/xml text/plain application/javascript application/json application/rss+xml application/atom+xml image/svg+xml;',
        'gzip on;',
        'gzip_vary on;',
        'gzip_types text/css text/xml text/plain application/javascript application/json application/rss+xml application/atom+xml image/svg+xml application/wasm;',
        '',
        '# nginx drops every server-level add_header in a location that has one of',
        '# its own, so each location below with add_header repeats what it needs.',
        ...headers,
        '',
        'location / {',
        indent(headers.join('\n')),
        // Without `always`: error pages are not cached for a year by mistake.
        '    add_header Cache-Control $blog_cache_control;',
        '}',
        '',
        renderLegacyLocations(),
        '',
        '# The follower service (npm start); its routes all live under /followers/.',
        '# It sets its own Cache-Control (no-store), CSP, Referrer-Policy and nosniff.',
        'location /followers/ {',
        ...followerHeaders,
        '    limit_req zone=blog_followers burst=20 nodelay;',
        '    client_max_body_size 16k;',
        '    proxy_pass http://blog_followers;',
        '    proxy_http_version 1.1;',
        '    proxy_set_header Connection "";',
        '    proxy_set_header Host $host;',
        '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
        '    proxy_set_header X-Forwarded-Proto $scheme;',
        '    proxy_set_header X-Real-IP $remote_addr;',
        '}',
      ].join('\n'),
    ),
    '}',
  ].join('\n');
}

/**
 * The site configuration: everything that belongs inside nginx's `http {}`
 * block (drop it into `/etc/nginx/conf.d/`).
 */
export function renderNginxSiteConfig(options: NginxSiteOptions): string {
  return [
    '# Generated by `npm run generate:nginx` (src/lib/nginx-config.ts). Do not edit by hand:',
    '# change src/site.ts, src/data/legacy-redirects.ts or src/lib/login-redirects.ts and regenerate.',
    '',
    renderSafeUriMaps(),
    '',
    'map $uri $blog_cache_control {',
    `    default ${quote(DEFAULT_CACHE_CONTROL)};`,
    `    ~^/_astro/ ${quote(HASHED_ASSET_CACHE_CONTROL)};`,
    '}',
    '',
    renderLoginMap(),
    '',
    // The follow form is a write endpoint open to anyone: slow down floods.
    'limit_req_zone $binary_remote_addr zone=blog_followers:1m rate=30r/m;',
    '',
    'upstream blog_followers {',
    `    server ${formatUpstream('followerUpstream', options.followerUpstream)};`,
    '    keepalive 8;',
    '}',
    '',
    'upstream fastmail_webmail {',
    `    server ${formatUpstream('webmailUpstream', options.webmailUpstream)};`,
    '}',
    '',
    '# Any other host name: refused (421, or no TLS handshake), never redirected.',
    'server {',
    indent(
      [
        formatListen(options, options.httpPort, ' default_server'),
        formatListen(options, options.httpsPort, ' ssl default_server'),
        'ssl_reject_handshake on;',
        'return 421;',
      ].join('\n'),
    ),
    '}',
    '',
    renderBlogServers(options),
    '',
    renderLoginServer(options),
    '',
    renderBusinessServers(options),
    '',
  ].join('\n');
}

/** A complete nginx.conf for running nginx in the foreground with its own prefix (tests, local trials). */
export function renderNginxMainConfig(options: NginxMainOptions): string {
  const { user } = options;
  if (user !== undefined && !/^[a-z_][a-z0-9_-]*$/.test(user)) {
    throw new Error(`user must be a plain user name (got ${JSON.stringify(user)}).`);
  }
  /** A path under the prefix, quoted. */
  const under = (name: string): string => formatPath('prefix', `${options.prefix}/${name}`);
  return [
    ...(user ? [`user ${user};`] : []),
    'daemon off;',
    'worker_processes 1;',
    `pid ${under('nginx.pid')};`,
    `error_log ${under('error.log')} warn;`,
    '',
    'events {',
    '    worker_connections 256;',
    '}',
    '',
    'http {',
    indent(
      [
        `include ${formatPath('mimeTypesPath', options.mimeTypesPath ?? '/etc/nginx/mime.types')};`,
        'default_type application/octet-stream;',
        `access_log ${under('access.log')};`,
        `client_body_temp_path ${under('client_body')};`,
        `proxy_temp_path ${under('proxy')};`,
        `fastcgi_temp_path ${under('fastcgi')};`,
        `uwsgi_temp_path ${under('uwsgi')};`,
        `scgi_temp_path ${under('scgi')};`,
        '',
        options.siteConfig,
      ].join('\n'),
    ),
    '}',
    '',
  ].join('\n');
}
