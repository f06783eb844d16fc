/** A complete nginx.conf around the site config, for running nginx in the foreground with its own prefix (tests, local trials). */
import type { NginxMainOptions } from './options.ts';
import { formatPath, indent } from './syntax.ts';

/** A complete nginx.conf for running nginx in the foreground with its own prefix. */
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
