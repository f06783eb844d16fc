/**
 * The bounce and complaint listener: a small SMTP (or LMTP) server, npm
 * `smtp-server`, that the MTA forwards the `bounces+…@` mailbox to. Each
 * message is processed as a report (bounces.ts). Every message is accepted,
 * even a malformed one (counted and logged), so the MTA never retries junk;
 * one without a VERP tag that checks out is logged with what it claims and
 * suppresses nobody (anyone can mail the bounce address);
 * only a failure of our own (the database busy past its timeout) answers 451,
 * so the report comes again later. Nothing a sender does can stop it.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { BounceContext, ReportOutcome } from './bounces.ts';
import { formatReportClaims, processBounceReport } from './bounces.ts';

/** Counts since the listener started. */
export type BounceListenerCounts = Record<ReportOutcome, number> & { suppressed: number };

/** Options of the listener. */
export interface BounceListenerOptions {
  /** Store and secret; the clock is read per message. */
  readonly context: Omit<BounceContext, 'now'>;
  /** Address to listen on (loopback unless the MTA is elsewhere). */
  readonly host: string;
  /** Port; 0 for any free one. */
  readonly port: number;
  /** Speak LMTP instead of SMTP (for a Postfix `lmtp:` transport). */
  readonly lmtp?: boolean;
  /** Where problems go (console.error by default). */
  readonly log?: (line: string) => void;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** A running listener. */
export interface BounceListener {
  /** The port it got. */
  readonly port: number;
  /** What it has seen. */
  readonly counts: BounceListenerCounts;
  /** Stops listening. */
  close(): Promise<void>;
}

/** Largest report accepted: reports quote at most the original message. */
const maxReportBytes = 2 * 1024 * 1024;

/** Starts the listener. */
export async function startBounceListener(options: BounceListenerOptions): Promise<BounceListener> {
  const log = options.log ?? ((line: string) => console.error(line));
  const now = options.now ?? Date.now;
  const counts: BounceListenerCounts = {
    recorded: 0,
    unverified: 0,
    duplicate: 0,
    malformed: 0,
    suppressed: 0,
  };
  const server = new SMTPServer({
    lmtp: options.lmtp ?? false,
    authOptional: true,
    // The MTA in front speaks to it over loopback or a private network.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: maxReportBytes,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          counts.malformed += 1;
          log('Bounce listener: a report over 2 MB was refused');
          const error = new Error('Report too large') as Error & { responseCode: number };
          error.responseCode = 552;
          callback(error);
          return;
        }
        const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        processBounceReport(Buffer.concat(chunks), { ...options.context, now: now() }, recipients)
          .then((result) => {
            counts[result.outcome] += 1;
            counts.suppressed += result.suppressed.length;
            if (result.problem) log(`Bounce listener: malformed report ignored: ${result.problem}`);
            if (result.claims) {
              log(
                `Bounce listener: report without a verified VERP tag recorded, nobody suppressed: ${formatReportClaims(result.claims)}`,
              );
            }
            for (const email of result.suppressed) log(`Bounce listener: suppressed ${email}`);
            callback();
          })
          .catch((error: unknown) => {
            log(`Bounce listener: could not record a report (will be retried): ${String(error)}`);
            const failure = new Error('Try again later') as Error & { responseCode: number };
            failure.responseCode = 451;
            callback(failure);
          });
      });
    },
  });
  // A client resetting its connection is the client's problem, never a crash.
  server.on('error', (error) => log(`Bounce listener: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    counts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
