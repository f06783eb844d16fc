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
 *   target: 200, no redirect, no cookies needed. The token names the
 *   follower's nonce and is checked against the current secret.
 * - GET|POST preferences?token=…: the signed "Manage your subscription" page
 *   (delivery mode, categories); POST without a token asks for a new link by
 *   address and gets the same answer for every address.
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
import {
  composeConfirmationEmail,
  composeManageLinkEmail,
  composeWelcomeEmail,
} from './messages.ts';
import type { ServicePage } from './pages.ts';
import {
  renderConfirmationSentPage,
  renderConfirmedPage,
  renderConfirmInvalidPage,
  renderConfirmPage,
  renderInvalidEmailPage,
  renderManageInvalidPage,
  renderManageLinkSentPage,
  renderNotFoundPage,
  renderPreferencesPage,
  renderRateLimitedPage,
  renderTooLargePage,
  renderUnsubscribedPage,
  renderUnsubscribeInvalidPage,
  renderUnsubscribePage,
} from './pages.ts';
import type { RateLimit } from './rate-limit.ts';
import { createRateLimiter, formatClientKey } from './rate-limit.ts';
import type { DeliveryMode, Follower, FollowerPreferences } from './store/follower.ts';
import { deliveryModes } from './store/follower.ts';
import type { PreferenceStore } from './store/preferences.ts';
import type { SignUpStore } from './store/sign-ups.ts';
import {
  createManageToken,
  createSignUpSecrets,
  deriveUnsubscribeToken,
  formatSecretCheck,
  hashToken,
  isValidManageToken,
  isValidUnsubscribeToken,
  isWellFormedToken,
  manageLinkTtlMs,
  parseManageToken,
  parseUnsubscribeToken,
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
  /** The preferences side of the follower store (the manage page). */
  readonly preferences: PreferenceStore;
  /**
   * Categories followers may choose from (the server takes them from the
   * deployed feed's tags); none means the pages offer only how often.
   */
  readonly categories?: readonly string[];
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
  /**
   * How soon another sign-up for a pending address may mail a new link
   * (`confirmResendIntervalMs` in store/sign-ups.ts, 15 minutes, by default).
   */
  readonly confirmResendMs?: number;
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

/** Reads the delivery and category choice of a confirm or preferences form; unknown values are ignored. */
async function readPreferencesBody(
  c: Context,
  offered: readonly string[],
): Promise<FollowerPreferences> {
  let body: Record<string, string | File | (string | File)[]> = {};
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    // An unreadable body (RFC 8058-style empty POST, say) keeps the defaults.
  }
  const delivery = deliveryModes.includes(body.delivery as DeliveryMode)
    ? (body.delivery as DeliveryMode)
    : 'instant';
  const allowed = new Set(offered.map((name) => name.toLowerCase()));
  const ticked = [body.category ?? []]
    .flat()
    .filter((name): name is string => typeof name === 'string' && allowed.has(name));
  return { delivery, categories: ticked.length === 0 ? null : ticked };
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
  const categories = options.categories ?? [];
  // The secret links are checked with, recorded so that notify can tell its
  // own differs (it would mail links that fail here) before it sends any.
  store.recordSecretCheck(formatSecretCheck(secret));

  /**
   * The follower an unsubscribe token names, when it is theirs: `nonce.mac`
   * checked against the current secret, or a bare token from an email sent
   * before tokens carried the nonce, found by the hash stored at sign-up.
   */
  const findUnsubscriber = (token: string | undefined): Follower | null => {
    const claimed = parseUnsubscribeToken(token);
    if (claimed && token) {
      const follower = store.findByUnsubscribeNonce(claimed.nonce);
      return follower && isValidUnsubscribeToken(secret, token, follower.unsubscribeNonce)
        ? follower
        : null;
    }
    return isWellFormedToken(token)
      ? store.findByUnsubscribeHash(hashToken('unsubscribe', token))
      : null;
  };

  /** A fresh manage token for a follower, valid for the link lifetime from now. */
  const signManageLink = (follower: Follower) =>
    createManageToken(secret, follower.id, follower.unsubscribeNonce, now() + manageLinkTtlMs);

  /** The follower a manage token names, when it is theirs, unexpired, and they still follow. */
  const findManagedFollower = (token: string | undefined): Follower | null => {
    const claimed = parseManageToken(token);
    if (!claimed || !token) return null;
    const follower = options.preferences.findFollower(claimed.followerId);
    if (!follower || follower.status !== 'confirmed') return null;
    return isValidManageToken(secret, token, follower, now()) ? follower : null;
  };

  /** Sends without awaiting (the answer never waits for SMTP); failures are logged. */
  const sendInBackground = (message: Parameters<Mailer['send']>[0], what: string) => {
    mailer.send(message).catch((error: unknown) => {
      logError(`${what} to ${message.to} failed:`, error);
    });
  };

  // The one answer to every request for a manage link, whoever the address is.
  const manageLinkSentPage = renderManageLinkSentPage();

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
      resendIntervalMs: options.confirmResendMs,
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
      return sendPage(c, renderConfirmPage(token, categories));
    }
    return sendPage(c, renderConfirmInvalidPage());
  });

  routes.post(FOLLOWER_ROUTES.confirm, limitBody, async (c) => {
    const token = c.req.query('token');
    if (!isWellFormedToken(token)) return sendPage(c, renderConfirmInvalidPage());
    const preferences = await readPreferencesBody(c, categories);
    const follower = store.confirm(hashToken('confirm', token), now(), preferences);
    if (!follower) return sendPage(c, renderConfirmInvalidPage());
    sendInBackground(
      composeWelcomeEmail(options.site, {
        to: follower.email,
        delivery: follower.delivery,
        categories: follower.categories,
        manageToken: signManageLink(follower),
        unsubscribeToken: deriveUnsubscribeToken(secret, follower.unsubscribeNonce),
      }),
      'Welcome email',
    );
    return sendPage(c, renderConfirmedPage(follower));
  });

  routes.get(FOLLOWER_ROUTES.preferences, (c) => {
    const token = c.req.query('token');
    const follower = findManagedFollower(token);
    if (!follower || !token) return sendPage(c, renderManageInvalidPage());
    return sendPage(c, renderPreferencesPage(token, follower.email, follower, categories, false));
  });

  routes.post(FOLLOWER_ROUTES.preferences, limitBody, async (c) => {
    const token = c.req.query('token');
    if (token === undefined) {
      // Asking for a new link by address: limited like sign-ups, and the same
      // answer whether or not the address follows.
      if (!perIp.tryHit(`ip:${formatClientKey(options.clientIp(c))}`, now())) {
        return sendPage(c, renderRateLimitedPage());
      }
      const body = await readSubscribeBody(c);
      const email = normalizeEmail(body?.email);
      if (!email) return sendPage(c, renderInvalidEmailPage(''));
      if (!perAddress.tryHit(`manage:${email.toLowerCase()}`, now())) {
        return sendPage(c, renderRateLimitedPage());
      }
      const follower = options.preferences.findMailedFollower(email);
      if (follower) {
        sendInBackground(
          composeManageLinkEmail(options.site, follower.email, signManageLink(follower)),
          'Manage link email',
        );
      }
      return sendPage(c, manageLinkSentPage);
    }
    const follower = findManagedFollower(token);
    if (!follower) return sendPage(c, renderManageInvalidPage());
    const preferences = await readPreferencesBody(c, categories);
    options.preferences.updatePreferences(follower.id, preferences, now());
    const saved = options.preferences.findFollower(follower.id) ?? follower;
    return sendPage(c, renderPreferencesPage(token, saved.email, saved, categories, true));
  });

  routes.get(FOLLOWER_ROUTES.unsubscribe, (c) => {
    const token = c.req.query('token');
    const follower = findUnsubscriber(token);
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
    const found = findUnsubscriber(c.req.query('token'));
    const follower = found ? store.unsubscribeFollower(found.id, now()) : null;
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
