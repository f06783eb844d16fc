/**
 * The generated nginx config on Debian's real nginx: every row of the login
 * transition table, the certificate warnings, hostile requests, the blog's
 * legacy redirects, headers and the follower proxy. nginx listens on loopback
 * ports with its own prefix; host names are "resolved" by connecting to
 * 127.0.0.1 with the right SNI name and Host header.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { HtmlValidate } from 'html-validate';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { feedPageValidateConfig } from '../../src/build/checks/html-validity.ts';
import { FOLLOWER_SECURITY_HEADERS } from '../../src/data/follower-service.ts';
import { loginTransitions } from '../../src/data/login-transitions.ts';
import { FEED_FORMATS } from '../../src/lib/feed-formats.ts';
import { FEED_STYLESHEET_PATH, isStyledFeedFormat } from '../../src/lib/feed-stylesheet.ts';
import { expandLegacyRedirects } from '../../src/redirects/legacy-redirects.ts';
import {
  listCertificateHosts,
  listRedirectTargetHosts,
  resolveLoginRedirect,
} from '../../src/deploy/login-redirects.ts';
import {
  CONTENT_SECURITY_POLICY,
  getBlogHost,
  renderNginxMainConfig,
  renderNginxSiteConfig,
} from '../../src/deploy/nginx/index.ts';
import { chromiumArgs, chromiumPath } from '../support/browser.ts';
import { readFeed } from '../support/feed-reader.ts';
import { distDir, existsInDist, readDist } from '../support/dist.ts';
import { loadSeedPosts } from '../support/seed.ts';
import {
  createLocalCa,
  findFreePort,
  formatGet,
  getHeader,
  getHeaderValues,
  sendRaw,
  serveBlogOnNginx,
  startNginx,
  verifyTls,
  type RawResponse,
  type RunningNginx,
  type ServedBlog,
} from '../support/nginx.ts';

const blogHost = getBlogHost();
/** The WebSub hub the config under test names (the seed site sets none). */
const websubHub = 'https://hub.example/publish?key=1&topic=2';
/** A post of the seed site, for its old comment feed. */
const seedPostPath = loadSeedPosts()[0]!.permalink;

/** A recorded request to a stub upstream. */
interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

let prefix: string;
let nginx: RunningNginx;
let caPem: string;
let httpPort: number;
let httpsPort: number;
const upstreams: Server[] = [];
const followerRequests: SeenRequest[] = [];

/**
 * The stub follower service sends the headers the real one does (the shared table):
 * nginx must pass them through alone, without adding its own of the same name.
 */
const FOLLOWER_SERVICE_HEADERS: Record<string, string> = FOLLOWER_SECURITY_HEADERS;

/** Starts a stub upstream on a free port that answers 200 and records each request. */
async function startStub(
  label: string,
  seen: SeenRequest[],
  headers: Record<string, string> = {},
): Promise<number> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'text/plain', ...headers });
      response.end(`${label} ${request.method} ${request.headers.host}${request.url}`);
    });
  });
  upstreams.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('stub has no port');
  return address.port;
}

beforeAll(async () => {
  if (!existsInDist('/index.html')) throw new Error('dist/ is missing: run `npm run build` first.');
  prefix = mkdtempSync(join(tmpdir(), 'weblog-nginx-'));
  const ca = createLocalCa(prefix);
  caPem = ca.caPem;
  // Certificates only for what the rules say is covered: the login hosts of
  // the primary domain, and the blog.
  const loginCertificate = ca.issue('login', listCertificateHosts());
  const blogCertificate = ca.issue('blog', [blogHost]);
  const webmailPort = await startStub('webmail', []);
  const followerPort = await startStub('followers', followerRequests, FOLLOWER_SERVICE_HEADERS);
  [httpPort, httpsPort] = [await findFreePort(), await findFreePort()];
  // dist/ reached through a name full of what nginx would otherwise read as
  // syntax: every blog test below then also proves the root is quoted right.
  const hostileRoot = join(prefix, `blog root; autoindex on; "x" {y} #z \\ 'q'`);
  symlinkSync(distDir, hostileRoot);
  const siteConfig = renderNginxSiteConfig({
    root: hostileRoot,
    listenAddress: '127.0.0.1',
    httpPort,
    httpsPort,
    blogCertificate,
    loginCertificate,
    followerUpstream: `127.0.0.1:${followerPort}`,
    webmailUpstream: `127.0.0.1:${webmailPort}`,
    websubHub,
  });
  const user = process.getuid?.() === 0 ? 'root' : undefined;
  nginx = await startNginx(prefix, renderNginxMainConfig({ prefix, siteConfig, user }), httpsPort);
});

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(upstreams.map((server) => new Promise((resolve) => server.close(resolve))));
  if (prefix) rmSync(prefix, { recursive: true, force: true });
});

