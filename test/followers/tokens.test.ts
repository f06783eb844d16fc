import { expect, test } from 'vitest';
import {
  createRandomToken,
  createUnsubscribeNonce,
  deriveUnsubscribeToken,
  hashToken,
  isWellFormedToken,
} from '../../src/followers/tokens.ts';

test('random tokens carry 256 bits and never repeat', () => {
  const tokens = new Set(Array.from({ length: 1000 }, () => createRandomToken()));
  expect(tokens.size).toBe(1000);
  for (const token of tokens) {
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(isWellFormedToken(token)).toBe(true);
  }
});

test('unsubscribe tokens depend on the secret and on a 128-bit nonce', () => {
  const nonce = createUnsubscribeNonce();
  expect(Buffer.from(nonce, 'hex')).toHaveLength(16);
  const token = deriveUnsubscribeToken('secret-one', nonce);
  expect(isWellFormedToken(token)).toBe(true);
  expect(deriveUnsubscribeToken('secret-one', nonce)).toBe(token);
  expect(deriveUnsubscribeToken('secret-two', nonce)).not.toBe(token);
  expect(deriveUnsubscribeToken('secret-one', createUnsubscribeNonce())).not.toBe(token);
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
