import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { legacyRedirects } from '../../../src/data/legacy-redirects.ts';
import { listLoginHosts } from '../../../src/deploy/login-redirects.ts';
import {
  BLOG_SECURITY_HEADERS,
  CONTENT_SECURITY_POLICY,
  FOLLOWER_SERVICE_OWN_HEADERS,
  formatBusinessServerName,
  getDefaultSiteOptions,
  renderNginxMainConfig,
  renderNginxSiteConfig,
} from '../../../src/deploy/nginx/index.ts';
import { site } from '../../../src/site.ts';

const config = renderNginxSiteConfig(getDefaultSiteOptions());

describe('the generated site config', () => {
  test('serves dist/ for the blog host with its own certificate', () => {
    expect(config).toContain('server_name blog.fastmail.fm;');
    expect(config).toContain('root "/var/www/blog.fastmail.fm";');
    expect(config).toContain(
      'ssl_certificate "/etc/letsencrypt/live/blog.fastmail.fm/fullchain.pem";',
    );
    expect(config).toContain('error_page 404 /404.html;');
    expect(config).toContain('absolute_redirect off;');
  });

  test('proxies /followers/ to the local follower service port', () => {
    expect(config).toContain(`server "127.0.0.1:${site.localPort}";`);
    expect(config).toMatch(/location \/followers\/ \{[^}]*proxy_pass http:\/\/blog_followers;/);
  });

  test.each(
    legacyRedirects
      .filter((entry) => entry.match === 'exact')
      .map((entry) => [entry.from, entry.to]),
  )('answers %s with a relative 301 to %s', (from, to) => {
    expect(config).toContain(`location = ${from} {\n        return 301 ${to};\n    }`);
  });

  test('answers category feeds by pattern, Unicode slugs too, the slug percent-encoded again', () => {
    const pattern = '^/category/((?:[a-z0-9_-]|[^\\\\x00-\\\\x7f])+)/feed/$';
    expect(config).toContain(
      `location ~ "${pattern}" {\n        rewrite "${pattern}" /category/$1/feed.xml? permanent;`,
    );
  });

  test.each([
    ['/comments/feed/', 'location = /comments/feed/ {\n        return 410;'],
    ['/comments/feed/atom/', 'location = /comments/feed/atom/ {\n        return 410;'],
    [
      "a post's or page's",
      'location ~ "^/(?!(?:category|tag|author)/)(?:[^/]+/)+feed/(?:(?:rss2|rss|rdf|atom)/)?$" {\n        return 410;',
    ],
  ])('answers the comment feed %s with 410 Gone', (_, block) => {
    expect(config).toContain(block);
  });

  test('leaves a comment feed the redirect table lists to the table (nginx refuses two exact locations)', () => {
    const rule = { from: '/comments/feed/', to: '/feed.xml', origin: 'test' };
    const imported = renderNginxSiteConfig(getDefaultSiteOptions({ wordpressRedirects: [rule] }));
    expect(imported.match(/location = "?\/comments\/feed\/"? \{/g)).toHaveLength(1);
    expect(imported).toContain('location = "/comments/feed/" {\n        return 301 "/feed.xml";');
    expect(imported).toContain('location = /comments/feed/atom/ {\n        return 410;');
  });

  test('answers the feeds by query in location = /, even without an imported blog', () => {
    const home = /location = \/ \{[\s\S]*?\n    \}/.exec(config)?.[0] ?? '';
    expect(home).toContain('if ($wordpress_feed_gone) {\n            return 410;');
    expect(home).toContain('return 301 $wordpress_feed_target;');
    expect(home).not.toContain('$wordpress_query_p');
    expect(config).toContain('    "rss2" "feed.xml";\n');
    expect(config).toContain('    "atom" "atom.xml";\n');
  });

  test('sends the security headers, the CSP allowing Pagefind and inline styles only', () => {
    expect(config).toContain(
      `add_header Content-Security-Policy "${CONTENT_SECURITY_POLICY}" always;`,
    );
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self' 'unsafe-inline'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(config).toContain('add_header Strict-Transport-Security "max-age=31536000" always;');
  });

  test('leaves caching, referrer and CSP of /followers/ to the service, adds the rest', () => {
    const block = /location \/followers\/ \{[^}]*\}/.exec(config)?.[0] ?? '';
    const added = [...block.matchAll(/add_header (\S+)/g)].map((match) => match[1]);
    expect(added).toEqual(
      BLOG_SECURITY_HEADERS.map(([name]) => name).filter(
        (name) => !FOLLOWER_SERVICE_OWN_HEADERS.includes(name),
      ),
    );
    expect(FOLLOWER_SERVICE_OWN_HEADERS).toContain('Cache-Control');
  });

  test('caches hashed assets for a year', () => {
    expect(config).toContain('~^/_astro/ "public, max-age=31536000, immutable";');
  });

  test('lists every login host and the business pattern', () => {
    expect(config).toContain(`server_name ${listLoginHosts().join(' ')};`);
    // Inside nginx's double quotes a backslash is written twice.
    expect(config).toContain(
      `server_name "${formatBusinessServerName().replaceAll('\\', '\\\\')}";`,
    );
  });

  test('never builds a redirect from the Host header or a decoded URI', () => {
    const returns = config.split('\n').filter((line) => /\breturn 30\d\b/.test(line));
    expect(returns.length).toBeGreaterThan(5);
    for (const line of returns) expect(line).not.toMatch(/\$(?:host|http_host|uri|server_name)\b/);
    const targets = config.split('\n').filter((line) => line.includes('"https://'));
    for (const line of targets) expect(line).not.toMatch(/\$(?:host|http_host|uri)\b/);
  });

  test('names no WebSub hub without one in the site config', () => {
    expect(site).not.toHaveProperty('websubHub');
    expect(config).not.toContain('add_header Link');
  });

  test('with a WebSub hub, every feed location and the styled one send Link rel="hub" and rel="self"', () => {
    const hub = 'https://hub.example/publish?a=1&b=2';
    const hubbed = renderNginxSiteConfig(getDefaultSiteOptions({ websubHub: hub }));
    const blocks = [
      ...hubbed.matchAll(
        /\n {4}location (?:~ "\/[^"]*(?:xml|json)\$"|@styled_feed) \{[\s\S]*?\n {4}\}/g,
      ),
    ];
    expect(blocks).toHaveLength(4);
    for (const [block] of blocks) {
      expect(block).toContain(`add_header Link "<${hub}>; rel=\\"hub\\"";`);
      expect(block).toContain(
        'add_header Link "<https://blog.fastmail.fm$safe_request_path>; rel=\\"self\\"";',
      );
    }
    const stylesheet = /location = \/feed-style\.xsl \{[^}]*\}/.exec(hubbed)?.[0] ?? '';
    expect(stylesheet).not.toContain('Link');
  });

  test.each(['https://hub.example/$host', 'https://hub.example/a>b<c'])(
    'refuses a hub nginx or the Link header would misread: %s',
    (hub) => {
      // `new URL` percent-encodes < and >; a $ would be read as a variable.
      const render = () => renderNginxSiteConfig(getDefaultSiteOptions({ websubHub: hub }));
      if (hub.includes('$')) expect(render).toThrow(/^websubHub /);
      else expect(render()).toContain('<https://hub.example/a%3Eb%3Cc>; rel=');
    },
  );

  test('refuses unknown hosts in a default server', () => {
    expect(config).toMatch(
      /listen 80 default_server;\s+listen 443 ssl default_server;\s+ssl_reject_handshake on;\s+return 421;/,
    );
  });
});

