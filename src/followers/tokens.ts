/**
 * Tokens in follower links. Confirm tokens are 256 random bits; unsubscribe
 * tokens are an HMAC of a 128-bit random per-follower nonce under the service
 * secret, so every post email can carry one without the database holding it.
 * The database keeps only SHA-256 hashes, each salted with the token's
 * purpose: a confirm token looked up as an unsubscribe token matches nothing.
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

/** The unsubscribe token of a follower: HMAC-SHA256(secret, nonce), base64url. */
export function deriveUnsubscribeToken(secret: string, nonce: string): string {
  return createHmac('sha256', secret).update(`unsubscribe\0${nonce}`).digest('base64url');
}

/** The stored form of a token: SHA-256 over purpose and token, hex. */
export function hashToken(purpose: TokenPurpose, token: string): string {
  return createHash('sha256').update(`${purpose}\0${token}`).digest('hex');
}

/** True when `token` looks like one of ours (43 base64url characters); cheap filter before hashing. */
export function isWellFormedToken(token: string | undefined): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** Constant-time string comparison (for the configured secret, not for lookups by hash). */
export function isSameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
