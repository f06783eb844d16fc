/**
 * A real SMTP server on loopback (npm `smtp-server`) for the end-to-end and
 * fault-injection tests: it keeps every accepted message and can misbehave
 * on cue (drop the connection, answer 451, call a hook mid-transaction).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import type { SMTPServerSession } from 'smtp-server';
import { SMTPServer } from 'smtp-server';

/** What the sink should do with the n-th transaction (1-based count of MAIL FROM commands). */
export interface SinkFaults {
  /** Destroy the socket at this MAIL FROM (no answer at all). */
  onMailFrom?: (n: number, session: SMTPServerSession) => 'drop' | 'accept' | void;
  /** Answer at the end of DATA: 'accept' (250, kept), '451', or 'drop' (socket destroyed, message lost). */
  onDataEnd?: (n: number) => 'accept' | '451' | 'drop' | void;
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

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onMailFrom(_address, session, callback) {
      transactions += 1;
      if (sink.faults.onMailFrom?.(transactions, session) === 'drop') {
        dropSession(session);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        dataEnds += 1;
        const action = sink.faults.onDataEnd?.(dataEnds) ?? 'accept';
        if (action === 'drop') {
          dropSession(session);
          return;
        }
        if (action === '451') {
          const error = new Error('Try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        for (const recipient of session.envelope.rcptTo) {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          messages.push({ to: recipient.address, from, raw: Buffer.concat(chunks) });
        }
        for (const waiter of [...waiters]) waiter();
        callback();
      });
    },
  });
  // A client killed mid-session resets its connection: expected here, not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(sink, { url: `smtp://127.0.0.1:${port}` });
}