/** The generated site config for a root, everything else at the production defaults. */
function renderForRoot(root: string): string {
  return renderNginxSiteConfig(getDefaultSiteOptions({ root }));
}

describe('a --root nginx could misread', () => {
  // Each stays one quoted argument: nginx unescapes \" and \\ inside double quotes.
  test.each([
    ['a space', '/srv/my blog', '"/srv/my blog"'],
    ['a semicolon and a directive', '/srv/x; autoindex on', '"/srv/x; autoindex on"'],
    ['a brace', '/srv/x } server {', '"/srv/x } server {"'],
    ['a comment sign', '/srv/x # y', '"/srv/x # y"'],
    ['a double quote', '/srv/x";autoindex on;"', '"/srv/x\\";autoindex on;\\""'],
    ['a single quote', "/srv/o'brien", `"/srv/o'brien"`],
    ['a backslash', '/srv/x\\', '"/srv/x\\\\"'],
  ])('%s is quoted: %s', (_, root, quoted) => {
    const rendered = renderForRoot(root);
    expect(rendered).toContain(`\n    root ${quoted};\n`);
    // Nothing else changed: the same lines as with a plain root, but this one.
    const plain = renderForRoot('/srv/plain').split('\n');
    const lines = rendered.split('\n');
    expect(lines.length).toBe(plain.length);
    expect(lines.filter((line, index) => line !== plain[index])).toEqual([`    root ${quoted};`]);
  });

  test.each([
    ['a variable', '/srv/$host', /must not contain "\$"/],
    ['a newline', '/srv/x\nautoindex on;', /control characters/],
    ['a carriage return', '/srv/x\r', /control characters/],
    ['a NUL', '/srv/x\0', /control characters/],
    ['a relative path', 'srv/blog', /absolute path/],
    ['an empty path', '', /absolute path/],
    ['a data: certificate-style value', 'data:x', /absolute path/],
  ])('%s is refused with a message naming root', (_, root, message) => {
    expect(() => renderForRoot(root)).toThrow(message);
    expect(() => renderForRoot(root)).toThrow(/^root /);
  });

  test.each([
    [
      'certificate path',
      { blogCertificate: { certificate: '/a b/$x', key: '/k' } },
      /^blogCertificate\.certificate /,
    ],
    [
      'follower upstream',
      { followerUpstream: '127.0.0.1:4321; server evil' },
      /^followerUpstream /,
    ],
    ['webmail upstream port', { webmailUpstream: '127.0.0.1:99999' }, /^webmailUpstream /],
    ['listen address', { listenAddress: '127.0.0.1:80; listen 81' }, /^listenAddress /],
    ['port', { httpPort: 0 }, /^Ports /],
  ])('a hostile %s is refused', (_, override, message) => {
    const options = { ...getDefaultSiteOptions({ root: '/srv/blog' }), ...override };
    expect(() => renderNginxSiteConfig(options)).toThrow(message);
  });
});

