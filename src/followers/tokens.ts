/**
 * Tokens in follower links. Confirm tokens are 256 random bits; the database
 * keeps only their SHA-256 hash, salted with the purpose. Unsubscribe tokens
 * are `nonce.mac`: the follower's 128-bit random nonce and an HMAC of it under
 * the service secret, so every post email can carry one without the database
 * holding it, and the link is checked against the secret the service has now
 * (a link in an email sent after the secret changed works; links sent before
 * stop working). Links mailed before tokens carried the nonce hold the bare
 * MAC; those are still found by the hash stored at sign-up.
 *
 * Two more are signed rather than stored, each with its own purpose in the
 * MAC so one never works as another: the "Manage your subscription" link
 * (follower id, expiry, MAC over both and the follower's nonce, so it dies
 * with a fresh sign-up), and the VERP return-path tag that names the follower
 * a bounce is about (id and a short MAC, lower-case hex, since some mail
 * servers lower-case local parts).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a token may be used for; part of its stored hash. */
export type TokenPurpose = 'confirm' | 'unsubscribe';

/** A fresh random token (256 bits, base64url). */
export function createRandomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A fresh per-follower nonce (128 bits, hex) for the unsubscribe token. */
export function createUnsubscribeNonce(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Both random values a sign-up needs, from one randomBytes call (one trip to
 * the system's random source per request instead of two): a confirm token as
 * createRandomToken makes it and an unsubscribe nonce as createUnsubscribeNonce does.
 */
export function createSignUpSecrets(): { confirmToken: string; unsubscribeNonce: string } {
  const bytes = randomBytes(48);
  return {
    confirmToken: bytes.subarray(0, 32).toString('base64url'),
    unsubscribeNonce: bytes.subarray(32).toString('hex'),
  };
}

/** The MAC part of an unsubscribe token: HMAC-SHA256(secret, nonce), base64url (43 characters). */
function signUnsubscribeNonce(secret: string, nonce: string): string {
  return createHmac('sha256', secret).update(`unsubscribe\0${nonce}`).digest('base64url');
}

/**
 * The unsubscribe token of a follower: `nonce.mac`, the nonce naming the
 * follower and HMAC-SHA256(secret, nonce) proving the link is ours. The same
 * for the same secret and nonce, so every email to a follower carries one link.
 */
export function deriveUnsubscribeToken(secret: string, nonce: string): string {
  return `${nonce}.${signUnsubscribeNonce(secret, nonce)}`;
}

/** The nonce an unsubscribe token claims, unchecked; null when it is not shaped like one. */
export function parseUnsubscribeToken(token: string | undefined): { nonce: string } | null {
  const match = /^([A-Za-z0-9_-]{1,64})\.[A-Za-z0-9_-]{43}$/.exec(token ?? '');
  return match ? { nonce: match[1] as string } : null;
}

/** True when `token` is the unsubscribe token of the follower with this nonce under `secret`. */
export function isValidUnsubscribeToken(secret: string, token: string, nonce: string): boolean {
  return isSameSecret(deriveUnsubscribeToken(secret, nonce), token);
}

/**
 * A value that tells whether two processes hold the same secret without
 * revealing it: the service records it, and a process about to mail links
 * the service must accept (notify) can compare its own.
 */
export function formatSecretCheck(secret: string): string {
  return createHmac('sha256', secret).update('secret-check').digest('hex').slice(0, 32);
}

/** The stored form of a token: SHA-256 over purpose and token, hex. */
export function hashToken(purpose: TokenPurpose, token: string): string {
  return createHash('sha256').update(`${purpose}\0${token}`).digest('hex');
}

/**
 * True when `token` looks like a confirm token, or an unsubscribe token from
 * before they carried the nonce (43 base64url characters); cheap filter before hashing.
 */
export function isWellFormedToken(token: string | undefined): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** Constant-time string comparison (for the configured secret, not for lookups by hash). */
export function isSameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** How long a "Manage your subscription" link works: long enough to outlast two weekly digests. */
export const manageLinkTtlMs = 60 * 24 * 60 * 60 * 1000;

/** The MAC of a manage link. */
function signManageToken(secret: string, followerId: number, expires: number, nonce: string) {
  return createHmac('sha256', secret)
    .update(`manage\0${followerId}\0${expires}\0${nonce}`)
    .digest('base64url')
    .slice(0, 32);
}

/** A manage link token for a follower: `id.expiry-seconds.mac`. */
export function createManageToken(
  secret: string,
  followerId: number,
  nonce: string,
  expiresAt: number,
): string {
  const expires = Math.floor(expiresAt / 1000);
  return `${followerId}.${expires}.${signManageToken(secret, followerId, expires, nonce)}`;
}

/** The follower id and expiry a manage token claims, unchecked; null when it is not shaped like one. */
export function parseManageToken(
  token: string | undefined,
): { followerId: number; expiresAt: number } | null {
  const match = /^(\d{1,15})\.(\d{1,12})\.[A-Za-z0-9_-]{32}$/.exec(token ?? '');
  if (!match) return null;
  return { followerId: Number(match[1]), expiresAt: Number(match[2]) * 1000 };
}

/** True when `token` is this follower's unexpired manage token. */
export function isValidManageToken(
  secret: string,
  token: string,
  follower: { readonly id: number; readonly unsubscribeNonce: string },
  now: number,
): boolean {
  const claimed = parseManageToken(token);
  if (!claimed || claimed.followerId !== follower.id || claimed.expiresAt <= now) return false;
  const expected = createManageToken(
    secret,
    follower.id,
    follower.unsubscribeNonce,
    claimed.expiresAt,
  );
  return isSameSecret(expected, token);
}

/** The VERP tag of a follower's return path: `id-` and 16 hex digits of MAC. */
export function createVerpTag(secret: string, followerId: number, nonce: string): string {
  const mac = createHmac('sha256', secret).update(`verp\0${followerId}\0${nonce}`).digest('hex');
  return `${followerId}-${mac.slice(0, 16)}`;
}

/** The follower id a VERP tag claims, unchecked; null when it is not shaped like one. */
export function parseVerpTag(tag: string): number | null {
  const match = /^(\d{1,15})-[0-9a-f]{16}$/.exec(tag.toLowerCase());
  return match ? Number(match[1]) : null;
}

/** The return path carrying a VERP tag: `bounces@example.com` → `bounces+TAG@example.com`. */
export function formatVerpAddress(bounceAddress: string, tag: string): string {
  const at = bounceAddress.lastIndexOf('@');
  return `${bounceAddress.slice(0, at)}+${tag}${bounceAddress.slice(at)}`;
}

/** The VERP tag in an address such as `bounces+TAG@example.com`; null when there is none. */
export function extractVerpTag(address: string): string | null {
  return /\+([0-9A-Fa-f-]+)@/.exec(address)?.[1] ?? null;
}
