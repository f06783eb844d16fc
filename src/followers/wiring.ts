/**
 * The follower service's one wiring place: configuration (config.ts) in, the
 * parts out. SMTP-or-outbox is decided here and nowhere else; the server, its
 * mail thread and every script build their store and mailer through it, so no
 * script needs the file that listens (server.ts).
 */
import type { Mailer, MailerSettings } from './mailer.ts';
import { createOutboxMailer, createSmtpMailer } from './mailer.ts';
import type { FollowerStore } from './store/index.ts';
import { openFollowerStore } from './store/index.ts';
import { createThreadedMailer } from './threaded-mailer.ts';

/** The mailer the settings ask for: pooled SMTP with `smtpUrl`, else `.eml` files in `outboxDir`. */
export function createConfiguredMailer(settings: MailerSettings): Mailer {
  const dkim = settings.dkim ?? null;
  return settings.smtpUrl
    ? createSmtpMailer({ url: settings.smtpUrl, from: settings.from, dkim })
    : createOutboxMailer({ dir: settings.outboxDir, from: settings.from, dkim });
}

/**
 * The same mailer, run on a worker thread (threaded-mailer.ts): the service
 * hands confirmation emails over and answers the next request meanwhile.
 */
export function createBackgroundMailer(settings: MailerSettings): Mailer {
  // Only the mail fields cross to the thread: never the rest of the configuration (its secret).
  const { smtpUrl, outboxDir, from, dkim } = settings;
  return createThreadedMailer(
    { smtpUrl, outboxDir, from, dkim: dkim ?? null },
    settings.smtpUrl
      ? `SMTP ${new URL(settings.smtpUrl).host} (pooled, on a mail thread)`
      : `outbox folder ${settings.outboxDir}`,
  );
}

/** The follower database the configuration names, opened and migrated. */
export function openConfiguredStore(config: { readonly dbPath: string }): FollowerStore {
  return openFollowerStore(config.dbPath);
}
