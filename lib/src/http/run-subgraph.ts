import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { loadSecurityConfig } from '../config';
import { migrate, openOrm } from '../db/orm';
import type { SubgraphDefinition } from '../subgraph';
import type { RunningServer } from './subgraph-server';
import { startSubgraphServer } from './subgraph-server';

export interface OpenedSubgraph {
  readonly orm: MikroORM;
  readonly schema: GraphQLSchema;
}

/** Opens the subgraph's database (applying its migrations) and builds its schema. */
export async function openSubgraph(subgraph: SubgraphDefinition<unknown>, databaseUrl: string): Promise<OpenedSubgraph> {
  const orm = await openOrm(databaseUrl, subgraph);
  try {
    await migrate(orm);
    return { orm, schema: await subgraph.buildSchema() };
  } catch (error) {
    await orm.close();
    throw error;
  }
}

/**
 * Entry point of a subgraph deployed as its own process: DATABASE_URL is required here (the
 * embedded database belongs to the development stack, which runs all subgraphs in one process).
 */
export async function runSubgraphProcess(subgraph: SubgraphDefinition<unknown>, options: { defaultPort: number }): Promise<RunningServer> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error(`The ${subgraph.name} subgraph needs DATABASE_URL when run on its own`);
  const security = loadSecurityConfig();
  const { orm, schema } = await openSubgraph(subgraph, databaseUrl);
  const server = await startSubgraphServer({
    subgraph,
    schema,
    orm,
    internalSecret: security.internalSecret,
    environment: security.environment,
    limits: security.operationLimits,
    port: Number(process.env['PORT'] ?? options.defaultPort),
    host: process.env['HOST'] ?? '127.0.0.1',
  });
  console.log(`${subgraph.name} subgraph at ${server.url}`);
  const stopBackground = subgraph.background?.(orm);
  const stop = async (): Promise<void> => {
    await server.close();
    await stopBackground?.();
    await orm.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return server;
}
