/**
 * A Mailer whose work happens on a worker thread (mail-thread.ts). The service
 * answers sign-ups on its main thread and hands each confirmation email over;
 * building the message and the SMTP exchange then use the other core instead
 * of delaying the next request. Send hooks (notify's onHanded) do not cross
 * threads, so notify keeps using a mailer of its own (wiring.ts
 * `createConfiguredMailer`, which the thread also uses to build the real one).
 */
import { Worker } from 'node:worker_threads';
import type { Mailer, MailerSettings, OutgoingMessage, SendReceipt } from './mailer.ts';

/** A message from the main thread to the worker. */
export type MailThreadRequest =
  | { readonly type: 'send'; readonly id: number; readonly message: OutgoingMessage }
  | { readonly type: 'close' };

/** A message from the worker to the main thread. */
export type MailThreadReply =
  | { readonly type: 'sent'; readonly id: number; readonly receipt: SendReceipt }
  | {
      readonly type: 'failed';
      readonly id: number;
      readonly error: {
        message: string;
        responseCode?: number | undefined;
        code?: string | undefined;
      };
    }
  | { readonly type: 'closed' };

/** Starts the mail thread and returns a Mailer that forwards to it. */
export function createThreadedMailer(settings: MailerSettings, description: string): Mailer {
  const worker = new Worker(new URL('./mail-thread.ts', import.meta.url), { workerData: settings });
  const pending = new Map<
    number,
    { resolve: (r: SendReceipt) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  let closed: (() => void) | undefined;
  worker.on('message', (reply: MailThreadReply) => {
    if (reply.type === 'closed') return closed?.();
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.type === 'sent') return waiting?.resolve(reply.receipt);
    // Rebuilt with the fields classifySendError reads (responseCode, code).
    waiting?.reject(Object.assign(new Error(reply.error.message), reply.error));
  });
  worker.on('error', (error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  });
  // The service's process may exit while the thread idles.
  worker.unref();
  return {
    description,
    send(message) {
      const id = nextId++;
      return new Promise<SendReceipt>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'send', id, message } satisfies MailThreadRequest);
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        closed = resolve;
        worker.postMessage({ type: 'close' } satisfies MailThreadRequest);
      });
      await worker.terminate();
    },
  };
}
