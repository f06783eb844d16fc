/**
 * The follower service's HTTP routes. It never listens: server.ts does, and
 * tests call `app.request()` with a fake mailer. Everything it needs (store,
 * mailer, secret, clock, limits, how to find the client address) is passed in.
 *
 * Routes, all under FOLLOWER_BASE_PATH (/followers/, src/data/follower-service.ts):
 * - POST subscribe (form or JSON `email`): always the same answer for a good
 *   address, known or not, so the form cannot tell who follows.
 * - GET|POST confirm?token=…: GET shows a button, POST confirms. Mail
 *   scanners follow GET links; only a POST changes anything.
 * - GET|POST unsubscribe?token=…: the same, and POST is RFC 8058's one-click
 *   target: 200, no redirect, no cookies needed.
 * - GET count (JSON), GET health.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  FOLLOWER_BASE_PATH,
  FOLLOWER_ROUTES,
  FOLLOWER_SECURITY_HEADERS,
  HONEYPOT_FIELD,
} from '../data/follower-service.ts';
import { normalizeEmail } from './email-address.ts';
import type { Mailer } from './mailer.ts';
import { composeConfirmationEmail } from './messages.ts';
import type { ServicePage } from './pages.ts';
import {
  renderConfirmationSentPage,
  renderConfirmedPage,
  renderConfirmInvalidPage,
  renderConfirmPage,
  renderInvalidEmailPage,
  renderNotFoundPage,
  renderRateLimitedPage,
  renderTooLargePage,
  renderUnsubscribedPage,
  renderUnsubscribeInvalidPage,
  renderUnsubscribePage,
} from './pages.ts';
import type { RateLimit } from './rate-limit.ts';
import { createRateLimiter, formatClientKey } from './rate-limit.ts';
import type { SignUpStore } from './store/sign-ups.ts';
import {
  createSignUpSecrets,
  deriveUnsubscribeToken,
  hashToken,
  isWellFormedToken,
} from './tokens.ts';

/** How long a confirmation link works. */
export const defaultConfirmTtlMs = 7 * 24 * 60 * 60 * 1000;

/** Default limits: 10 sign-ups per client address per 10 minutes, 3 per email address per day. */
export const defaultLimits = {
  perIp: { limit: 10, windowMs: 10 * 60 * 1000 },
  perAddress: { limit: 3, windowMs: 24 * 60 * 60 * 1000 },
} as const satisfies Record<string, RateLimit>;

/** Largest request body accepted, in bytes. */
export const defaultMaxBodyBytes = 4 * 1024;

/** What the app needs from outside. */
export interface FollowerAppOptions {
  /** The sign-up side of the follower store. */
  readonly store: SignUpStore;
  /** Sends the confirmation emails. */
  readonly mailer: Mailer;
  /** Service secret (unsubscribe tokens). */
  readonly secret: string;
  /** Site title and public base URL, for the links in emails. */
  readonly site: { readonly title: string; readonly baseUrl: string };
  /** The client's address, for the per-client limit. */
  readonly clientIp: (c: Context) => string;
  /** Clock, for tests. */
  readonly now?: () => number;
  /** Confirmation link lifetime. */
  readonly confirmTtlMs?: number;
  /** Sign-up limits. */
  readonly limits?: { readonly perIp: RateLimit; readonly perAddress: RateLimit };
  /** Body size cap. */
  readonly maxBodyBytes?: number;
  /** Where to report failures (console.error by default). */
  readonly logError?: (message: string, error: unknown) => void;
}

/** True when the client sent or asked for JSON rather than a form. */
function wantsJson(c: Context): boolean {
  const type = c.req.header('content-type') ?? '';
  const accept = c.req.header('accept') ?? '';
  return (
    type.startsWith('application/json') ||
    (accept.includes('application/json') && !accept.includes('text/html'))
  );
}

/** Answers with a rendered page. */
function sendPage(c: Context, page: ServicePage): Response {
  return c.html(page.html, page.status);
}

/** Reads `email` and the honeypot from a form or JSON body; null when the body is unreadable. */
async function readSubscribeBody(
  c: Context,
): Promise<{ email: unknown; honeypot: unknown } | null> {
  const type = c.req.header('content-type') ?? '';
  try {
    if (type.startsWith('application/json')) {
      const body = (await c.req.json()) as Record<string, unknown> | null;
      return { email: body?.email, honeypot: body?.[HONEYPOT_FIELD] };
    }
    if (
      type.startsWith('application/x-www-form-urlencoded') ||
      type.startsWith('multipart/form-data')
    ) {
      const body = await c.req.parseBody();
      return { email: body.email, honeypot: body[HONEYPOT_FIELD] };
    }
  } catch {
    return null;
  }
  return null;
}

