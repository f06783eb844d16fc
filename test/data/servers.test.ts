import { describe, expect, test } from 'vitest';
import { PLAINTEXT_CUTOFF, servers } from '../../src/data/servers.ts';

const clientPorts = servers.filter((entry) => entry.group !== 'incoming-mail');

describe('the July 2012 state of the servers', () => {
  test('the ports the seed post says were switched off are disabled since 14 July 2012', () => {
    const disabled = servers.filter((entry) => entry.status === 'disabled');
    expect(disabled.map((entry) => entry.port).sort((a, b) => a - b)).toEqual([25, 110, 143, 389]);
    for (const entry of disabled) expect(entry.since).toBe(PLAINTEXT_CUTOFF);
  });

  test.each([
    ['IMAP', 993],
    ['POP3', 995],
    ['SMTP (sending)', 465],
    ['LDAP (read-only address book)', 636],
  ])('%s on %i is supported, recommended and encrypted from the start', (service, port) => {
    const entry = servers.find((row) => row.service === service && row.port === port);
    expect(entry).toMatchObject({ status: 'supported', recommended: true, security: 'implicit-tls' });
  });

  test('587 stays open for STARTTLS submission, not recommended', () => {
    expect(servers.find((row) => row.port === 587)).toMatchObject({
      security: 'starttls',
      status: 'supported',
      recommended: false,
    });
  });

  test('only the insecure web host is unencrypted, and nothing unencrypted is recommended', () => {
    const unencrypted = clientPorts.filter((entry) => entry.security === 'none');
    expect(unencrypted.map((entry) => entry.hostname)).toEqual(['insecure.fastmail.fm']);
    expect(servers.filter((entry) => entry.recommended && entry.security !== 'implicit-tls')).toEqual(
      [],
    );
  });

  test('no host and port is listed twice, and dates are real ISO dates', () => {
    const keys = servers.map((entry) => `${entry.hostname}:${entry.port}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const entry of servers) {
      if (entry.since) expect(new Date(`${entry.since}T00:00:00Z`).toISOString()).toContain(entry.since);
    }
  });

  test('the 2012 host names are used, not the later imap/pop/smtp.fastmail.com', () => {
    expect(servers.some((entry) => entry.hostname.endsWith('fastmail.com'))).toBe(false);
  });
});
