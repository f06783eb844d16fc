import { expect, test } from 'vitest';
import { maxEmailLength, normalizeEmail } from '../../src/followers/email-address.ts';

/** An address of exactly `length` characters. */
function makeAddressOfLength(length: number): string {
  const domain = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`; // 194 characters
  return `${'a'.repeat(length - domain.length - 1)}@${domain}`;
}

test.each([
  ['reader@example.com', 'reader@example.com'],
  ['  Reader@Example.COM ', 'Reader@example.com'],
  ['first.last+tag@sub.example.co.uk', 'first.last+tag@sub.example.co.uk'],
  ["o'brien@example.ie", "o'brien@example.ie"],
  [makeAddressOfLength(maxEmailLength), makeAddressOfLength(maxEmailLength)],
])('accepts %s', (input, expected) => {
  expect(normalizeEmail(input)).toBe(expected);
});

test.each([
  ['not a string', 42],
  ['255 characters', makeAddressOfLength(255)],
  ['a 65-character local part', `${'a'.repeat(65)}@example.com`],
  ['CR', 'a@example.com\rX: y'],
  ['LF', 'a@example.com\nX: y'],
  ['NUL', 'a\u0000b@example.com'],
  ['a display name', '"A" <a@example.com>'],
  ['a comma list', 'a@example.com,b@example.com'],
  ['a leading dot', '.a@example.com'],
  ['two dots', 'a..b@example.com'],
  ['a trailing dot', 'a.@example.com'],
  ['no top-level domain', 'a@example'],
  ['an IP literal', 'a@[192.0.2.1]'],
  ['a numeric top-level domain', 'a@192.0.2.1'],
  ['a hyphen-edged label', 'a@-example.com'],
  ['an empty label', 'a@example..com'],
  ['a space', 'a b@example.com'],
  ['angle brackets', '<a@example.com>'],
])('rejects %s', (_label, input) => {
  expect(normalizeEmail(input)).toBeNull();
});
