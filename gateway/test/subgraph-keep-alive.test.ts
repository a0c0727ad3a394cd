import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Listening } from '@registry/lib';
import { listen } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphFetcher } from '../src/subgraph-fetcher';

/**
 * The race behind the ECONNRESETs between gateway and subgraphs, on loopback: the client sends a
 * request on a keep-alive socket in the moment the server closes it for being idle too long. Under
 * long requests sockets idle for seconds between a request's subgraph fetches, so some land on
 * that moment. The server's timeout is 2 s here (the smallest whose `Keep-Alive: timeout=2` hint
 * still lets Node's agent keep the socket).
 */
const KEEP_ALIVE_MS = 2_000;
let server: Listening;
let slowMs = 0;

beforeAll(async () => {
  server = await listen(
    (req, res) => {
      req.resume();
      req.on('end', () => {
        setTimeout(() => {
          res.setHeader('content-type', 'application/json');
          res.end('{"data":{"ok":true}}');
        }, slowMs);
      });
    },
    0,
    '127.0.0.1',
    { keepAliveTimeoutMs: KEEP_ALIVE_MS },
  );
});
afterAll(() => server?.close());

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/**
 * Node 20's server closes an idle keep-alive socket about 1 s after its keepAliveTimeout (a
 * margin for clients that follow its `Keep-Alive: timeout` hint); a request sent on it in that
 * moment is reset. Offsets around that moment, in ms past keepAliveTimeout.
 */
const OFFSETS_MS = [990, 994, 996, 998, 999, 1000, 1001, 1002, 1004, 1006, 1010];

/** Requests on a keep-alive socket idle for just about as long as the server keeps it; the error codes of those that failed. */
async function spacedRequests(fetcher: Fetcher): Promise<string[]> {
  const failures: string[] = [];
  const send = async (): Promise<void> => {
    try {
      const response = await fetcher(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ ok }"}',
      });
      await response.text();
    } catch (error) {
      failures.push(error instanceof Error && 'code' in error ? String(error.code) : String(error));
    }
  };
  // Side by side, each on a socket of its own (the first requests go out together): one wait for all.
  for (let round = 0; round < 2; round += 1) {
    await Promise.all(
      OFFSETS_MS.map(async (offset) => {
        await send();
        await new Promise((resolve) => setTimeout(resolve, KEEP_ALIVE_MS + offset));
        await send();
      }),
    );
  }
  return failures;
}

describe('keep-alive between gateway and subgraph', () => {
  it('Apollo’s default fetcher hits ECONNRESET on a socket the server is closing', async () => {
    const failures = await spacedRequests(new RemoteGraphQLDataSource({ url: server.url }).fetcher);
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures)).toEqual(new Set(['ECONNRESET']));
  }, 20_000);

  it('the gateway’s fetcher closes idle sockets before the server does: no request fails', async () => {
    const failures = await spacedRequests(createSubgraphFetcher({ idleSocketMs: KEEP_ALIVE_MS / 2 }));
    expect(failures).toEqual([]);
  }, 20_000);

  it('the gateway’s idle timeout does not cut a request that takes longer than it', async () => {
    slowMs = 700;
    try {
      const fetcher = createSubgraphFetcher({ idleSocketMs: 300 });
      const response = await fetcher(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(await response.json()).toEqual({ data: { ok: true } });
    } finally {
      slowMs = 0;
    }
  });

  it('subgraph servers keep idle connections far longer than the gateway does', async () => {
    const { SERVER_KEEP_ALIVE_TIMEOUT_MS } = await import('@registry/lib');
    const { SUBGRAPH_IDLE_SOCKET_MS } = await import('../src/subgraph-fetcher');
    expect(SERVER_KEEP_ALIVE_TIMEOUT_MS - SUBGRAPH_IDLE_SOCKET_MS).toBeGreaterThanOrEqual(30_000);
  });
});
