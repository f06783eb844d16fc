/**
 * Sending mail with nodemailer. With `SMTP_URL`: a pooled SMTP connection.
 * Without: every message becomes an `.eml` file in the outbox folder and its
 * path is printed, so a laptop with no mail account sees exactly what would
 * have been sent.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import type { SendMailOptions, SMTPPoolOptions, Transporter } from 'nodemailer';
import DKIM from 'nodemailer/lib/dkim';

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
   * Called synchronously in the data phase: after the server answered DATA
   * with 354 and the message is being written, just before the end-of-data
   * mark. Until then the server cannot have accepted the message (a failure
   * in MAIL FROM, RCPT TO or DATA leaves it certainly unsent); after it, it
   * may have. notify records this in the ledger. If the hook throws, the
   * end-of-data mark is never written: the connection is dropped, the server
   * discards the partial message, and `send` rejects.
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

/**
 * The message stream nodemailer's SMTP connection reads, wrapped so that
 * nothing is read from it until the connection does, and `onHanded` runs once
 * the last byte has been taken, before the stream ends. The connection writes
 * the end-of-data mark only when this stream ends, so the hook runs strictly
 * before the server can accept the message; and it pipes the stream only
 * after the server's 354, so the hook never runs during the envelope.
 */
function createHandedStream(input: Readable, onHanded: () => void): Readable {
  return Readable.from(
    (async function* () {
      for await (const chunk of input) yield chunk as Buffer;
      onHanded();
    })(),
    { objectMode: false },
  );
}

/**
 * Makes each message's stream call its `onHanded` hook (see
 * {@link createHandedStream}), signing with DKIM first when asked.
 *
 * Why here: the pool builds each message's stream before MAIL FROM, and the
 * DKIM signer reads the whole message at once, so a hook on the message
 * itself (a transform) runs while the relay is still at RCPT TO. The one
 * reader that waits for the 354 is the SMTP connection, so the hook goes on
 * the last stream it reads: a process function (nodemailer's own step for
 * DKIM) added after the signer. nodemailer adds its own signer after every
 * plugin, so the transport gets no `dkim` option and this plugin signs.
 */
function installHandedHook(transport: Transporter, dkim: DkimSettings | null): void {
  const signer = dkim ? new DKIM({ ...dkim }) : null;
  transport.use('stream', (mail, done) => {
    if (signer) mail.message.processFunc((input) => signer.sign(input));
    const hook = (mail.data as { onHanded?: () => void }).onHanded;
    if (hook) mail.message.processFunc((input) => createHandedStream(input, hook));
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
    // No `dkim` here: installHandedHook signs, before the hook's stream.
  } as SMTPPoolOptions);
  installHandedHook(transport, options.dkim ?? null);
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
