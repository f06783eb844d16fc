/**
 * Worker-thread side of the threaded mailer (see threaded-mailer.ts): builds
 * the configured mailer here and sends what the service's main thread posts,
 * so composing MIME and talking SMTP never compete with answering requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MailerSettings, OutgoingMessage } from './mailer.ts';
import type { MailThreadReply, MailThreadRequest } from './threaded-mailer.ts';
import { createConfiguredMailer } from './wiring.ts';

const mailer = createConfiguredMailer(workerData as MailerSettings);
const port = parentPort;
if (!port) throw new Error('mail-thread.ts runs only as a worker thread');

port.on('message', (request: MailThreadRequest) => {
  if (request.type === 'close') {
    void mailer.close().then(() => port.postMessage({ type: 'closed' } satisfies MailThreadReply));
    return;
  }
  const { id, message } = request as { id: number; message: OutgoingMessage };
  mailer.send(message).then(
    (receipt) => port.postMessage({ type: 'sent', id, receipt } satisfies MailThreadReply),
    (error: unknown) => {
      const {
        message: text,
        responseCode,
        code,
      } = error as {
        message?: string;
        responseCode?: number;
        code?: string;
      };
      port.postMessage({
        type: 'failed',
        id,
        error: { message: String(text ?? error), responseCode, code },
      } satisfies MailThreadReply);
    },
  );
});
