/**
 * Sending mail with nodemailer. With `SMTP_URL`: a pooled SMTP connection.
 * Without: every message becomes an `.eml` file in the outbox folder and its
 * path is printed, so a laptop with no mail account sees exactly what would
 * have been sent.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import nodemailer from 'nodemailer';
import type { SendMailOptions, SMTPPoolOptions, Transporter } from 'nodemailer';

/** One message to send. Every value is already safe for a header (see email-address.ts). */
export interface OutgoingMessage {
  /** Recipient address. */
  readonly to: string;
  /** Subject line; nodemailer encodes it, and CR/LF never reach it. */
  readonly subject: string;
  /** Plain-text part. */
  readonly text: string;
  /** HTML part. */
  readonly html: string;
  /** Message-ID, with angle brackets. */
  readonly messageId: string;
  /** Extra headers such as List-Unsubscribe. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Envelope sender (MAIL FROM, the Return-Path): the follower's VERP address, when set. */
  readonly returnPath?: string;
}

/** DKIM signing (nodemailer's), from `DKIM_DOMAIN`, `DKIM_SELECTOR`, `DKIM_PRIVATE_KEY_FILE`. */
export interface DkimSettings {
  /** The signing domain (`d=`). */
  readonly domainName: string;
  /** The selector (`s=`): the key's record is `<selector>._domainkey.<domain>`. */
  readonly keySelector: string;
  /** The PEM private key. */
  readonly privateKey: string;
}

/** Hooks into the moment of sending. */
export interface SendHooks {
  /**
   * Called synchronously once the whole body has been written and just before
   * the end-of-data mark: before it, the server cannot have accepted the
   * message; after it, it may have. notify records this in the ledger.
   */
  readonly onHanded?: () => void;
}

/** What a successful send returns. */
export interface SendReceipt {
  /** The Message-ID sent. */
  readonly messageId: string;
  /** The server's final answer (SMTP) or the file written (outbox). */
  readonly detail: string;
}

/** Something that sends messages. */
export interface Mailer {
  /** Sends one message; rejects with a nodemailer-style error (`responseCode` when the server answered). */
  send(message: OutgoingMessage, hooks?: SendHooks): Promise<SendReceipt>;
  /** Closes pooled connections. */
  close(): Promise<void>;
  /** Where messages go, for start-up logs. */
  readonly description: string;
}

/** What chooses and sets up a mailer (the configuration's mail fields; see wiring.ts). */
export interface MailerSettings {
  /** SMTP relay URL; null means write `.eml` files to `outboxDir`. */
  readonly smtpUrl: string | null;
  /** Folder the `.eml` files go to without SMTP. */
  readonly outboxDir: string;
  /** The From header of every email. */
  readonly from: string;
  /** DKIM signing; null or absent for none. */
  readonly dkim?: DkimSettings | null;
}

/** How a failed send should be treated. */
export type SendFailure = 'temporary' | 'permanent';

/**
 * SMTP 5xx answers are permanent; 4xx answers, dropped connections and
 * timeouts (no answer at all) are temporary and worth retrying.
 */
export function classifySendError(error: unknown): SendFailure {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600 ? 'permanent' : 'temporary';
}

/** Options of the pooled SMTP mailer. */
export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start). */
  readonly url: string;
  /** The From header, e.g. `FastMail.FM Weblog <followers@example.com>`. */
  readonly from: string;
  /** Pooled connections (parallel sends). */
  readonly maxConnections?: number;
  /** DKIM signing; null or absent for none. */
  readonly dkim?: DkimSettings | null;
}

/** Reads `smtp(s)://user:pass@host:port` into nodemailer pool options. */
export function parseSmtpUrl(url: string): SMTPPoolOptions {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  }
  const secure = parsed.protocol === 'smtps:';
  return {
    pool: true,
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    auth: parsed.username
      ? {
          user: decodeURIComponent(parsed.username),
          pass: decodeURIComponent(parsed.password),
        }
      : undefined,
  };
}

/** Adds the `onHanded` hook as a last stream transform of each message. */
function installHandedHook(transport: Transporter): void {
  transport.use('stream', (mail, done) => {
    const hook = (mail.data as { onHanded?: () => void }).onHanded;
    if (hook) {
      mail.message.transform(
        () =>
          new Transform({
            transform(chunk, _encoding, next) {
              next(null, chunk);
            },
            // The SMTP data stream writes the end-of-data mark only after this
            // transform ends, so the hook runs strictly before the server can
            // accept the message.
            flush(next) {
              try {
                hook();
                next();
              } catch (error) {
                next(error as Error);
              }
            },
          }),
      );
    }
    done();
  });
}

/** A mailer on a pooled SMTP connection. */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    ...parseSmtpUrl(options.url),
    maxConnections: options.maxConnections ?? 5,
    maxMessages: Infinity,
    // notify decides about retries itself, knowing whether a message was handed over.
    maxRequeues: 0,
    ...(options.dkim ? { dkim: { ...options.dkim } } : {}),
  } as SMTPPoolOptions);
  installHandedHook(transport);
  const host = new URL(options.url).host;
  return {
    description: `SMTP ${host} (pooled)`,
    async send(message, hooks = {}) {
      const info = await transport.sendMail({
        ...toSendMailOptions(options.from, message),
        onHanded: hooks.onHanded,
      } as SendMailOptions);
      return { messageId: message.messageId, detail: String(info.response) };
    },
    async close() {
      transport.close();
    },
  };
}

/** The nodemailer message for one outgoing message, the same for every transport. */
function toSendMailOptions(from: string, message: OutgoingMessage): SendMailOptions {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    headers: { ...message.headers },
    // The envelope sender is the VERP address, so bounces name the follower;
    // the From header stays the service's address.
    ...(message.returnPath ? { envelope: { from: message.returnPath, to: message.to } } : {}),
  };
}

/** Options of the outbox mailer. */
export interface OutboxMailerOptions {
  /** Folder the `.eml` files go to. */
  readonly dir: string;
  /** The From header. */
  readonly from: string;
  /** DKIM signing; null or absent for none. */
  readonly dkim?: DkimSettings | null;
  /** Where to say which file was written (console.log by default). */
  readonly log?: (line: string) => void;
}

/** A mailer that writes each message as an `.eml` file and prints its path. */
export function createOutboxMailer(options: OutboxMailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    ...(options.dkim ? { dkim: { ...options.dkim } } : {}),
  });
  const log = options.log ?? ((line: string) => console.log(line));
  mkdirSync(options.dir, { recursive: true });
  return {
    description: `outbox folder ${options.dir}`,
    async send(message, hooks = {}) {
      const info = await transport.sendMail(toSendMailOptions(options.from, message));
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      const path = join(options.dir, name);
      hooks.onHanded?.();
      // Written under a temporary name and renamed, so a reader never sees half a message.
      writeFileSync(`${path}.tmp`, info.message as Buffer);
      renameSync(`${path}.tmp`, path);
      log(`Email to ${message.to} written to ${path}`);
      return { messageId: message.messageId, detail: path };
    },
    async close() {},
  };
}
