import { describe, expect, test } from 'vitest';
import { loginTransitions } from '../../src/data/login-transitions.ts';
import {
  OTHER_FASTMAIL_DOMAINS,
  classifyLoginHost,
  hasCertificateWarning,
  listCertificateHosts,
  listLoginHosts,
  listRedirectTargetHosts,
  resolveLoginRedirect,
} from '../../src/deploy/login-redirects.ts';

describe('every row of the post comes out of the rules', () => {
  test.each(loginTransitions.map((row) => [row.from, row] as const))('%s', (_, row) => {
    const resolution = resolveLoginRedirect(row.from);
    if (row.outcome === 'stays') {
      expect(resolution).toEqual({ kind: 'stays', certificateWarning: row.fromWarning });
    } else {
      expect(resolution).toMatchObject({
        kind: 'redirect',
        location: new URL(row.to).href,
        certificateWarning: row.fromWarning,
      });
    }
    expect(hasCertificateWarning(row.to)).toBe(row.toWarning);
  });
});

describe('cases the post does not list', () => {
  test.each([
    // Another FastMail domain behaves like sent.com.
    ['http://fastmail.nl', 'https://www.fastmail.fm/?domain=fastmail.nl', false],
    ['https://www.fastmail.nl', 'https://www.fastmail.fm/?domain=fastmail.nl', true],
    ['http://m.fastmail.co.uk', 'https://m.fastmail.fm/?domain=fastmail.co.uk', false],
    ['http://ssl.fastmail.nl', 'https://ssl.fastmail.nl/', false],
    // Another business's own domain.
    ['http://mail.example.org', 'https://www.fastmail.fm/?domain=example.org', false],
    ['https://mail.example.co.uk', 'https://www.fastmail.fm/?domain=example.co.uk', true],
    // Host names are case-insensitive.
    ['http://WWW.Sent.COM', 'https://www.fastmail.fm/?domain=sent.com', false],
    ['https://FastMail.FM', 'https://www.fastmail.fm/', false],
    [
      'http://Mail.DigitalIntegrity.com',
      'https://www.fastmail.fm/?domain=digitalintegrity.com',
      false,
    ],
    // An explicit port is dropped; a trailing dot is ignored.
    ['http://www.fastmail.fm:8080/', 'https://www.fastmail.fm/', false],
    ['https://sent.com:443/', 'https://www.fastmail.fm/?domain=sent.com', true],
    ['http://www.fastmail.fm./', 'https://www.fastmail.fm/', false],
    // The path is kept; the query is kept unless the rule sets the domain.
    ['http://www.fastmail.fm/mail/?MLS=1&SD=2', 'https://www.fastmail.fm/mail/?MLS=1&SD=2', false],
    [
      'http://sent.com/mail/inbox?folder=INBOX',
      'https://www.fastmail.fm/mail/inbox?domain=sent.com',
      false,
    ],
    ['http://ssl.sent.com/deep/link?x=1', 'https://ssl.sent.com/deep/link?x=1', false],
    // A domain= already in the query never picks the login screen.
    ['http://sent.com/?domain=evil.example', 'https://www.fastmail.fm/?domain=sent.com', false],
    ['https://m.sent.com/?domain=evil.example', 'https://m.fastmail.fm/?domain=sent.com', true],
    [
      'http://mail.example.org/?domain=fastmail.fm',
      'https://www.fastmail.fm/?domain=example.org',
      false,
    ],
    // On the primary domain nothing is added, so a domain= given is kept as the user's own choice.
    ['http://www.fastmail.fm/?domain=sent.com', 'https://www.fastmail.fm/?domain=sent.com', false],
    // insecure. only means something without https.
    ['https://insecure.fastmail.fm', 'https://www.fastmail.fm/', false],
    ['https://insecure.sent.com', 'https://www.fastmail.fm/?domain=sent.com', true],
    // A protocol-relative looking path stays a path on the target host.
    [
      'http://sent.com//evil.example/',
      'https://www.fastmail.fm//evil.example/?domain=sent.com',
      false,
    ],
  ])('%s → %s (warning at the address: %s)', (url, location, warning) => {
    expect(resolveLoginRedirect(url)).toMatchObject({
      kind: 'redirect',
      location,
      certificateWarning: warning,
    });
  });

  test.each([
    ['https://ssl.fastmail.nl/', true],
    ['http://insecure.fastmail.nl/', false],
    ['https://m.fastmail.fm/mail/', false],
    ['https://www.fastmail.fm/?domain=sent.com', false],
  ])('%s stays (warning: %s)', (url, warning) => {
    expect(resolveLoginRedirect(url)).toEqual({ kind: 'stays', certificateWarning: warning });
  });

  test.each([
    'https://blog.fastmail.fm/',
    'http://evil.example/',
    'http://www.evil.example/',
    'http://fastmail.fm.evil.example/',
    'http://evilfastmail.fm/',
    'http://mail.ev!l.example/',
    'http://mail.localhost/',
    'http://mail.example.1a/',
    'http://mail.-bad.example/',
    `http://mail.${'a'.repeat(64)}.example/`,
    `http://mail.${`${'a'.repeat(63)}.`.repeat(4)}example/`,
    'http://127.0.0.1/',
  ])('%s is not a login host', (url) => {
    expect(resolveLoginRedirect(url)).toEqual({ kind: 'unknown' });
  });

  test('only http and https addresses are resolved', () => {
    expect(() => resolveLoginRedirect('ftp://www.fastmail.fm/')).toThrow(/http or https/);
  });
});

describe('properties of the rules over every login host', () => {
  const urls = [...listLoginHosts(), 'mail.example.com'].flatMap((host) => [
    `http://${host}/`,
    `https://${host}/`,
  ]);

  test.each(urls)('%s: no chain, and only allowed targets', (url) => {
    const resolution = resolveLoginRedirect(url);
    if (resolution.kind !== 'redirect') return expect(resolution.kind).toBe('stays');
    const target = new URL(resolution.location);
    expect(listRedirectTargetHosts()).toContain(target.hostname);
    expect(target.protocol).toBe('https:');
    expect(resolveLoginRedirect(target).kind).toBe('stays');
  });

  test('the certificate covers exactly the primary domain and its prefixes', () => {
    expect(listCertificateHosts()).toEqual([
      'fastmail.fm',
      'www.fastmail.fm',
      'm.fastmail.fm',
      'ssl.fastmail.fm',
      'insecure.fastmail.fm',
    ]);
  });

  test('every FastMail domain has every prefix', () => {
    expect(listLoginHosts()).toHaveLength((OTHER_FASTMAIL_DOMAINS.length + 1) * 5);
    expect(listLoginHosts()).toContain('insecure.fastmail.nl');
  });

  test.each([
    ['www.fastmail.fm', { kind: 'fastmail', prefix: 'www', domain: 'fastmail.fm' }],
    ['sent.com', { kind: 'fastmail', prefix: '', domain: 'sent.com' }],
    ['M.SENT.COM.', { kind: 'fastmail', prefix: 'm', domain: 'sent.com' }],
    ['mail.sent.com', { kind: 'business', domain: 'sent.com' }],
    ['mail.digitalintegrity.com', { kind: 'business', domain: 'digitalintegrity.com' }],
    ['blog.fastmail.fm', undefined],
  ])('classifyLoginHost(%s)', (host, expected) => {
    expect(classifyLoginHost(host)).toEqual(expected);
  });
});
