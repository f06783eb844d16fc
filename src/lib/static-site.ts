/**
 * Serves a built dist/ the way static hosts and the generated nginx config do:
 * directory paths answer their index.html, `/dir` without its slash is sent to
 * `/dir/`, and anything else missing gets 404.html with status 404.
 * Used by `npm start` (with the follower routes beside it) and by the browser tests.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/** A Hono app serving the static site in `distDir`. */
export function createStaticSiteApp(distDir: string): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    const path = c.req.path;
    if (!path.endsWith('/') && !/\.[a-z0-9]+$/i.test(path)) {
      const directory = join(distDir, decodeURIComponent(path));
      if (
        directory.startsWith(distDir) &&
        existsSync(directory) &&
        statSync(directory).isDirectory()
      ) {
        const url = new URL(c.req.url);
        return c.redirect(`${path}/${url.search}`, 301);
      }
    }
    return next();
  });
  app.use('*', serveStatic({ root: distDir }));
  app.notFound((c) => {
    const page = join(distDir, '404.html');
    return existsSync(page) ? c.html(readFileSync(page, 'utf8'), 404) : c.text('Not found', 404);
  });
  return app;
}
