/** The catch-all server block: any host name not named elsewhere is refused, never redirected. */
import type { NginxSiteOptions } from '../options.ts';
import { formatListen, indent } from '../syntax.ts';

/** Any other host name: 421 over http, no TLS handshake over https. */
export function renderFallbackServer(options: NginxSiteOptions): string {
  return [
    '# Any other host name: refused (421, or no TLS handshake), never redirected.',
    'server {',
    indent(
      [
        formatListen(options.listenAddress, options.httpPort, ' default_server'),
        formatListen(options.listenAddress, options.httpsPort, ' ssl default_server'),
        'ssl_reject_handshake on;',
        'return 421;',
      ].join('\n'),
    ),
    '}',
  ].join('\n');
}