/** Chromium with the blog's host name pointed at the local nginx. */
function launchBlogBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, `--host-resolver-rules=MAP ${blogHost} 127.0.0.1:${httpsPort}`],
  });
}

/** Requests a URL from nginx as a browser would after resolving its host to 127.0.0.1. */
function fetchUrl(url: string, extraHeaders = ''): Promise<RawResponse> {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'https:';
  return sendRaw(
    { port: secure ? httpsPort : httpPort, servername: secure ? parsed.hostname : undefined },
    formatGet(parsed.host, `${parsed.pathname}${parsed.search}`, extraHeaders),
  );
}

/** True when a Location may be sent: a same-site path, or an absolute URL on an allowed host. */
function isAllowedLocation(location: string): boolean {
  if (/[\r\n\0]/.test(location)) return false;
  if (location.startsWith('/')) return !/^\/[/\\]/.test(location);
  let parsed: URL;
  try {
    parsed = new URL(location);
  } catch {
    return false;
  }
  const hosts = [...listRedirectTargetHosts(), blogHost];
  return (
    ['http:', 'https:'].includes(parsed.protocol) &&
    parsed.username === '' &&
    parsed.port === '' &&
    hosts.includes(parsed.hostname) &&
    // The path part of the raw string must begin right after the host.
    location.startsWith(`${parsed.protocol}//${parsed.hostname}/`)
  );
}

describe('login transitions, one row of the post at a time', () => {
  test.each(loginTransitions.map((row) => [row.from, row] as const))('%s', async (_, row) => {
    const response = await fetchUrl(row.from);
    if (row.outcome === 'stays') {
      expect(response.status).toBe(200);
      expect(response.body).toContain('webmail GET');
    } else {
      expect(response.status).toBe(301);
      expect(getHeader(response, 'location')).toBe(new URL(row.to).href);
    }
    const from = new URL(row.from);
    if (from.protocol === 'https:') {
      const error = await verifyTls(httpsPort, from.hostname, caPem);
      expect(error, 'certificate check of the address').toBe(
        row.fromWarning ? 'ERR_TLS_CERT_ALTNAME_INVALID' : undefined,
      );
    }
    // No chains: the target answers itself.
    const target = await fetchUrl(row.to);
    expect(target.status, `${row.to} answers without another redirect`).toBe(200);
    const to = new URL(row.to);
    if (to.protocol === 'https:') {
      const error = await verifyTls(httpsPort, to.hostname, caPem);
      expect(error, 'certificate check of the target').toBe(
        row.toWarning ? 'ERR_TLS_CERT_ALTNAME_INVALID' : undefined,
      );
    }
  });

  test('exactly the (W) hosts fail certificate verification', async () => {
    const https = loginTransitions.flatMap((row) => [
      { url: row.from, warning: row.fromWarning },
      { url: row.to, warning: row.toWarning },
    ]);
    const failing = new Set<string>();
    const expected = new Set<string>();
    for (const { url, warning } of https.filter(({ url }) => url.startsWith('https:'))) {
      const host = new URL(url).hostname;
      if (warning) expected.add(host);
      if (await verifyTls(httpsPort, host, caPem)) failing.add(host);
    }
    expect([...failing].sort()).toEqual([...expected].sort());
  });
});

