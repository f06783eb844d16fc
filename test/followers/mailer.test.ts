/**
 * When the pooled SMTP mailer calls `onHanded`, against a real SMTP server
 * (npm smtp-server on loopback) that logs each step of the dialogue and
 * fails on cue. The hook must run in the data phase only (after the 354,
 * before the end-of-data mark), with and without DKIM, so a failure in the
 * envelope leaves a message certainly unsent; and a hook that throws must
 * keep the message from being accepted.
 */
import { generateKeyPairSync } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DkimSettings, OutgoingMessage } from '../../src/followers/mailer.ts';
import { createSmtpMailer } from '../../src/followers/mailer.ts';
import type { SinkFaults, SmtpSink } from '../support/smtp-sink.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

/** Where the server misbehaves. */
type Fault =
  'none' | 'drop-at-mail' | 'drop-at-rcpt' | '550-at-rcpt' | 'drop-at-end' | '451-at-end';

let fault: Fault = 'none';
const envelopeDelayMs = 100;
const events: string[] = [];
let sink: SmtpSink;

/** Sink faults that log each step of the dialogue in `events` and act out `fault`. */
const loggedFaults: SinkFaults = {
  onMailFrom() {
    events.push('server: MAIL FROM');
    return fault === 'drop-at-mail' ? 'drop' : 'accept';
  },
  async onRcptTo() {
    events.push('server: RCPT TO');
    // A relay that takes its time over the recipient (a DNS or policy
    // check): long enough for the client to have built the whole message.
    await sleep(envelopeDelayMs);
    if (fault === 'drop-at-rcpt') return 'drop';
    return fault === '550-at-rcpt' ? '550' : 'accept';
  },
  // smtp-server calls this once it has answered DATA with 354.
  onDataStart: () => void events.push('server: 354, data phase'),
  onDataEnd() {
    events.push('server: end-of-data');
    if (fault === 'drop-at-end') return 'drop';
    return fault === '451-at-end' ? '451' : 'accept';
  },
};

beforeAll(async () => {
  sink = await startSmtpSink();
});

afterAll(() => sink.close());

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dkim: DkimSettings = {
  domainName: 'blog.example.com',
  keySelector: 'weblog',
  privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
};

const message: OutgoingMessage = {
  to: 'reader@example.com',
  subject: 'A post',
  text: 'The post. '.repeat(200),
  html: `<p>${'The post. '.repeat(200)}</p>`,
  messageId: '<post-1@blog.example.com>',
  headers: { 'List-Unsubscribe': '<https://blog.example.com/u>' },
  returnPath: 'bounces+1-0123456789abcdef@blog.example.com',
};

/** Sends `message` once with the hook logging, and tells what happened. */
async function sendLogged(
  withDkim: boolean,
  onHanded: () => void = () => {},
): Promise<{ outcome: string; events: string[] }> {
  events.length = 0;
  sink.reset();
  sink.faults = loggedFaults;
  const mailer = createSmtpMailer({
    url: sink.url,
    from: 'Blog <followers@blog.example.com>',
    maxConnections: 1,
    dkim: withDkim ? dkim : null,
  });
  try {
    await mailer.send(message, {
      onHanded: () => {
        events.push('client: onHanded');
        onHanded();
      },
    });
    return { outcome: 'accepted', events: [...events] };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    return { outcome: code ? `refused ${code}` : 'connection lost', events: [...events] };
  } finally {
    await mailer.close();
  }
}

const envelope = ['server: MAIL FROM', 'server: RCPT TO'];
const dataPhase = [...envelope, 'server: 354, data phase', 'client: onHanded'];

describe.each([false, true])('the pooled SMTP mailer (DKIM: %s)', (withDkim) => {
  test.each<[Fault, string, string[]]>([
    ['none', 'accepted', [...dataPhase, 'server: end-of-data']],
    ['drop-at-mail', 'connection lost', ['server: MAIL FROM']],
    ['drop-at-rcpt', 'connection lost', envelope],
    ['550-at-rcpt', 'refused 550', envelope],
    ['drop-at-end', 'connection lost', [...dataPhase, 'server: end-of-data']],
    ['451-at-end', 'refused 451', [...dataPhase, 'server: end-of-data']],
  ])('server fault %s: %s, and onHanded only in the data phase', async (which, outcome, seen) => {
    fault = which;
    const result = await sendLogged(withDkim);
    expect(result).toEqual({ outcome, events: seen });
  });

  test('the message arrives whole, signed when DKIM is on', async () => {
    fault = 'none';
    await sendLogged(withDkim);
    const raw = sink.messages[0]?.raw.toString() ?? '';
    expect(raw).toContain('Message-ID: <post-1@blog.example.com>');
    expect(raw).toContain('The post. The post.');
    expect(raw.startsWith('DKIM-Signature: v=1; a=rsa-sha256;')).toBe(withDkim);
  });

  test('a hook that throws keeps the end-of-data mark from being sent: nothing is accepted', async () => {
    fault = 'none';
    const result = await sendLogged(withDkim, () => {
      throw new Error('the ledger row is no longer queued');
    });
    expect(result.outcome).toBe('connection lost');
    expect(result.events).toEqual(dataPhase);
    // Give the server time to see the connection close without a final dot.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).not.toContain('server: end-of-data');
    expect(sink.messages).toEqual([]);
  });
});
