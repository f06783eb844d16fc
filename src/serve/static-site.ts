/**
 * Serves a built dist/ the way static hosts and the generated nginx config do:
 * directory paths answer their index.html, `/dir` without its slash is sent to
 * `/dir/`, and anything else missing gets 404.html with status 404.
 * Used by `npm start` (with the follower routes beside it) and by the browser tests.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { FEED_FORMATS } from '../lib/feed-formats.ts';
import {
  FEED_STYLESHEET_MEDIA_TYPE,
  FEED_STYLESHEET_PATH,
  isStyledFeedFormat,
  resolveFeedMediaType,
} from '../lib/feed-stylesheet.ts';

/** Decodes a request path, or undefined when its percent-escapes are malformed. */
function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** A Hono app serving the static site in `distDir`. */
export function createStaticSiteApp(distDir: string): Hono {
  const app = new Hono();
  const notFound = (c: Context) => {
    const page = join(distDir, '404.html');
    return existsSync(page) ? c.html(readFileSync(page, 'utf8'), 404) : c.text('Not found', 404);
  };
  app.use('*', async (c, next) => {
    // Leading slashes collapse to one, so `//host` never becomes a protocol-relative Location.
    const path = `/${c.req.path.replace(/^\/+/, '')}`;
    const decoded = decodePath(path);
    if (decoded === undefined) return notFound(c);
    if (!path.endsWith('/') && !/\.[a-z0-9]+$/i.test(path)) {
      const directory = join(distDir, decoded);
      if (
        directory.startsWith(distDir) &&
        existsSync(directory) &&
        statSync(directory).isDirectory()
      ) {
        return c.redirect(`${path}/${new URL(c.req.url).search}`, 301);
      }
    }
    return next();
  });
  // Feeds and their stylesheet get the types nginx gives them (src/deploy/nginx/servers/feeds.ts).
  app.use('*', async (c, next) => {
    const file = join(distDir, decodePath(c.req.path) ?? '');
    const name = c.req.path.slice(c.req.path.lastIndexOf('/') + 1);
    const spec = FEED_FORMATS.find((row) => row.fileName === name);
    const type =
      c.req.path === FEED_STYLESHEET_PATH
        ? FEED_STYLESHEET_MEDIA_TYPE
        : spec && resolveFeedMediaType(spec.format, c.req.header('accept') ?? '');
    if (!type || !file.startsWith(join(distDir, '/')) || !existsSync(file)) return next();
    if (spec && isStyledFeedFormat(spec.format)) c.header('Vary', 'Accept');
    return c.body(readFileSync(file), 200, { 'Content-Type': `${type}; charset=utf-8` });
  });
  app.use('*', serveStatic({ root: distDir }));
  app.notFound(notFound);
  return app;
}
