import { Agent } from 'node:http';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import fetch from 'node-fetch';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/**
 * How long the gateway keeps an idle connection to a subgraph. Well below the subgraphs' own
 * keep-alive timeout (`SERVER_KEEP_ALIVE_TIMEOUT_MS`, 65 s), so the gateway always closes an idle
 * socket first and never sends a request on one the subgraph is closing.
 */
export const SUBGRAPH_IDLE_SOCKET_MS = 30_000;

/**
 * The gateway's HTTP client for subgraph requests: node-fetch over a keep-alive agent whose free
 * sockets time out after `idleSocketMs`. Apollo's default (make-fetch-happen) keeps free sockets
 * with no timeout of its own, so the subgraph's server closes them: a request sent on such a
 * socket in the moment the server closes it fails with ECONNRESET (Node's agent honours the
 * server's `Keep-Alive: timeout` hint only with a 1 s margin, and only when the agent has a
 * timeout at all). The agent's timeout applies to free sockets only: a long request is not cut.
 */
export function createSubgraphFetcher({
  idleSocketMs = SUBGRAPH_IDLE_SOCKET_MS,
}: { idleSocketMs?: number } = {}): Fetcher {
  const agent = new Agent({ keepAlive: true, timeout: idleSocketMs });
  return (url, init) => fetch(url, { ...init, agent });
}
