import type { RequestListener, Server } from 'node:http';
import { createServer } from 'node:http';
import { CommandError } from '../errors/command-error';

export interface Listening {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The port asked for is taken. Its message names the address and what to do, because Node's own
 * `EADDRINUSE 127.0.0.1:4001` leaves a newcomer guessing which of the stack's servers it was.
 */
export class PortInUseError extends CommandError {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(
      `Port ${port} on ${host} is already in use by another process (another \`npm start\`?). ` +
        `Stop that process (\`ss -ltnp | grep :${port}\` shows it) or choose a free port, e.g. PORT=${port === 4100 ? 4200 : 4100} npm start`,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * How long a server keeps an idle keep-alive connection: far above the gateway's own idle-socket
 * timeout (`SUBGRAPH_IDLE_SOCKET_MS`, 30 s), because the side that closes an idle socket must be
 * the client: a request the client sends on it in the moment the server closes it fails with
 * ECONNRESET (gateway/test/subgraph-keep-alive.test.ts). Node's default is 5 s.
 */
export const SERVER_KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface ListenOptions {
  /** Idle keep-alive connections are closed after this; tests set a small one. */
  readonly keepAliveTimeoutMs?: number;
}

/** Listens on host:port (port 0 picks a free one) and reports the URL actually bound. */
export function listen(
  handler: RequestListener,
  port: number,
  host: string,
  options: ListenOptions = {},
): Promise<Listening> {
  const server = createServer(handler);
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? SERVER_KEEP_ALIVE_TIMEOUT_MS;
  // Node's advice: headersTimeout above keepAliveTimeout, so an idle connection is never cut as a
  // slow request's headers would be.
  server.headersTimeout = server.keepAliveTimeout + 1_000;
  // Keep-alive connections from the gateway would otherwise hold close() open.
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error),
    );
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