test('the README shows the follower part exactly as generated', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
  const deploying = readme.split('\n## Deploying\n')[1]?.split('\n## ')[0] ?? '';
  const shown = /```nginx\n([\s\S]*?)```/.exec(deploying)?.[1] ?? '';
  /** Lines without their indentation (the README drops the server block's level), comments out. */
  const normalize = (text: string): string =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => !line.startsWith('#'))
      .join('\n');
  const chunks = shown.split('\n\n').map(normalize);
  expect(chunks.length).toBeGreaterThanOrEqual(3);
  for (const chunk of chunks) expect(normalize(config)).toContain(chunk);
  expect(shown).toContain('location /followers/ {');
});

test('the standalone main config keeps every path under its prefix', () => {
  const main = renderNginxMainConfig({ prefix: '/tmp/x', siteConfig: '# site', user: 'root' });
  expect(main).toMatch(/^user root;\ndaemon off;/);
  for (const directive of [
    'pid',
    'error_log',
    'access_log',
    'client_body_temp_path',
    'proxy_temp_path',
  ]) {
    expect(main).toMatch(new RegExp(`${directive} "/tmp/x/`));
  }
  expect(() => renderNginxMainConfig({ prefix: '/tmp/$x', siteConfig: '' })).toThrow(/^prefix /);
  expect(() => renderNginxMainConfig({ prefix: '/tmp', siteConfig: '', user: 'a;b' })).toThrow(
    /^user /,
  );
  expect(main).toContain('    # site');
});
