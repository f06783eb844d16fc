import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readFollowerConfig } from '../../src/followers/config.ts';
import { formatDnsRecords, formatDnsZone } from '../../src/followers/dns-records.ts';

const dir = mkdtempSync(join(tmpdir(), 'followers-dns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const keyFile = join(dir, 'dkim.pem');
writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
const base = { FOLLOWERS_DB: join(dir, 'f.sqlite'), FOLLOW_FROM: 'Blog <news@blog.example.com>' };

describe('formatDnsRecords', () => {
  test('SPF for the envelope domain, the DKIM key from the private key, DMARC for the From domain', () => {
    const records = formatDnsRecords({
      fromDomain: 'blog.example.com',
      envelopeDomain: 'bounce.example.com',
      relayHost: 'smtp.example.net',
      dkim: {
        domainName: 'blog.example.com',
        keySelector: 's1',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(records.map((r) => [r.name, r.value])).toEqual([
      ['bounce.example.com', 'v=spf1 mx a include:smtp.example.net ~all'],
      ['s1._domainkey.blog.example.com', `v=DKIM1; k=rsa; p=${spki}`],
      [
        '_dmarc.blog.example.com',
        'v=DMARC1; p=none; rua=mailto:dmarc@blog.example.com; adkim=r; aspf=r',
      ],
    ]);
  });

  test('long values are split into 255-byte strings', () => {
    const zone = formatDnsZone([
      { name: 'x.example', type: 'TXT', value: 'a'.repeat(300), note: 'n' },
    ]);
    expect(zone).toBe(`; n\nx.example. IN TXT "${'a'.repeat(255)}" "${'a'.repeat(45)}"`);
  });
});

describe('DKIM and bounce settings', () => {
  test.each([
    [{}, null, 'bounces@blog.example.com'],
    [
      { DKIM_DOMAIN: 'Blog.Example.com', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY_FILE: keyFile },
      { domainName: 'blog.example.com', keySelector: 's1' },
      'bounces@blog.example.com',
    ],
    [{ BOUNCE_ADDRESS: 'none' }, null, null],
    [{ BOUNCE_ADDRESS: 'returns@mail.example.com' }, null, 'returns@mail.example.com'],
  ])('%j', (env, dkim, bounceAddress) => {
    const config = readFollowerConfig({ ...base, ...env });
    expect(
      config.dkim === null
        ? null
        : { domainName: config.dkim.domainName, keySelector: config.dkim.keySelector },
    ).toEqual(dkim);
    expect(config.bounceAddress).toBe(bounceAddress);
  });

  test.each([
    [{ DKIM_DOMAIN: 'blog.example.com' }, 'DKIM signing needs all of'],
    [
      {
        DKIM_DOMAIN: 'a.example',
        DKIM_SELECTOR: 's',
        DKIM_PRIVATE_KEY_FILE: join(dir, 'missing.pem'),
      },
      'cannot be read',
    ],
    [{ BOUNCE_ADDRESS: 'bounces+x@example.com' }, 'BOUNCE_ADDRESS must be an address without "+"'],
    [{ BOUNCE_PORT: 'abc' }, 'BOUNCE_PORT must be a port number'],
  ])('%j is refused', (env, message) => {
    expect(() => readFollowerConfig({ ...base, ...env })).toThrow(message);
  });
});
