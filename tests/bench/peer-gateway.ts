import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
// Not the package root: this process measures the Hive gateway's memory, not our server's.
import type { Viewer } from '@registry/lib/viewer-header';
import { encodeViewerHeaders } from '@registry/lib/viewer-header';

/** A gateway of another make serving the same supergraph over the same running subgraphs. */
export interface PeerGateway {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Points the committed supergraph at the running subgraphs: its `@join__graph` URLs are the
 * standalone defaults (127.0.0.1:4001–4004), the in-process stack listens on free ports.
 */
function withSubgraphUrls(supergraphSdl: string, urls: Readonly<Record<string, string>>): string {
  return supergraphSdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (_match, name: string) => {
    const url = urls[name];
    if (!url) throw new Error(`Expected a running subgraph named ${name}, have ${Object.keys(urls).join(', ')}`);
    return `@join__graph(name: "${name}", url: "${url}")`;
  });
}

export interface HiveGatewayOptions {
  supergraphSdl: string;
  subgraphUrls: Readonly<Record<string, string>>;
  /** The viewer signed onto every subgraph request, as our gateway signs its caller. */
  viewer: Viewer;
  internalSecret: string;
  /**
   * Hive Gateway shares one subgraph request among identical queries in flight at once (its HTTP
   * executor's `deduplicateInflightRequests`, on by default). With every client of a benchmark
   * sending the same query that saves most of the subgraphs' work, which @apollo/gateway does
   * not do; off, both gateways do the same work.
   */
  deduplicate: boolean;
  /**
   * Plan with the Rust query planner (`@graphql-hive/router-runtime`, a native module shipped per
   * platform in `@graphql-hive/router-query-planner`) instead of the JavaScript one.
   */
  rustPlanner: boolean;
}

/**
 * Hive Gateway (`@graphql-hive/gateway-runtime`, a fetch-API handler) on node:http. Subgraphs
 * trust only a signed viewer header bound to one subgraph and one minute, so it signs `viewer`
 * for each subgraph request. Our gateway does more per request: it verifies the caller's JWT.
 *
 */
export async function startHiveGateway(options: HiveGatewayOptions): Promise<PeerGateway> {
  // Loaded only when asked for, so the other peers' processes hold nothing of it.
  const planner = options.rustPlanner
    ? { unifiedGraphHandler: (await import('@graphql-hive/router-runtime')).unifiedGraphHandler }
    : {};
  const runtime = createGatewayRuntime({
    ...planner,
    supergraph: withSubgraphUrls(options.supergraphSdl, options.subgraphUrls),
    logging: false,
    landingPage: false,
    graphiql: false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ subgraphName }) =>
        encodeViewerHeaders(options.viewer, options.internalSecret, {
          audience: subgraphName,
          requestId: randomUUID(),
        }),
    },
    ...(options.deduplicate
      ? {}
      : { transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } } }),
  });
  // node:http rather than the registry's `listen`: a Hive Gateway process then loads nothing of the registry but the viewer header.
  // The handler answers the response itself; the promise it returns only says when it is done.
  const server = createServer((request, response) => void runtime(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string')
    throw new Error(`Expected a TCP address after listen, got ${String(address)}`);
  return {
    url: `http://127.0.0.1:${address.port}/graphql`,
    stop: async () => {
      const closed = new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      server.closeAllConnections();
      await closed;
      await runtime.dispose();
    },
  };
}
