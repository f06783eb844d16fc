/**
 * Serves a built site on 127.0.0.1 at a free port (port 0), for the browser
 * tests and `npm run audit`. Never a fixed port: test files run in parallel.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createStaticSiteApp } from '../../src/serve/static-site.ts';

/** A running local copy of the site. */
export interface LocalSite {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly origin: string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts serving `distDir` on a free loopback port. */
export function startLocalSite(distDir: string): Promise<LocalSite> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: createStaticSiteApp(distDir).fetch, hostname: '127.0.0.1', port: 0 },
      (info: AddressInfo) => {
        resolve({
          origin: `http://127.0.0.1:${info.port}`,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
