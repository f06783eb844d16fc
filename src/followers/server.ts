/**
 * The follower service process: reads and checks the environment once,
 * opens the store and mailer, and listens. It answers /followers/* itself and
 * serves the built site (dist/) for everything else, so `npm start` gives one
 * local port where the Follow form works end to end. In production nginx
 * serves dist/ and proxies only /followers/ here.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { FOLLOWER_BASE_PATH } from '../data/follower-service.ts';
import { createStaticSiteApp } from '../serve/static-site.ts';
import { site } from '../site.ts';
import { join } from 'node:path';
import { createFollowerApp, defaultLimits } from './app.ts';
import type { BounceListener } from './bounce-listener.ts';
import { startBounceListener } from './bounce-listener.ts';
import { readFeedPosts } from './feed.ts';
import type { FollowerConfig } from './config.ts';
import { readFollowerConfig } from './config.ts';
import { readOrCreateSecretFile } from './secret.ts';
import { createBackgroundMailer, openConfiguredStore } from './wiring.ts';

/** A running service. */
export interface RunningFollowerServer {
  /** Local URL it answers on. */
  readonly url: string;
  /** The origin links in emails use (PUBLIC_URL, or derived from the port it got). */
  readonly publicUrl: string;
  /** Stops listening and closes the mailer and the database. */
  close(): Promise<void>;
}

/** The client's address: the socket peer, or behind a trusted proxy the last X-Forwarded-For hop. */
function resolveClientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return getConnInfo(c).remote.address ?? 'unknown';
}

/**
 * The categories followers may choose: those of the posts in the deployed
 * feed (its `tags`), sorted; none before the first build.
 */
function readOfferedCategories(distDir: string): string[] {
  try {
    const names = readFeedPosts(join(distDir, 'feed.json')).flatMap(
      (post) => post.categories ?? [],
    );
    return [...new Set(names)].sort((a, b) => a.localeCompare(b));
  } catch {
    return [];
  }
}

/** Starts the service (site + follower routes) with a configuration. */
export async function startFollowerServer(config: FollowerConfig): Promise<RunningFollowerServer> {
  // The service hands out the first unsubscribe tokens, so it alone creates
  // the secret when none is configured; notify and the operator only read it.
  const secret = config.secret ?? readOrCreateSecretFile(config.secretFile);
  const store = openConfiguredStore(config);
  // Confirmation emails are built and sent on a worker thread, off the request path.
  const mailer = createBackgroundMailer(config);
  let publicUrl = config.publicUrl;
  const followerApp = createFollowerApp({
    store: store.signUps,
    preferences: store.preferences,
    categories: readOfferedCategories(config.distDir),
    mailer,
    secret,
    site: {
      title: site.title,
      // With PORT=0 and no PUBLIC_URL, links use the port the server got.
      get baseUrl() {
        return publicUrl ?? '';
      },
    },
    clientIp: (c) => resolveClientIp(c, config.trustProxy),
    limits: { ...defaultLimits, perIp: { ...defaultLimits.perIp, limit: config.ipLimit } },
  });
  const siteApp = createStaticSiteApp(config.distDir);
  store.signUps.purgeExpired(Date.now());
  // Unconfirmed sign-ups older than the link's lifetime are deleted hourly.
  const purgeTimer = setInterval(() => store.signUps.purgeExpired(Date.now()), 60 * 60 * 1000);
  purgeTimer.unref();

  const server = serve({
    fetch: (request, env) =>
      new URL(request.url).pathname.startsWith(`${FOLLOWER_BASE_PATH}/`)
        ? followerApp.fetch(request, env)
        : siteApp.fetch(request, env),
    port: config.port,
    hostname: config.host,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  // Bounces and complaints, when the MTA forwards them here (BOUNCE_PORT).
  let bounceListener: BounceListener | null = null;
  if (config.bounceListener) {
    bounceListener = await startBounceListener({
      context: { store: store.bounces, secret },
      ...config.bounceListener,
    });
  }
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/`;
  publicUrl ??= new URL(url).origin;
  return {
    url,
    publicUrl,
    async close() {
      clearInterval(purgeTimer);
      await bounceListener?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mailer.close();
      store.close();
    },
  };
}

/**
 * Reads the environment, starts the service, prints where it answers and
 * stops cleanly on Ctrl-C. Exits 1 with a message on bad settings or a busy port.
 */
export async function runFollowerServer(): Promise<void> {
  let config: FollowerConfig;
  try {
    config = readFollowerConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const running = await startFollowerServer(config).catch((error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Port ${config.port} is in use: stop the other server or set PORT=… to another port.`
        : `The follower service could not start: ${error.message}`,
    );
    process.exit(1);
  });
  console.log(`Site and follower service: ${running.url}`);
  console.log(`Followers database: ${config.dbPath}`);
  console.log(
    config.smtpUrl
      ? `Emails go to SMTP ${new URL(config.smtpUrl).host}`
      : `No SMTP_URL set: emails are written to ${config.outboxDir}`,
  );
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await runFollowerServer();
