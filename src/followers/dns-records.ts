/**
 * The DNS records a sending domain needs so mailbox providers accept the
 * followers' mail (Gmail's and Yahoo's bulk-sender rules): SPF for the
 * envelope domain, the DKIM public key under its selector, and a DMARC
 * policy. Printed by `npm run followers -- dns`; the operator adds them.
 */
import { createPublicKey } from 'node:crypto';
import type { DkimSettings } from './mailer.ts';

/** One record to publish. */
export interface DnsRecord {
  /** Fully qualified name. */
  readonly name: string;
  /** Always TXT here. */
  readonly type: 'TXT';
  /** The value, unquoted. */
  readonly value: string;
  /** What it is for. */
  readonly note: string;
}

/** What the records are derived from. */
export interface DnsRecordInput {
  /** The From address's domain (DMARC aligns on it). */
  readonly fromDomain: string;
  /** The envelope sender's domain (SPF checks it): the bounce address's, else the From domain. */
  readonly envelopeDomain: string;
  /** The SMTP relay's host, when mail goes through one (its SPF record is included). */
  readonly relayHost: string | null;
  /** DKIM signing, when configured. */
  readonly dkim: DkimSettings | null;
}

/** The DKIM public key as a `p=` value: base64 of the DER SubjectPublicKeyInfo. */
export function formatDkimPublicKey(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
}

/** The SPF, DKIM and DMARC records for the configured sending setup. */
export function formatDnsRecords(input: DnsRecordInput): DnsRecord[] {
  const records: DnsRecord[] = [
    {
      name: input.envelopeDomain,
      type: 'TXT',
      value: `v=spf1 mx a${input.relayHost ? ` include:${input.relayHost}` : ''} ~all`,
      note: input.relayHost
        ? `SPF: lets this host and the relay ${input.relayHost} send for ${input.envelopeDomain} (use the include your provider documents if it differs)`
        : `SPF: lets this domain's own hosts send for ${input.envelopeDomain}`,
    },
  ];
  if (input.dkim) {
    records.push({
      name: `${input.dkim.keySelector}._domainkey.${input.dkim.domainName}`,
      type: 'TXT',
      value: `v=DKIM1; k=rsa; p=${formatDkimPublicKey(input.dkim.privateKey)}`,
      note: 'DKIM: the public key receivers check the signature with',
    });
  }
  records.push({
    name: `_dmarc.${input.fromDomain}`,
    type: 'TXT',
    value: `v=DMARC1; p=none; rua=mailto:dmarc@${input.fromDomain}; adkim=r; aspf=r`,
    note: 'DMARC: start with p=none and read the reports; move to p=quarantine once SPF and DKIM pass',
  });
  return records;
}

/** The records as zone-file lines, each under a comment saying what it is for. */
export function formatDnsZone(records: readonly DnsRecord[]): string {
  return records
    .map((record) => {
      // TXT strings longer than 255 bytes are split; resolvers join them again.
      const chunks = record.value.match(/.{1,255}/g) ?? [''];
      return `; ${record.note}\n${record.name}. IN TXT ${chunks.map((chunk) => `"${chunk}"`).join(' ')}`;
    })
    .join('\n\n');
}
