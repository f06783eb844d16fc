/**
 * The FastMail webmail login hosts: the June 2012 login transitions as an nginx
 * `map` from scheme and host to the redirect target, and the server block that
 * applies it (or proxies to webmail where the address stays).
 */
import { listLoginHosts, resolveLoginRedirect } from '../../login-redirects.ts';
import type { NginxSiteOptions } from '../options.ts';
import { formatCertificate, formatListen, indent, quote } from '../syntax.ts';

/** The nginx value of a login redirect target: origin, then path and query as the rules keep them. */
export function formatLoginTarget(origin: string, domainParameter: string | undefined): string {
  return domainParameter === undefined
    ? `${origin}$safe_request_uri`
    : `${origin}$safe_request_path?domain=${domainParameter}`;
}

/** The map from `scheme://host` to the login redirect target ("" where the address stays). */
export function renderLoginMap(): string {
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

/** The server block of every FastMail login host: redirect by the map, or proxy to webmail. */
export function renderLoginServer(options: NginxSiteOptions): string {
  const hosts = listLoginHosts();
  return [
    '# FastMail webmail hosts: the June 2012 login transitions (src/deploy/login-redirects.ts).',
    'server {',
    indent(
      [
        formatListen(options.listenAddress, options.httpPort),
        formatListen(options.listenAddress, options.httpsPort, ' ssl'),
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
