import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegistryConfig, RunningServer } from '@registry/lib';
import { configureLogging, logger } from '@registry/lib';
import { startGatewayServer } from './gateway-server';

/** The committed supergraph: what was reviewed is what is served (never composed at start). */
const SUPERGRAPH_PATH = join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql');

/**
 * Runs the gateway as a deployment does: the committed supergraph, subgraph URLs from the
 * supergraph's `@join__graph(url:)` unless SUBGRAPH_URLS overrides some, PORT (default 4000) and
 * HOST (default loopback), every other setting from the configuration `main.ts` read (README, "Settings").
 */
export async function runGatewayProcess(
  config: RegistryConfig,
  stopTracing: (() => Promise<void>) | null,
): Promise<RunningServer> {
  configureLogging(config.logging);
  const supergraphSdl = await readFile(SUPERGRAPH_PATH, 'utf8');
  const server = await startGatewayServer({
    supergraphSdl,
    security: config.security,
    ...(config.gateway.subgraphUrls ? { subgraphUrls: config.gateway.subgraphUrls } : {}),
    introspect: config.gateway.introspect,
    port: config.http.port ?? 4000,
    host: config.http.host,
  });
  logger.info({ service: 'gateway', url: server.url }, 'gateway listening');
  const stop = async (signal: string): Promise<void> => {
    logger.info({ service: 'gateway', signal }, 'stopping');
    await server.close();
    await stopTracing?.();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return server;
}
