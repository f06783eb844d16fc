/**
 * A free TCP port, for the few servers whose port must be known before they
 * start (nginx's config, a public URL written into emails, a child process's
 * environment). Servers we start ourselves should listen on port 0 instead.
 */
import { createServer } from 'node:net';

/**
 * Finds a TCP port free on `host` (loopback by default) by listening on port 0
 * and closing again. Another process could take it in between; callers start
 * their server right away.
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, host, resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error(`No port was free on ${host}.`);
  return address.port;
}
