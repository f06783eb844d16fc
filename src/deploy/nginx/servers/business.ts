/**
 * A business's own `mail.<domain>` host: one server block per scheme, sending
 * it to that business's login screen (`?domain=<domain>`).
 */
import {
  BUSINESS_DOMAIN_PATTERN,
  MAX_HOST_LENGTH,
  resolveLoginRedirect,
} from '../../login-redirects.ts';
import type { NginxSiteOptions } from '../options.ts';
import { formatCertificate, formatListen, indent, quote } from '../syntax.ts';
import { formatLoginTarget } from './login.ts';

/** The regular expression nginx matches a business's `mail.<domain>` host with. */
export function formatBusinessServerName(): string {
  return `~^(?=.{1,${MAX_HOST_LENGTH}}$)mail\\.(?<login_business_domain>${BUSINESS_DOMAIN_PATTERN})$`;
}

/** The server blocks of a business's own `mail.` domain, one per scheme. */
export function renderBusinessServers(options: NginxSiteOptions): string {
  const example = 'example.com';
  return (['http', 'https'] as const)
    .map((scheme) => {
      const resolution = resolveLoginRedirect(`${scheme}://mail.${example}/`);
      if (resolution.kind !== 'redirect' || resolution.domain !== example) {
        throw new Error(
          `The own-domain rule changed shape (${scheme}); update renderBusinessServers in src/deploy/nginx/servers/business.ts`,
        );
      }
      const listen =
        scheme === 'http'
          ? formatListen(options.listenAddress, options.httpPort)
          : formatListen(options.listenAddress, options.httpsPort, ' ssl');
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
