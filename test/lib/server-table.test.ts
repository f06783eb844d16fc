import { describe, expect, test } from 'vitest';
import type { ServerEntry } from '../../src/data/servers.ts';
import { formatServerStatus, listServerRows } from '../../src/lib/server-table.ts';

describe('server rows', () => {
  const base: ServerEntry = {
    group: 'mail-client',
    service: 'IMAP',
    hostname: 'mail.messagingengine.com',
    port: 993,
    security: 'implicit-tls',
    status: 'supported',
    since: undefined,
    recommended: true,
    note: undefined,
  };

  test.each([
    [base, 'Recommended'],
    [{ ...base, recommended: false }, 'Supported'],
    [{ ...base, status: 'disabled', since: '2012-07-14' } as const, 'Disabled since 14 July 2012'],
    [{ ...base, recommended: false, since: '2009-04-16' }, 'Supported since 16 April 2009'],
  ])('formatServerStatus → %s', (entry, expected) => {
    expect(formatServerStatus(entry)).toBe(expected);
  });

  test('listServerRows keeps one group, in table order, as text', () => {
    const rows = listServerRows('mail-client', [
      base,
      { ...base, group: 'web', hostname: 'www.fastmail.fm' },
      {
        ...base,
        port: 143,
        security: 'starttls',
        status: 'disabled',
        since: '2012-07-14',
        note: 'x',
      },
    ]);
    expect(rows).toEqual([
      {
        service: 'IMAP',
        hostname: 'mail.messagingengine.com',
        port: '993',
        security: 'SSL/TLS',
        status: 'Recommended',
        disabled: false,
        note: '',
      },
      {
        service: 'IMAP',
        hostname: 'mail.messagingengine.com',
        port: '143',
        security: 'STARTTLS',
        status: 'Disabled since 14 July 2012',
        disabled: true,
        note: 'x',
      },
    ]);
  });
});
