import { expect, test } from 'vitest';
import {
  createRandomToken,
  createSignUpSecrets,
  createUnsubscribeNonce,
  deriveUnsubscribeToken,
  formatSecretCheck,
  hashToken,
  isValidUnsubscribeToken,
  isWellFormedToken,
  parseUnsubscribeToken,
} from '../../src/followers/tokens.ts';

test('random tokens carry 256 bits and never repeat', () => {
  const tokens = new Set(Array.from({ length: 1000 }, () => createRandomToken()));
  expect(tokens.size).toBe(1000);
  for (const token of tokens) {
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(isWellFormedToken(token)).toBe(true);
  }
});

test('unsubscribe tokens name a 128-bit nonce and carry its MAC under the secret', () => {
  const nonce = createUnsubscribeNonce();
  expect(Buffer.from(nonce, 'hex')).toHaveLength(16);
  const token = deriveUnsubscribeToken('secret-one', nonce);
  expect(token).toMatch(new RegExp(`^${nonce}\\.[A-Za-z0-9_-]{43}$`));
  expect(parseUnsubscribeToken(token)).toEqual({ nonce });
  expect(deriveUnsubscribeToken('secret-one', nonce)).toBe(token);
  expect(deriveUnsubscribeToken('secret-two', nonce)).not.toBe(token);
  expect(deriveUnsubscribeToken('secret-one', createUnsubscribeNonce())).not.toBe(token);
});

test.each([
  ['the current secret and the nonce it names', 'secret-two', 'nonce-a', true],
  ['a secret it was not made with', 'secret-one', 'nonce-a', false],
  ["another follower's nonce", 'secret-two', 'nonce-b', false],
])('an unsubscribe token checks out against %s: %s', (_label, secret, nonce, expected) => {
  const token = deriveUnsubscribeToken('secret-two', 'nonce-a');
  expect(isValidUnsubscribeToken(secret, token, nonce)).toBe(expected);
});

test.each([undefined, '', 'A'.repeat(43), `nonce.${'A'.repeat(42)}`, `a/b.${'A'.repeat(43)}`])(
  'parseUnsubscribeToken refuses %j',
  (token) => {
    expect(parseUnsubscribeToken(token)).toBeNull();
  },
);

test('the secret check tells secrets apart without containing them', () => {
  const check = formatSecretCheck('secret-one');
  expect(check).toMatch(/^[0-9a-f]{32}$/);
  expect(formatSecretCheck('secret-one')).toBe(check);
  expect(formatSecretCheck('secret-two')).not.toBe(check);
});

test('one sign-up draw gives a 256-bit confirm token and an unrelated 128-bit nonce, fresh each time', () => {
  const draws = Array.from({ length: 1000 }, () => createSignUpSecrets());
  expect(new Set(draws.map((d) => d.confirmToken)).size).toBe(1000);
  expect(new Set(draws.map((d) => d.unsubscribeNonce)).size).toBe(1000);
  for (const { confirmToken, unsubscribeNonce } of draws) {
    expect(isWellFormedToken(confirmToken)).toBe(true);
    expect(Buffer.from(confirmToken, 'base64url')).toHaveLength(32);
    expect(unsubscribeNonce).toMatch(/^[0-9a-f]{32}$/);
    // The two halves come from different bytes of the draw.
    expect(Buffer.from(confirmToken, 'base64url').toString('hex')).not.toContain(unsubscribeNonce);
  }
});

test('stored hashes differ by purpose and never contain the token', () => {
  const token = createRandomToken();
  const confirm = hashToken('confirm', token);
  expect(confirm).toMatch(/^[0-9a-f]{64}$/);
  expect(hashToken('unsubscribe', token)).not.toBe(confirm);
  expect(confirm).not.toContain(token);
});

test.each([
  undefined,
  '',
  'short',
  `${'a'.repeat(42)}=`,
  `${'a'.repeat(44)}`,
  `${'a'.repeat(42)}/`,
])('rejects the malformed token %j', (token) => {
  expect(isWellFormedToken(token)).toBe(false);
});
