import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, test } from 'vitest';
import { classifySendError } from '../../src/followers/mailer.ts';
import { createThreadedMailer } from '../../src/followers/threaded-mailer.ts';
import { findFreePort } from '../../scripts/lib/free-port.ts';

const work = mkdtempSync(join(tmpdir(), 'threaded-mailer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const message = {
  to: 'reader@example.com',
  subject: 'Confirm',
  text: 'Hello',
  html: '<p>Hello</p>',
  messageId: '<test-1@blog.example>',
  headers: {},
};

describe('createThreadedMailer', () => {
  test('sends on the mail thread and resolves with the receipt', async () => {
    const outboxDir = join(work, 'outbox');
    const mailer = createThreadedMailer(
      { smtpUrl: null, outboxDir, from: 'Blog <blog@example.com>' },
      'outbox',
    );
    try {
      const receipt = await mailer.send(message);
      expect(receipt.messageId).toBe(message.messageId);
      expect(readdirSync(outboxDir).filter((name) => name.endsWith('.eml'))).toHaveLength(1);
    } finally {
      await mailer.close();
    }
  });

  test('a failure on the thread rejects with the fields the retry logic reads', async () => {
    // Nothing listens on this port: the connection is refused.
    const port = await findFreePort();
    const mailer = createThreadedMailer(
      { smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir: work, from: 'blog@example.com' },
      'smtp',
    );
    try {
      const error = await mailer.send(message).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as { code?: string }).code).toBe('ESOCKET');
      expect(classifySendError(error)).toBe('temporary');
    } finally {
      await mailer.close();
    }
  });

  test('an SMTP 5xx answer keeps its responseCode across the thread (permanent)', async () => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
      },
    });
    const port = await findFreePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const mailer = createThreadedMailer(
      { smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir: work, from: 'blog@example.com' },
      'smtp',
    );
    try {
      const error = await mailer.send(message).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect((error as { responseCode?: number }).responseCode).toBe(550);
      expect(classifySendError(error)).toBe('permanent');
    } finally {
      await mailer.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
