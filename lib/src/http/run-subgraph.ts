import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { RegistryConfig } from '../config';
import { DEFAULT_DB_POOL_MAX } from '../config';
import type { OrmDatabaseOptions } from '../db/orm';
import { migrate, openOrm } from '../db/orm';
import { configureLogging, logger } from '../log/logger';
import { closeProcessRuntime, createProcessRuntime } from '../runtime';
import type { SubgraphDefinition } from '../subgraph';
import type { RunningServer } from './subgraph-server';
import { startSubgraphServer } from './subgraph-server';

export interface OpenedSubgraph {
  readonly orm: MikroORM;
  readonly schema: GraphQLSchema;
}

/** Opens the subgraph's database (applying its migrations) and builds its schema. */
export async function openSubgraph(
  subgraph: SubgraphDefinition<unknown>,
  databaseUrl: string,
  database: OrmDatabaseOptions = { poolMax: DEFAULT_DB_POOL_MAX },
): Promise<OpenedSubgraph> {
  const orm = await openOrm(databaseUrl, subgraph, database);
  try {
    await migrate(orm);
    return { orm, schema: await subgraph.buildSchema() };
  } catch (error) {
    await orm.close();
    throw error;
  }
}

/**
 * Entry point of a subgraph deployed as its own process, with the configuration its `server.ts`
 * read: DATABASE_URL is required here (the embedded database belongs to the development stack,
 * which runs all subgraphs in one process).
 */
export async function runSubgraphProcess(
  subgraph: SubgraphDefinition<unknown>,
  options: { config: RegistryConfig; defaultPort: number; stopTracing?: () => Promise<void> },
): Promise<RunningServer> {
  const { config } = options;
  configureLogging(config.logging);
  const databaseUrl = config.database.url;
  if (!databaseUrl) throw new Error(`The ${subgraph.name} subgraph needs DATABASE_URL when run on its own`);
  const { orm, schema } = await openSubgraph(subgraph, databaseUrl, config.database);
  const runtime = createProcessRuntime(config);
  const server = await startSubgraphServer({
    subgraph,
    schema,
    orm,
    runtime,
    internalSecret: config.security.internalSecret,
    environment: config.environment,
    limits: config.security.operationLimits,
    port: config.http.port ?? options.defaultPort,
    host: config.http.host,
  });
  logger.info({ service: subgraph.name, url: server.url }, 'subgraph listening');
  const stopBackground = subgraph.background?.(orm, runtime);
  const stop = async (signal: string): Promise<void> => {
    logger.info({ service: subgraph.name, signal }, 'stopping');
    await server.close();
    await stopBackground?.();
    await closeProcessRuntime(runtime);
    await orm.close();
    await options.stopTracing?.();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return server;
}
