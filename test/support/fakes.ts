/** Test doubles for the follower service: a recording mailer and a fixed clock. */
import type {
  Mailer,
  OutgoingMessage,
  SendHooks,
  SendReceipt,
} from '../../src/followers/mailer.ts';

/** What the fake mailer does with the n-th send (0-based): accept, or throw this error. */
export type FakeSendBehaviour = (
  message: OutgoingMessage,
  index: number,
) => { error?: Error & { responseCode?: number }; handBeforeError?: boolean } | undefined;

/** A mailer that records messages instead of sending them. */
export interface FakeMailer extends Mailer {
  /** Messages accepted, in order. */
  readonly sent: OutgoingMessage[];
  /** Every attempt, accepted or not. */
  readonly attempts: OutgoingMessage[];
}

/** An SMTP-style error with a response code, or none for a dropped connection. */
export function createSmtpError(responseCode?: number): Error & { responseCode?: number } {
  const error = new Error(
    responseCode ? `${responseCode} test answer` : 'Connection closed',
  ) as Error & {
    responseCode?: number;
    code?: string;
  };
  if (responseCode) error.responseCode = responseCode;
  else error.code = 'ECONNECTION';
  return error;
}

/** A recording mailer; `behaviour` can make chosen sends fail. */
export function createFakeMailer(behaviour: FakeSendBehaviour = () => undefined): FakeMailer {
  const sent: OutgoingMessage[] = [];
  const attempts: OutgoingMessage[] = [];
  return {
    description: 'fake',
    sent,
    attempts,
    async send(message: OutgoingMessage, hooks: SendHooks = {}): Promise<SendReceipt> {
      const outcome = behaviour(message, attempts.length);
      attempts.push(message);
      if (outcome?.error) {
        if (outcome.handBeforeError) hooks.onHanded?.();
        throw outcome.error;
      }
      hooks.onHanded?.();
      sent.push(message);
      return { messageId: message.messageId, detail: '250 OK' };
    },
    async close() {},
  };
}

/** A clock the test moves by hand. */
export function createClock(start = Date.UTC(2012, 6, 16, 12)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}
