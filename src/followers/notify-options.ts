/**
 * The command line of `npm run notify`, checked before anything is opened:
 * a number that does not parse must stop the run, not become NaN workers
 * (nothing sent, exit 0) or NaN attempts (retried forever).
 */
import { parseArgs } from 'node:util';
import { defaultRetryPolicy } from './notify.ts';

/** Usage line printed with every command-line problem. */
export const notifyUsage =
  'Usage: npm run notify -- [--include-existing] [--resend-interrupted] [--concurrency N] ' +
  '[--max-attempts N] [--retry-base-ms N] [--quiet]   (N: a whole number of at least 1)\n' +
  '       npm run notify -- --mark-interrupted-sent   (record interrupted deliveries as sent; sends nothing)';

/** What the command line asked for. */
export interface NotifyCommandOptions {
  /** First run: mail what is already published. */
  readonly includeExisting: boolean;
  /** Send again the deliveries a past run left `handed` (same Message-ID). */
  readonly resendInterrupted: boolean;
  /** Only record the deliveries a past run left `handed` as sent, without resending; send nothing. */
  readonly markInterruptedSent: boolean;
  /** Parallel sends. */
  readonly concurrency: number;
  /** Attempts per delivery in this run. */
  readonly maxAttempts: number;
  /** First retry delay, milliseconds. */
  readonly retryBaseMs: number;
  /** No progress lines. */
  readonly quiet: boolean;
}

/** A positive whole number, or an error naming the option. */
function parsePositiveInteger(name: string, value: string): number {
  const number = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new Error(
      `--${name} must be a whole number of at least 1, not "${value}".\n${notifyUsage}`,
    );
  }
  return number;
}

/** Parses notify's arguments; throws an error whose message ends with the usage line. */
export function parseNotifyArgs(args: readonly string[]): NotifyCommandOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        'include-existing': { type: 'boolean', default: false },
        'resend-interrupted': { type: 'boolean', default: false },
        'mark-interrupted-sent': { type: 'boolean', default: false },
        concurrency: { type: 'string', default: '5' },
        'max-attempts': { type: 'string', default: String(defaultRetryPolicy.maxAttempts) },
        'retry-base-ms': { type: 'string', default: String(defaultRetryPolicy.baseDelayMs) },
        quiet: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${notifyUsage}`, { cause: error });
  }
  if (values['mark-interrupted-sent']) {
    // It answers "interrupted" the other way from these two; both at once is a mistake.
    for (const other of ['resend-interrupted', 'include-existing'] as const) {
      if (values[other]) {
        throw new Error(
          `--mark-interrupted-sent sends nothing and cannot be combined with --${other}.\n${notifyUsage}`,
        );
      }
    }
  }
  return {
    includeExisting: values['include-existing'],
    resendInterrupted: values['resend-interrupted'],
    markInterruptedSent: values['mark-interrupted-sent'],
    concurrency: parsePositiveInteger('concurrency', values.concurrency),
    maxAttempts: parsePositiveInteger('max-attempts', values['max-attempts']),
    retryBaseMs: parsePositiveInteger('retry-base-ms', values['retry-base-ms']),
    quiet: values.quiet,
  };
}
