import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { RequestListener } from 'node:http';

export interface Listening {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on host:port (port 0 picks a free one) and reports the URL actually bound. */
export function listen(handler: RequestListener, port: number, host: string): Promise<Listening> {
  const server = createServer(handler);
  // Keep-alive connections from the gateway would otherwise hold close() open.
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      if (!address || typeof address === 'string') {
        reject(new Error(`Expected a TCP address after listen, got ${String(address)}`));
        return;
      }
      resolve({ server, url: `http://${host}:${address.port}`, close });
    });
  });
}
