import { expect, test } from 'vitest';
import { notifyUsage, parseNotifyArgs } from '../../src/followers/notify-options.ts';

test('defaults', () => {
  expect(parseNotifyArgs([])).toEqual({
    includeExisting: false,
    resendInterrupted: false,
    markInterruptedSent: false,
    concurrency: 5,
    maxAttempts: 5,
    retryBaseMs: 1000,
    quiet: false,
  });
});

test.each([
  [['--concurrency', '3'], { concurrency: 3 }],
  [['--max-attempts', '1'], { maxAttempts: 1 }],
  [['--retry-base-ms', '5'], { retryBaseMs: 5 }],
  [['--include-existing', '--quiet'], { includeExisting: true, quiet: true }],
  [['--resend-interrupted'], { resendInterrupted: true }],
  [['--mark-interrupted-sent', '--quiet'], { markInterruptedSent: true, quiet: true }],
])('%j is read', (args, expected) => {
  expect(parseNotifyArgs(args)).toMatchObject(expected);
});

test.each([
  ['--concurrency', 'abc'],
  ['--concurrency', '0'],
  ['--concurrency', '-2'],
  ['--concurrency', '2.5'],
  ['--concurrency', ''],
  ['--max-attempts', 'abc'],
  ['--max-attempts', '0'],
  ['--max-attempts', 'Infinity'],
  ['--max-attempts', '1e3'],
  ['--retry-base-ms', 'NaN'],
  ['--retry-base-ms', ' 5'],
])('%s %j is refused with the usage line', (option, value) => {
  expect(() => parseNotifyArgs([option, value])).toThrow(notifyUsage);
  expect(() => parseNotifyArgs([option, value])).toThrow(option);
});

test.each([['--resend-interrupted'], ['--include-existing']])(
  '--mark-interrupted-sent with %s is refused: it sends nothing',
  (other) => {
    expect(() => parseNotifyArgs(['--mark-interrupted-sent', other])).toThrow(notifyUsage);
    expect(() => parseNotifyArgs(['--mark-interrupted-sent', other])).toThrow(other);
  },
);

test('an unknown option is refused with the usage line', () => {
  expect(() => parseNotifyArgs(['--concurency', '3'])).toThrow(notifyUsage);
});
