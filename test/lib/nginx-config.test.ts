import { describe, expect, test } from 'vitest';
import { legacyRedirects } from '../../src/data/legacy-redirects.ts';
import { listLoginHosts } from '../../src/lib/login-redirects.ts';
import {
  CONTENT_SECURITY_POLICY,
  formatBusinessServerName,
  getDefaultSiteOptions,
  renderNginxMainConfig,
  renderNginxSiteConfig,
} from '../../src/lib/nginx-config.ts';
import { site } from '../../src/site.ts';

const config = renderNginxSiteConfig(getDefaultSiteOptions('/var/www/blog.fastmail.fm'));

describe('the generated site config', () => {
  test('serves dist/ for the blog host with its own certificate', () => {
    expect(config).toContain('server_name blog.fastmail.fm;');
    expect(config).toContain('root /var/www/blog.fastmail.fm;');
    expect(config).toContain(
      'ssl_certificate /etc/letsencrypt/live/blog.fastmail.fm/fullchain.pem;',
    );
    expect(config).toContain('error_page 404 /404.html;');
    expect(config).toContain('absolute_redirect off;');
  });

  test('proxies /followers/ to the local follower service port', () => {
    expect(config).toContain(`server 127.0.0.1:${site.localPort};`);
    expect(config).toMatch(/location \/followers\/ \{[^}]*proxy_pass http:\/\/blog_followers;/);
  });

  test.each(
    legacyRedirects
      .filter((entry) => entry.match === 'exact')
      .map((entry) => [entry.from, entry.to]),
  )('answers %s with a relative 301 to %s', (from, to) => {
    expect(config).toContain(`location = ${from} {\n        return 301 ${to};\n    }`);
  });

  test('answers category feeds by pattern', () => {
    expect(config).toContain(
      'location ~ "^/category/(?<legacy_category>[a-z0-9_-]+)/feed/$" {\n        return 301 /category/$legacy_category/feed.xml;',
    );
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

  test('refuses unknown hosts in a default server', () => {
    expect(config).toMatch(
      /listen 80 default_server;\s+listen 443 ssl default_server;\s+ssl_reject_handshake on;\s+return 421;/,
    );
  });
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
    expect(main).toMatch(new RegExp(`${directive} /tmp/x/`));
  }
  expect(main).toContain('    # site');
});