describe('nginx agrees with the rules beyond the table', () => {
  const cases = [
    'http://fastmail.nl/',
    'https://www.fastmail.nl/',
    'http://m.fastmail.co.uk/',
    'https://ssl.fastmail.nl/',
    'http://insecure.fastmail.nl/',
    'https://insecure.fastmail.fm/',
    'http://mail.example.org/',
    'https://mail.example.co.uk/',
    'http://www.fastmail.fm/mail/?MLS=1&SD=2',
    'http://sent.com/mail/inbox?folder=INBOX',
    'https://m.sent.com/path?domain=evil.example',
    'http://ssl.sent.com/deep/link?x=1',
    'http://mail.digitalintegrity.com/login?domain=fastmail.fm',
    'http://blog.fastmail.fm/',
  ];
  test.each(cases)('%s', async (url) => {
    const resolution = resolveLoginRedirect(url);
    const response = await fetchUrl(url);
    if (resolution.kind === 'redirect') {
      expect(response.status).toBe(301);
      expect(getHeader(response, 'location')).toBe(resolution.location);
    } else if (resolution.kind === 'stays') {
      expect(response.status).toBe(200);
    } else {
      // Not a login host: here the blog, whose http server sends it to https.
      expect(getHeader(response, 'location')).toBe(`https://${blogHost}/`);
    }
  });

  test.each([
    ['WWW.SENT.COM', 'https://www.fastmail.fm/?domain=sent.com'],
    ['sent.com:8080', 'https://www.fastmail.fm/?domain=sent.com'],
    ['www.fastmail.fm.', 'https://www.fastmail.fm/'],
    ['Mail.DigitalIntegrity.COM', 'https://www.fastmail.fm/?domain=digitalintegrity.com'],
  ])('Host: %s (case, port and trailing dot are ignored)', async (host, location) => {
    const response = await sendRaw({ port: httpPort }, formatGet(host));
    expect(response.status).toBe(301);
    expect(getHeader(response, 'location')).toBe(location);
  });
});

