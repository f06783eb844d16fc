/**
 * The follower service's settings, read from the environment once at start
 * (server, notify and the operator script share this). Every problem is
 * reported together, in words that say what to set. Reading writes nothing:
 * a missing secret file is created by the server alone (secret.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { site } from '../site.ts';
import type { DkimSettings } from './mailer.ts';
import { readSecretFile, resolveSecretFile } from './secret.ts';
import { findProjectRoot, resolveFollowerDbPath } from './store/location.ts';

/** Settings of the follower service. */
export interface FollowerConfig {
  /** Address to listen on (`HOST`, default 127.0.0.1: nginx or you in front). */
  readonly host: string;
  /** Port (`PORT`, default the site's local port). */
  readonly port: number;
  /**
   * Public base URL links in emails point at (`PUBLIC_URL`), no trailing
   * slash. Required with `SMTP_URL` (real mail must not carry localhost
   * links); without either it is http://localhost:PORT, and null with PORT=0:
   * the server then uses the port it was given.
   */
  readonly publicUrl: string | null;
  /** SQLite file (`FOLLOWERS_DB`, default data/followers.sqlite). */
  readonly dbPath: string;
  /** Built site (`DIST_DIR`, default dist/): served by `npm start`, read by notify. */
  readonly distDir: string;
  /** SMTP relay (`SMTP_URL`); absent means write .eml files to `outboxDir`. */
  readonly smtpUrl: string | null;
  /** Where .eml files go without SMTP (`FOLLOWERS_OUTBOX`, default data/outbox). */
  readonly outboxDir: string;
  /** From header of every email (`FOLLOW_FROM`). */
  readonly from: string;
  /**
   * Secret the unsubscribe tokens are derived from (`FOLLOWERS_SECRET`, else
   * the content of `secretFile`); null while that file does not exist yet.
   */
  readonly secret: string | null;
  /** Where the generated secret is kept when FOLLOWERS_SECRET is not set (beside the database). */
  readonly secretFile: string;
  /** Take the client address from X-Forwarded-For (`TRUST_PROXY=1`, behind nginx). */
  readonly trustProxy: boolean;
  /** Sign-ups allowed per client address per 10 minutes (`FOLLOWERS_IP_LIMIT`, default 10). */
  readonly ipLimit: number;
  /**
   * DKIM signing from `DKIM_DOMAIN`, `DKIM_SELECTOR` and `DKIM_PRIVATE_KEY_FILE`
   * (all three, or none: null).
   */
  readonly dkim: DkimSettings | null;
  /**
   * Where bounces go (`BOUNCE_ADDRESS`, default `bounces@` the From domain;
   * `none` turns VERP off). Each email's envelope sender is this address
   * with the follower's tag: `bounces+TAG@example.com`.
   */
  readonly bounceAddress: string | null;
  /**
   * The bounce and complaint listener the server starts (`BOUNCE_PORT`, on
   * `BOUNCE_HOST`, default 127.0.0.1; `BOUNCE_LMTP=1` speaks LMTP); null without a port.
   */
  readonly bounceListener: {
    readonly host: string;
    readonly port: number;
    readonly lmtp: boolean;
  } | null;
}

/** DKIM settings from the environment: all three variables or none. */
function readDkim(env: NodeJS.ProcessEnv, problems: string[]): DkimSettings | null {
  const names = ['DKIM_DOMAIN', 'DKIM_SELECTOR', 'DKIM_PRIVATE_KEY_FILE'] as const;
  const set = names.filter((name) => env[name]);
  if (set.length === 0) return null;
  if (set.length < names.length) {
    problems.push(`DKIM signing needs all of ${names.join(', ')}; only ${set.join(', ')} set.`);
    return null;
  }
  let privateKey = '';
  try {
    privateKey = readFileSync(env.DKIM_PRIVATE_KEY_FILE as string, 'utf8');
  } catch {
    problems.push(`DKIM_PRIVATE_KEY_FILE ${env.DKIM_PRIVATE_KEY_FILE} cannot be read.`);
  }
  if (privateKey && !privateKey.includes('PRIVATE KEY')) {
    problems.push(`DKIM_PRIVATE_KEY_FILE ${env.DKIM_PRIVATE_KEY_FILE} is not a PEM private key.`);
  }
  return {
    domainName: (env.DKIM_DOMAIN as string).toLowerCase(),
    keySelector: env.DKIM_SELECTOR as string,
    privateKey,
  };
}

/**
 * The configured secret, or the one in the file beside the database (null
 * when there is none yet: the server creates it, nothing else does).
 */
