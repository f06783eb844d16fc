/**
 * Which addresses the Follow form accepts. Deliberately narrower than RFC 5322:
 * no quoted local parts, comments, IP literals or display names, and nothing
 * below U+0021, so no CR, LF or other header-breaking character can get
 * through to a message header.
 */

/** Longest address accepted: RFC 5321's path limit less the angle brackets. */
export const maxEmailLength = 254;

const localPart = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$/;
const domainLabel = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/**
 * Returns the address in the form the store keys it by (trimmed, domain
 * lower-cased), or null when it is not an address we will mail.
 */
export function normalizeEmail(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const email = input.trim();
  if (email.length === 0 || email.length > maxEmailLength) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1).toLowerCase();
  if (
    !localPart.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..')
  ) {
    return null;
  }
  const labels = domain.split('.');
  if (
    labels.length < 2 ||
    domain.length > 253 ||
    !labels.every((label) => domainLabel.test(label))
  ) {
    return null;
  }
  if (/^[0-9]+$/.test(labels.at(-1) ?? '')) return null;
  return `${local}@${domain}`;
}
