import { createServer } from 'node:net';
import { expect, test } from 'vitest';
import { findFreePort } from '../../../scripts/lib/free-port.ts';

test('the port it finds can be listened on at once', async () => {
  const port = await findFreePort();
  expect(port).toBeGreaterThan(0);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  await new Promise((resolve) => server.close(resolve));
});

test('an address it cannot listen on is an error, not a port', async () => {
  await expect(findFreePort('192.0.2.1')).rejects.toThrow(/EADDRNOTAVAIL/);
});
