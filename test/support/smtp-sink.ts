/**
 * A real SMTP server on loopback (npm `smtp-server`) for the end-to-end,
 * fault-injection and mailer tests: it keeps every accepted message and can
 * misbehave on cue at each step of a transaction (drop the connection,
 * refuse with 451 or 550, answer late or never, call a hook).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import type { SMTPServerSession } from 'smtp-server';
import { SMTPServer } from 'smtp-server';

/** The refusals the sink can give, by reply code. */
const refusals = { '451': 'Try again later', '550': 'No such user' } as const;

/**
 * How the sink answers a step: go on ('accept'), refuse it with a reply
 * code, or 'drop' the connection without an answer (a relay that crashed or
 * was cut off).
 */
export type SinkAnswer = 'accept' | 'drop' | keyof typeof refusals;

/**
 * An answer now, or a promise of one: the sink answers when it settles (a
 * slow relay, or one held until the test lets it go). Nothing means 'accept'.
 */
export type SinkReply = SinkAnswer | void | Promise<SinkAnswer | void>;

/**
 * What the sink should do at each step. A transaction is numbered by its
 * MAIL FROM (1-based, counted since the last reset).
 */
export interface SinkFaults {
  /** At the n-th MAIL FROM, which opens transaction n. */
  onMailFrom?: (n: number, session: SMTPServerSession) => SinkReply;
  /** At each RCPT TO of transaction `transaction`. */
  onRcptTo?: (transaction: number) => SinkReply;
  /** Once DATA has been answered with 354 in transaction `transaction`: the message is on its way. */
  onDataStart?: (transaction: number) => void;
  /** At the n-th end of DATA (1-based, counted apart from transactions), in transaction `transaction`. */
  onDataEnd?: (n: number, transaction: number) => SinkReply;
}

/** A running sink. */
export interface SmtpSink {
  /** `smtp://127.0.0.1:port`. */
  readonly url: string;
  /** Raw accepted messages, in order, with the envelope recipient and sender. */
  readonly messages: { readonly to: string; readonly from: string; readonly raw: Buffer }[];
  /** Faults, replaceable between runs. */
  faults: SinkFaults;
  /** Resolves when at least `count` messages have been accepted. */
  waitForMessages(count: number, timeoutMs?: number): Promise<void>;
  /** Forgets the messages, the fault counters and the faults. */
  reset(): void;
  /** Parses an accepted message. */
  parse(index: number): Promise<ParsedMail>;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts a sink on 127.0.0.1 and a free port. */
export async function startSmtpSink(faults: SinkFaults = {}): Promise<SmtpSink> {
  const messages: { to: string; from: string; raw: Buffer }[] = [];
  let transactions = 0;
  let dataEnds = 0;
  // smtp-server keeps one session across the transactions of a connection.
  const transactionOf = new WeakMap<SMTPServerSession, number>();
  const waiters = new Set<() => void>();
  const sink: SmtpSink = {
    url: '',
    messages,
    faults,
    waitForMessages(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} messages, got ${messages.length}`));
        }, timeoutMs);
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
    reset() {
      messages.length = 0;
      transactions = 0;
      dataEnds = 0;
      sink.faults = {};
    },
    parse: (index) => simpleParser(messages[index]?.raw ?? Buffer.alloc(0)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  /** Destroys the socket of a session, as a crashed or cut-off server would. */
  function dropSession(session: SMTPServerSession): void {
    // smtp-server keeps its connections in a Set; each has the session id and the socket.
    const connections = (
      server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }
    ).connections;
    for (const connection of connections)
      if (connection.id === session.id) connection._socket.destroy();
  }

  /** Gives a step the answer its fault hook chose, once that is settled; `proceed` accepts it. */
  function answerStep(
    reply: SinkReply,
    session: SMTPServerSession,
    callback: (error?: Error) => void,
    proceed: () => void = () => callback(),
  ): void {
    if (reply instanceof Promise) {
      void reply.then((answer) => answerStep(answer, session, callback, proceed));
      return;
    }
    if (reply === 'drop') return dropSession(session);
    if (reply === '451' || reply === '550') {
      callback(Object.assign(new Error(refusals[reply]), { responseCode: Number(reply) }));
      return;
    }
    proceed();
  }

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onMailFrom(_address, session, callback) {
      transactions += 1;
      transactionOf.set(session, transactions);
      answerStep(sink.faults.onMailFrom?.(transactions, session), session, callback);
    },
    onRcptTo(_address, session, callback) {
      answerStep(sink.faults.onRcptTo?.(transactionOf.get(session) ?? 0), session, callback);
    },
    onData(stream, session, callback) {
      const transaction = transactionOf.get(session) ?? 0;
      sink.faults.onDataStart?.(transaction);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        dataEnds += 1;
        answerStep(sink.faults.onDataEnd?.(dataEnds, transaction), session, callback, () => {
          for (const recipient of session.envelope.rcptTo) {
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            messages.push({ to: recipient.address, from, raw: Buffer.concat(chunks) });
          }
          for (const waiter of [...waiters]) waiter();
          callback();
        });
      });
    },
  });
  // A client killed mid-session resets its connection: expected here, not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(sink, { url: `smtp://127.0.0.1:${port}` });
}