describe('hostile requests never redirect off-site or inject headers', () => {
  const long = `${'a'.repeat(63)}.`.repeat(4);
  const hostile: [string, string][] = [
    ['unknown host', formatGet('evil.example')],
    ['unknown host with a FastMail path', formatGet('evil.example', '/?domain=sent.com')],
    ['odd characters in a business domain', formatGet('mail.ev!l.example')],
    ['a quote in the host', formatGet('mail.evil".example')],
    ['percent-encoded CR/LF in the host', formatGet('mail.evil.example%0d%0aX-Injected:%201')],
    ['raw CR/LF after the host', formatGet('mail.evil.example\r\nX-Injected: 1')],
    ['CR/LF (encoded) in the path', formatGet('sent.com', '/%0d%0aX-Injected:%201')],
    ['CR/LF (encoded) in the query', formatGet('www.fastmail.fm', '/?a=%0d%0aX-Injected:%201')],
    ['over-long business domain', formatGet(`mail.${long}example`)],
    ['over-long label', formatGet(`mail.${'a'.repeat(64)}.example`)],
    ['empty label', formatGet('mail..example')],
    ['domain= already in the query', formatGet('sent.com', '/?domain=evil.example')],
    ['second domain= in the query', formatGet('mail.example.org', '/?x=1&domain=evil.example')],
    [
      'absolute-form request line',
      'GET http://evil.example/ HTTP/1.1\r\nHost: sent.com\r\nConnection: close\r\n\r\n',
    ],
    [
      'absolute-form to a login host',
      'GET http://sent.com//evil.example/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n',
    ],
    ['protocol-relative path', formatGet('sent.com', '//evil.example/')],
    ['backslash path', formatGet('www.fastmail.fm', '/\\evil.example/')],
    [
      'two Host headers',
      `GET / HTTP/1.1\r\nHost: sent.com\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
    ],
    ['blog host, protocol-relative path', formatGet(blogHost, '//evil.example/')],
    ['blog host, folder without slash', formatGet(blogHost, '//help')],
    ['no Host header (HTTP/1.0)', 'GET / HTTP/1.0\r\n\r\n'],
  ];

  test.each(hostile)('%s (http)', async (_, request) => {
    assertHarmless(await sendRaw({ port: httpPort }, request));
  });

  test.each(hostile)('%s (https, SNI www.fastmail.fm)', async (_, request) => {
    assertHarmless(await sendRaw({ port: httpsPort, servername: 'www.fastmail.fm' }, request));
  });

  test.each(['evil.example', 'mail.evil.example', `mail.${long}example`])(
    'https with SNI %s',
    async (host) => {
      assertHarmless(await sendRaw({ port: httpsPort, servername: host }, formatGet(host)));
    },
  );

  test('the host a rule does not know gets 421 and no Location', async () => {
    const response = await sendRaw({ port: httpPort }, formatGet('evil.example'));
    expect(response.status).toBe(421);
    expect(getHeader(response, 'location')).toBeUndefined();
  });

  test('a domain= already in the query never picks the login screen', async () => {
    const response = await sendRaw(
      { port: httpPort },
      formatGet('sent.com', '/?domain=evil.example'),
    );
    expect(getHeader(response, 'location')).toBe('https://www.fastmail.fm/?domain=sent.com');
  });

  test('the SNI of an unknown host gets no certificate at all', async () => {
    expect(await verifyTls(httpsPort, 'evil.example', caPem)).toBeDefined();
    const response = await sendRaw(
      { port: httpsPort, servername: 'evil.example' },
      formatGet('evil.example'),
    );
    expect(response.status).toBe(0);
  });

  /** No injected header, no raw CR in any header, every Location allowed. */
  function assertHarmless(response: RawResponse): void {
    const names = response.headers.map(([name]) => name);
    expect(names).not.toContain('x-injected');
    for (const [name, value] of response.headers) {
      expect(value, `header ${name}`).not.toMatch(/[\r\n]/);
    }
    const location = getHeader(response, 'location');
    if (location !== undefined) {
      expect(isAllowedLocation(location), `Location ${location}`).toBe(true);
    }
  }
});

describe('the blog', () => {
  /** Requests a blog path over https with the blog's SNI name. */
  function fetchBlog(path: string, extra = ''): Promise<RawResponse> {
    return sendRaw({ port: httpsPort, servername: blogHost }, formatGet(blogHost, path, extra));
  }

  const categories = readdirSync(join(distDir, 'category')).filter((name) =>
    statSync(join(distDir, 'category', name)).isDirectory(),
  );

  test('its certificate verifies against the local CA', async () => {
    expect(await verifyTls(httpsPort, blogHost, caPem)).toBeUndefined();
  });

  test.each(expandLegacyRedirects(categories).map((entry) => [entry.from, entry.to]))(
    'legacy %s → %s, which exists and answers 200',
    async (from, to) => {
      const response = await fetchBlog(from);
      expect(response.status).toBe(301);
      expect(getHeader(response, 'location')).toBe(to);
      // The server-level headers reach the locations that add none of their own.
      expect(getHeader(response, 'content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(existsInDist(to)).toBe(true);
      expect((await fetchBlog(to)).status).toBe(200);
    },
  );

  test('http goes to https, same path and query', async () => {
    const response = await sendRaw({ port: httpPort }, formatGet(blogHost, '/2012/?x=1'));
    expect(response.status).toBe(301);
    expect(getHeader(response, 'location')).toBe(`https://${blogHost}/2012/?x=1`);
  });

  test('a help page is served with the security headers', async () => {
    const response = await fetchBlog('/help/server-names-and-ports/');
    expect(response.status).toBe(200);
    expect(getHeader(response, 'content-type')).toBe('text/html; charset=utf-8');
    expect(getHeader(response, 'content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(getHeader(response, 'strict-transport-security')).toBe('max-age=31536000');
    expect(getHeader(response, 'x-content-type-options')).toBe('nosniff');
    expect(getHeaderValues(response, 'cache-control')).toEqual(['no-cache']);
    expect(getHeaderValues(response, 'referrer-policy')).toEqual([
      'strict-origin-when-cross-origin',
    ]);
    expect(response.body).toContain('mail.messagingengine.com');
  });

  test('a folder without its slash gets a relative redirect', async () => {
    const response = await fetchBlog('/help', 'X-Forwarded-Host: evil.example\r\n');
    expect(response.status).toBe(301);
    expect(getHeader(response, 'location')).toBe('/help/');
  });

  test('a missing page gets 404.html with status 404 and the headers', async () => {
    const response = await fetchBlog('/no/such/page/');
    expect(response.status).toBe(404);
    expect(response.body).toBe(readFileSync(join(distDir, '404.html'), 'latin1'));
    expect(getHeader(response, 'content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  const feedReaderAccept =
    'application/atom+xml,application/rss+xml,application/xml;q=0.9,*/*;q=0.1';
  const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  test.each(
    ['/', '/category/news/'].flatMap((base) =>
      FEED_FORMATS.map((spec) => [`${base}${spec.fileName}`, spec] as const),
    ),
  )('%s: its own type for feed readers, XML to browsers, same bytes', async (path, spec) => {
    const forReader = await fetchBlog(path, `Accept: ${feedReaderAccept}\r\n`);
    const forBrowser = await fetchBlog(path, `Accept: ${browserAccept}\r\n`);
    const styled = isStyledFeedFormat(spec.format);
    expect(forReader.status).toBe(200);
    expect(getHeader(forReader, 'content-type')).toBe(`${spec.mediaType}; charset=utf-8`);
    expect(getHeader(forBrowser, 'content-type')).toBe(
      `${styled ? 'application/xml' : spec.mediaType}; charset=utf-8`,
    );
    expect(forBrowser.body).toBe(forReader.body);
    // Caches must keep the two answers apart exactly where they differ.
    expect(getHeaderValues(forReader, 'vary').includes('Accept')).toBe(styled);
    expect(getHeader(forBrowser, 'content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(getHeader(forReader, 'cache-control')).toBe('no-cache');
    // WebSub §4: the hub, and exactly one rel="self" naming the feed itself.
    for (const response of [forReader, forBrowser]) {
      expect(getHeaderValues(response, 'link')).toEqual([
        `<${websubHub}>; rel="hub"`,
        `<https://${blogHost}${path}>; rel="self"`,
      ]);
    }
  });

  test('only feeds carry WebSub Link headers', async () => {
    for (const path of ['/', '/help/server-names-and-ports/', FEED_STYLESHEET_PATH]) {
      expect(getHeaderValues(await fetchBlog(path), 'link'), path).toEqual([]);
    }
  });

  test.each([
    // WordPress's feeds by query, which it answered even with pretty permalinks.
    ['/?feed=rss2', 301, '/feed.xml'],
    ['/?feed=atom', 301, '/atom.xml'],
    ['/?feed=rss', 301, '/feed.xml'],
    ['/?feed=rdf', 301, '/feed.xml'],
    ['/?feed=feed&utm_source=x', 301, '/feed.xml'],
    ['/?feed=comments-rss2', 410, undefined],
    ['/?feed=comments-atom', 410, undefined],
    ['/?p=123&feed=rss2', 410, undefined],
    ['/?feed=atom&page_id=7', 410, undefined],
    ['/?feed=nonsense', 404, undefined],
    // No table of the old categories' IDs on the seed site: an unknown category.
    ['/?cat=3&feed=rss2', 404, undefined],
    // Comment feeds: there are none here.
    ['/comments/feed/', 410, undefined],
    ['/comments/feed/rss2/', 410, undefined],
    ['/comments/feed/atom/', 410, undefined],
    [`${seedPostPath}feed/`, 410, undefined],
    [`${seedPostPath}feed/atom/`, 410, undefined],
    ['/2012/07/16/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D1%8C/feed/', 410, undefined],
    // Whatever the old permalink structure was, and pages' too.
    ['/hello-world/feed/', 410, undefined],
    ['/archives/123/feed/', 410, undefined],
    ['/about/feed/atom/', 410, undefined],
    // Not comment feeds: a tag or author feed the tables do not know is missing, not gone.
    ['/tag/nothing-here/feed/', 404, undefined],
    ['/author/nobody/feed/', 404, undefined],
    // A category feed with a Unicode slug, percent-encoded again in the Location.
    [
      '/category/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/feed/',
      301,
      '/category/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/feed.xml',
    ],
    [
      '/category/%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8/feed/atom/',
      301,
      '/category/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/atom.xml',
    ],
    ['/category/news/feed/?utm_source=x', 301, '/category/news/feed.xml'],
    ['/category/News/feed/', 404, undefined],
  ] as const)('old feed address %s answers %i', async (path, status, location) => {
    const response = await fetchBlog(path);
    expect(response.status).toBe(status);
    expect(getHeader(response, 'location')).toBe(location);
    expect(getHeader(response, 'content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    if (location && existsInDist(decodeURI(location))) {
      expect((await fetchBlog(location)).status).toBe(200);
    }
  });

  test('the home page with any other query is still the home page', async () => {
    const response = await fetchBlog('/?utm_source=feed');
    expect(response.status).toBe(200);
    expect(response.body).toContain('<h1');
  });

  test('the feed stylesheet is served as XSL; a missing feed still gets 404.html', async () => {
    const stylesheet = await fetchBlog(FEED_STYLESHEET_PATH);
    expect(stylesheet.status).toBe(200);
    expect(getHeader(stylesheet, 'content-type')).toBe('text/xsl; charset=utf-8');
    const missing = await fetchBlog('/category/no-such/feed.xml', `Accept: ${browserAccept}\r\n`);
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('<html');
  });

  test('hashed assets are cached for a year, other files revalidate', async () => {
    const assets = join(distDir, '_astro');
    const hashed = statSync(assets, { throwIfNoEntry: false })?.isDirectory()
      ? readdirSync(assets).slice(0, 3)
      : [];
    for (const name of hashed) {
      const response = await fetchBlog(`/_astro/${name}`);
      expect(getHeader(response, 'cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect(getHeader(await fetchBlog('/favicon.svg'), 'cache-control')).toBe('no-cache');
  });

  test.each([
    ['POST', '/followers/subscribe', 'email=reader%40example.com'],
    ['GET', '/followers/confirm?token=abc', ''],
    ['POST', '/followers/confirm', 'token=abc'],
    ['GET', '/followers/unsubscribe?token=abc', ''],
    ['POST', '/followers/unsubscribe', 'List-Unsubscribe=One-Click'],
    ['GET', '/followers/count', ''],
    ['GET', '/followers/health', ''],
  ])('%s %s is proxied to the follower service', async (method, path, body) => {
    const before = followerRequests.length;
    const request =
      `${method} ${path} HTTP/1.1\r\nHost: ${blogHost}\r\nConnection: close\r\n` +
      (body
        ? `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n`
        : '') +
      `\r\n${body}`;
    const response = await sendRaw({ port: httpsPort, servername: blogHost }, request);
    expect(response.status).toBe(200);
    expect(response.body).toBe(`followers ${method} ${blogHost}${path}`);
    const seen = followerRequests.slice(before).find((entry) => entry.url === path);
    expect(seen?.method).toBe(method);
    expect(seen?.body).toBe(body);
    expect(seen?.headers['x-forwarded-proto']).toBe('https');
    expect(seen?.headers['x-forwarded-for']).toBe('127.0.0.1');
    // Only the service's own caching, referrer and CSP headers; nginx adds the rest once.
    for (const [name, value] of Object.entries(FOLLOWER_SERVICE_HEADERS)) {
      expect(getHeaderValues(response, name), name).toEqual([value]);
    }
    expect(getHeaderValues(response, 'strict-transport-security')).toEqual(['max-age=31536000']);
    expect(getHeaderValues(response, 'x-frame-options')).toEqual(['DENY']);
  });
});

describe("an imported WordPress blog's feeds by query", () => {
  let blog: ServedBlog;
  const [newest, older] = loadSeedPosts();

  beforeAll(async () => {
    const origin = 'test: an imported blog';
    blog = await serveBlogOnNginx(distDir, {
      pageRedirects: [],
      // The importer's own rule for an address the config would answer 410 keeps it.
      wordpressRedirects: [{ from: '/comments/feed/', to: '/feed.xml', origin }],
      wordpressQueryRedirects: [
        { arg: 'p', value: '101', to: newest!.permalink, origin },
        { arg: 'cat', value: '3', to: '/category/news/', origin },
        { arg: 'tag', value: 'imap', to: '/category/uncategorized/', origin },
        { arg: 'author', value: '2', to: '/', origin },
        { arg: 'p', value: '102', to: older!.permalink, origin },
      ],
    });
  });

  afterAll(async () => {
    await blog?.stop();
  });

  test.each([
    ['/?cat=3&feed=rss2', 301, '/category/news/feed.xml'],
    ['/?feed=atom&cat=3', 301, '/category/news/atom.xml'],
    ['/?tag=imap&feed=rss2', 301, '/category/uncategorized/feed.xml'],
    ['/?cat=3&tag=imap&feed=rss2', 301, '/category/news/feed.xml'],
    ['/?author=2&feed=rss2', 301, '/feed.xml'],
    ['/?feed=rss2', 301, '/feed.xml'],
    ['/?cat=999&feed=rss2', 404, undefined],
    ['/?tag=no-such-tag&feed=atom', 404, undefined],
    ['/?author=99&feed=rss2', 404, undefined],
    ['/?p=101&feed=rss2', 410, undefined],
    ['/?p=999&feed=rss2', 410, undefined],
    ['/?feed=comments-rss2&cat=3', 410, undefined],
    [
      '/?p=101',
      301,
      '/2012/07/16/now-enforcing-ssltls-encryption-on-all-imappopsmtpldap-connections/',
    ],
    ['/?cat=3', 301, '/category/news/'],
    ['/comments/feed/', 301, '/feed.xml'],
    ['/comments/feed/atom/', 410, undefined],
  ] as const)('%s answers %i', async (path, status, location) => {
    const response = await blog.get(path);
    expect(response.status, blog.readErrorLog()).toBe(status);
    expect(getHeader(response, 'location')).toBe(location);
    if (location) expect((await blog.get(location)).status).toBe(200);
  });
});

describe('the pages work under the Content-Security-Policy', () => {
  /** Every HTML file of dist/. */
  function listHtml(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listHtml(path);
      return entry.name.endsWith('.html') ? [path] : [];
    });
  }

  test('no inline script, event handler or off-site script or stylesheet', () => {
    const problems: string[] = [];
    for (const file of listHtml(distDir)) {
      const html = readFileSync(file, 'utf8');
      for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
        const data = /type="application\/(?:ld\+)?json"/i.test(tag);
        if (!data && !/\bsrc=/i.test(tag)) problems.push(`${file}: inline ${tag}`);
        if (/\bsrc="(?:https?:)?\/\//i.test(tag)) problems.push(`${file}: off-site ${tag}`);
      }
      for (const tag of html.match(/<link\b[^>]*rel="stylesheet"[^>]*>/gi) ?? []) {
        if (/\bhref="(?:https?:)?\/\//i.test(tag)) problems.push(`${file}: off-site ${tag}`);
      }
      for (const handler of html.match(/<[^>]+\son[a-z]+=/gi) ?? []) {
        problems.push(`${file}: event handler in ${handler}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('in Chromium, through nginx and its headers', () => {
  test('pages and the search (Pagefind script and WebAssembly) run with no CSP violation', async () => {
    const browser = await launchBlogBrowser();
    try {
      // The local CA is not in Chromium's store; the TLS checks above verify against it.
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text()))
          violations.push(message.text());
      });
      for (const path of [
        '/',
        '/help/server-names-and-ports/',
        '/2012/06/19/changes-to-webmail-login/',
      ]) {
        const response = await page.goto(`https://${blogHost}${path}`);
        expect(response?.status(), path).toBe(200);
        expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      }
      await page.goto(`https://${blogHost}/search/?q=STARTTLS`);
      await expect
        .poll(() => page.locator('#search-status').textContent(), { timeout: 10_000 })
        .toMatch(/results? for/);
      expect(await page.locator('#search-results > li').count()).toBeGreaterThan(0);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

/**
 * Chromium 155 and later add their own warning (XSLT is being removed from the
 * browser) to a page styled by XSLT: browser UI in the page's DOM, not ours,
 * so it is taken out before the page is checked. Feed readers never see it.
 * Its close button's inline handler is refused by the site's CSP; true when
 * the banner was there (the caller then sets that one refusal aside).
 */
const removeXsltWarning = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const banner = document.querySelector('xslt-warning-banner');
    banner?.remove();
    return banner !== null;
  });

/** Elements of the page with an inline event handler attribute (`onclick=…`). */
const listInlineHandlers = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll('*')].flatMap((element) =>
      element.getAttributeNames().some((name) => name.startsWith('on')) ? [element.localName] : [],
    ),
  );

describe('a feed opened in Chromium, through nginx', () => {
  const feedPaths = [
    '/feed.xml',
    '/atom.xml',
    '/category/news/feed.xml',
    '/category/news/atom.xml',
  ];

  test.each(feedPaths)(
    '%s shows the styled page: title, address, Follow form, posts',
    async (path) => {
      const browser = await launchBlogBrowser();
      try {
        const context = await browser.newContext({ ignoreHTTPSErrors: true });
        const page = await context.newPage();
        const problems: string[] = [];
        const foreign: string[] = [];
        page.on('console', (message) => {
          if (
            /Content Security Policy|Refused to|error/i.test(message.text()) &&
            message.type() === 'error'
          )
            problems.push(message.text());
        });
        page.on('request', (request) => {
          if (!request.url().startsWith(`https://${blogHost}/`)) foreign.push(request.url());
        });
        const response = await page.goto(`https://${blogHost}${path}`);
        expect(response?.status()).toBe(200);
        const hadBanner = await removeXsltWarning(page);
        // What a feed reader reads from the same URL, to compare the page with.
        const feed = readFeed(readDist(path));
        expect(await page.locator('h1').textContent()).toBe(feed.title);
        expect(await page.locator('#feed-address').inputValue()).toBe(`https://${blogHost}${path}`);
        expect(await page.locator('.feed-entries > li h3 a').allTextContents()).toEqual(
          feed.entries.map((entry) => entry.title),
        );
        expect(await page.locator('.feed-entries > li h3 a').first().getAttribute('href')).toBe(
          feed.entries[0]?.link,
        );
        expect(await page.evaluate(() => document.scripts.length)).toBe(0);
        // The site's look: its stylesheet applied (light scheme: white page).
        expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
          'rgb(255, 255, 255)',
        );
        const { violations } = await new AxeBuilder({ page }).analyze();
        expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
        expect(foreign).toEqual([]);
        // The banner's own handler is the only inline one Chromium may refuse: the page has none.
        expect(await listInlineHandlers(page)).toEqual([]);
        expect(
          problems.filter((text) => !(hadBanner && /inline event handler/.test(text))),
        ).toEqual([]);

        // The Follow form posts to the follower service, without JavaScript.
        const before = followerRequests.length;
        await page.locator('#follow-email').fill('reader@example.com');
        await page.locator('.follow-widget button[type="submit"]').click();
        await expect.poll(() => followerRequests.length).toBe(before + 1);
        const posted = followerRequests.at(-1);
        expect(posted?.method).toBe('POST');
        expect(posted?.url).toBe('/followers/subscribe');
        expect(new URLSearchParams(posted?.body).get('email')).toBe('reader@example.com');
      } finally {
        await browser.close();
      }
    },
  );

  test('the styled page is valid HTML and passes axe in the dark scheme too', async () => {
    const browser = await launchBlogBrowser();
    try {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, colorScheme: 'dark' });
      const page = await context.newPage();
      await page.goto(`https://${blogHost}/atom.xml`);
      await removeXsltWarning(page);
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
        'rgb(13, 17, 23)',
      );
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
      const html = await page.evaluate(
        () => `<!DOCTYPE html>\n${document.documentElement.outerHTML}`,
      );
      const report = await new HtmlValidate(feedPageValidateConfig).validateString(html);
      expect(report.results.flatMap((result) => result.messages).map((m) => m.message)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

// Last in the file: it uses up the sign-up form's rate limit for 127.0.0.1.
describe('rate limits on the follower service', () => {
  /** POSTs `path` on the blog `count` times, one after another; the statuses. */
  async function postRepeatedly(path: string, body: string, count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const request =
        `POST ${path} HTTP/1.1\r\nHost: ${blogHost}\r\nConnection: close\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
      statuses.push((await sendRaw({ port: httpsPort, servername: blogHost }, request)).status);
    }
    return statuses;
  }

  test('one-click unsubscribes from one mail server are not turned away', async () => {
    const statuses = await postRepeatedly(
      '/followers/unsubscribe?token=abc',
      'List-Unsubscribe=One-Click',
      60,
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });

  test('a flood of sign-ups from one address is cut off', async () => {
    // 30 a minute with a burst of 20: 40 at once cannot all pass.
    const statuses = await postRepeatedly('/followers/subscribe', 'email=a%40example.com', 40);
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThanOrEqual(10);
  });
});