function readSecret(env: NodeJS.ProcessEnv, secretFile: string, problems: string[]) {
  const configured = env.FOLLOWERS_SECRET;
  if (configured === undefined) return readSecretFile(secretFile);
  if (configured.length < 32) problems.push('FOLLOWERS_SECRET must be at least 32 characters.');
  return configured;
}

/** Reads and checks the settings; throws one error listing every problem. */
export function readFollowerConfig(env: NodeJS.ProcessEnv = process.env): FollowerConfig {
  const problems: string[] = [];
  const port = env.PORT === undefined || env.PORT === '' ? site.localPort : parseWhole(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    problems.push(`PORT must be a port number, not "${env.PORT}".`);
  }
  const host = env.HOST || '127.0.0.1';
  const smtpUrl = env.SMTP_URL || null;
  let publicUrl: string | null = null;
  if (env.PUBLIC_URL) {
    publicUrl = env.PUBLIC_URL.replace(/\/+$/, '');
    try {
      const url = new URL(publicUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
      if (url.pathname !== '/' || url.search || url.hash) throw new Error('path');
    } catch {
      problems.push(
        `PUBLIC_URL must be an origin such as ${site.url} (no path), not "${env.PUBLIC_URL}".`,
      );
    }
  } else if (smtpUrl) {
    problems.push(
      `PUBLIC_URL must be set when SMTP_URL is: it is the origin links in emails use, such as ${site.url}.`,
    );
  } else if (port !== 0) {
    publicUrl = `http://localhost:${port}`;
  }
  if (smtpUrl && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) {
    problems.push('SMTP_URL must look like smtps://user:password@smtp.example.com:465.');
  }
  const from = env.FOLLOW_FROM || `${site.title} <followers@${hostnameOf(publicUrl ?? '')}>`;
  if (/[\r\n]/.test(from) || !/<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/.test(from)) {
    problems.push(`FOLLOW_FROM must be "Name <address@example.com>" or an address, not "${from}".`);
  }
  const ipLimit = env.FOLLOWERS_IP_LIMIT ? parseWhole(env.FOLLOWERS_IP_LIMIT) : 10;
  if (!Number.isInteger(ipLimit) || ipLimit < 1) {
    problems.push(
      `FOLLOWERS_IP_LIMIT must be a whole number of sign-ups, not "${env.FOLLOWERS_IP_LIMIT}".`,
    );
  }
  const dkim = readDkim(env, problems);
  const fromAddress = /<([^<>]+)>$/.exec(from)?.[1] ?? from;
  let bounceAddress: string | null =
    env.BOUNCE_ADDRESS || `bounces@${fromAddress.slice(fromAddress.lastIndexOf('@') + 1)}`;
  if (bounceAddress === 'none') bounceAddress = null;
  else if (!/^[^<>@\s+]+@[^<>@\s]+$/.test(bounceAddress)) {
    problems.push(
      `BOUNCE_ADDRESS must be an address without "+" (or none), not "${bounceAddress}".`,
    );
  }
  const bouncePort = env.BOUNCE_PORT ? parseWhole(env.BOUNCE_PORT) : null;
  if (bouncePort !== null && (!Number.isInteger(bouncePort) || bouncePort > 65_535)) {
    problems.push(`BOUNCE_PORT must be a port number, not "${env.BOUNCE_PORT}".`);
  }
  const dbPath = resolveFollowerDbPath(env);
  const secretFile = resolveSecretFile(dbPath);
  const secret = readSecret(env, secretFile, problems);
  if (problems.length > 0) {
    throw new Error(`The follower service is not configured right:\n- ${problems.join('\n- ')}`);
  }
  return {
    host,
    port,
    publicUrl,
    dbPath,
    distDir: resolve(env.DIST_DIR || join(findProjectRoot(), 'dist')),
    smtpUrl,
    outboxDir: resolve(env.FOLLOWERS_OUTBOX || join(dirname(dbPath), 'outbox')),
    from,
    secret,
    secretFile,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    ipLimit,
    dkim,
    bounceAddress,
    bounceListener:
      bouncePort === null
        ? null
        : {
            host: env.BOUNCE_HOST || '127.0.0.1',
            port: bouncePort,
            lmtp: env.BOUNCE_LMTP === '1' || env.BOUNCE_LMTP === 'true',
          },
  };
}

/** Digits only as a number; anything else (" ", "1e3", "0x10") is NaN, which the checks refuse. */
function parseWhole(value: string): number {
  return /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
}

/** Host name of a URL, or `localhost` when it does not parse. */
function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'localhost';
  }
}