/** The follower service as a Hono app. */
export function createFollowerApp(options: FollowerAppOptions): Hono {
  const { store, mailer, secret } = options;
  const now = options.now ?? Date.now;
  const confirmTtlMs = options.confirmTtlMs ?? defaultConfirmTtlMs;
  const limits = options.limits ?? defaultLimits;
  const perIp = createRateLimiter(limits.perIp);
  const perAddress = createRateLimiter(limits.perAddress);
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const confirmDays = Math.round(confirmTtlMs / 86_400_000);

  // The fixed answer to every accepted sign-up, rendered once rather than per request.
  const confirmationSentPage = renderConfirmationSentPage();

  const app = new Hono();
  app.use('*', async (c, next) => {
    // Set before the handler, so they go into the answer as it is built:
    // changing a finished Response's Headers afterwards cost more per request.
    for (const name in FOLLOWER_SECURITY_HEADERS) {
      c.header(name, FOLLOWER_SECURITY_HEADERS[name as keyof typeof FOLLOWER_SECURITY_HEADERS]);
    }
    await next();
  });
  // Routes are written relative to the prefix; the headers, not-found page and
  // error handler above and below stay on the root app, so they cover any path.
  const routes = app.basePath(FOLLOWER_BASE_PATH);
  const limitBody = bodyLimit({
    maxSize: options.maxBodyBytes ?? defaultMaxBodyBytes,
    onError: (c) =>
      wantsJson(c) ? c.json({ error: 'body too large' }, 413) : sendPage(c, renderTooLargePage()),
  });

  routes.post(FOLLOWER_ROUTES.subscribe, limitBody, async (c) => {
    const json = wantsJson(c);
    const answerPending = () =>
      json ? c.json({ status: 'pending' }, 202) : sendPage(c, confirmationSentPage);
    if (!perIp.tryHit(`ip:${formatClientKey(options.clientIp(c))}`, now())) {
      return json ? c.json({ error: 'rate limited' }, 429) : sendPage(c, renderRateLimitedPage());
    }
    const body = await readSubscribeBody(c);
    if (!body) {
      return json
        ? c.json({ error: 'send a form or JSON with "email"' }, 400)
        : sendPage(c, renderInvalidEmailPage(''));
    }
    // A filled-in honeypot gets the ordinary answer, so the bot learns nothing.
    if (typeof body.honeypot === 'string' && body.honeypot !== '') return answerPending();
    const email = normalizeEmail(body.email);
    if (!email) {
      const typed = typeof body.email === 'string' ? body.email : '';
      return json
        ? c.json({ error: 'invalid email' }, 400)
        : sendPage(c, renderInvalidEmailPage(typed));
    }
    if (!perAddress.tryHit(`email:${email.toLowerCase()}`, now())) {
      return json ? c.json({ error: 'rate limited' }, 429) : sendPage(c, renderRateLimitedPage());
    }
    const { confirmToken, unsubscribeNonce } = createSignUpSecrets();
    const confirmHash = hashToken('confirm', confirmToken);
    const outcome = store.addPending({
      email,
      confirmHash,
      confirmExpiresAt: now() + confirmTtlMs,
      unsubscribeNonce,
      unsubscribeHash: hashToken('unsubscribe', deriveUnsubscribeToken(secret, unsubscribeNonce)),
      now: now(),
    });
    if (outcome === 'created' || outcome === 'renewed') {
      // Not awaited: the answer does not wait for SMTP, whoever the address is.
      const message = composeConfirmationEmail(options.site, email, confirmToken, confirmDays);
      mailer.send(message).catch((error: unknown) => {
        // Not sent, so the next sign-up for this address may try again.
        store.markConfirmationUnsent(confirmHash);
        logError(`Confirmation email to ${email} failed:`, error);
      });
    }
    return answerPending();
  });

  routes.get(FOLLOWER_ROUTES.confirm, (c) => {
    const token = c.req.query('token');
    if (isWellFormedToken(token) && store.hasPendingConfirm(hashToken('confirm', token), now())) {
      return sendPage(c, renderConfirmPage(token));
    }
    return sendPage(c, renderConfirmInvalidPage());
  });

  routes.post(FOLLOWER_ROUTES.confirm, limitBody, (c) => {
    const token = c.req.query('token');
    const follower = isWellFormedToken(token)
      ? store.confirm(hashToken('confirm', token), now())
      : null;
    return sendPage(c, follower ? renderConfirmedPage() : renderConfirmInvalidPage());
  });

  routes.get(FOLLOWER_ROUTES.unsubscribe, (c) => {
    const token = c.req.query('token');
    const follower = isWellFormedToken(token)
      ? store.findByUnsubscribeHash(hashToken('unsubscribe', token))
      : null;
    return sendPage(
      c,
      follower && token
        ? renderUnsubscribePage(token, follower.email)
        : renderUnsubscribeInvalidPage(),
    );
  });

  routes.post(FOLLOWER_ROUTES.unsubscribe, limitBody, (c) => {
    // The body (RFC 8058's `List-Unsubscribe=One-Click`, or the page's empty
    // form) carries nothing we need: the token alone says who.
    const token = c.req.query('token');
    const follower = isWellFormedToken(token)
      ? store.unsubscribe(hashToken('unsubscribe', token), now())
      : null;
    return sendPage(c, follower ? renderUnsubscribedPage() : renderUnsubscribeInvalidPage());
  });

  routes.get(FOLLOWER_ROUTES.count, (c) => c.json({ count: store.countConfirmed() }));

  routes.get(FOLLOWER_ROUTES.health, (c) => {
    store.countConfirmed();
    return c.json({ status: 'ok' });
  });

  app.notFound((c) => sendPage(c, renderNotFoundPage()));
  app.onError((error, c) => {
    logError(`Follower service error on ${c.req.method} ${c.req.path}:`, error);
    return wantsJson(c) ? c.json({ error: 'internal error' }, 500) : c.text('Internal error', 500);
  });
  return app;
}
