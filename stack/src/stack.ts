import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { cardsSettingsOf } from '@registry/cards';
import { startGatewayServer } from '@registry/gateway';
import type { QrKeys, RegistryConfig, RunningServer } from '@registry/lib';
import { closeProcessRuntime, createProcessRuntime, openSubgraph, startSubgraphServer } from '@registry/lib';
import { seedDemoUnion } from '@registry/organizations';
import { SUBGRAPHS } from './subgraphs';
import { loadDemoUnion } from './demo/demo-union';

export const PROJECT_ROOT = join(__dirname, '..', '..');

export interface StackOptions {
  databaseUrl: string;
  /**
   * The process's settings, read by its entry: secrets, the subgraphs' ORM pools and replicas
   * (DB_POOL_MAX, DATABASE_REPLICA_URLS), rate limits, the cards' QR keys, GATEWAY_INTROSPECT.
   */
  config: RegistryConfig;
  /**
   * The gateway's port; 0 picks a free one (tests). Subgraphs always take free ports: the gateway
   * is handed their actual URLs (the supergraph's committed 4001–4004 are for production), so a
   * chosen PORT never collides with them, nor a second stack with the first.
   */
  gatewayPort: number;
  /** Load the demo union when the registry is empty. */
  seedDemo: boolean;
  /**
   * What the demo holds: the whole union (members, cards, purchases, reports, forms; the default)
   * or only the organization tree, which tests that count rows start from.
   */
  demoContent?: 'union' | 'organizations';
  graphiqlToken?: string;
}

export interface RunningStack {
  readonly gatewayUrl: string;
  /** Per subgraph: its URL and ORM (tests count its SQL statements). */
  readonly subgraphs: ReadonlyMap<string, { url: string; orm: MikroORM }>;
  stop(): Promise<void>;
}

/**
 * The whole registry in one process, for development and end-to-end tests: every subgraph
 * migrates its own schema and listens on its own port, and the gateway serves the committed
 * supergraph over them. Production runs each `server.ts` as its own process instead.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const supergraphSdl = await readFile(join(PROJECT_ROOT, 'schema', 'supergraph.graphql'), 'utf8');
  const servers: RunningServer[] = [];
  const orms: MikroORM[] = [];
  const backgrounds: (() => Promise<void>)[] = [];
  const subgraphs = new Map<string, { url: string; orm: MikroORM }>();
  const { config } = options;
  // One runtime for every subgraph of the process: their limiters share one store, as in production.
  const runtime = createProcessRuntime(config);
  const stop = async (): Promise<void> => {
    for (const server of servers.reverse()) await server.close();
    for (const stopBackground of backgrounds) await stopBackground();
    await closeProcessRuntime(runtime);
    for (const orm of orms) await orm.close();
  };
  try {
    // One after another: migrations share `create extension`, which must not race.
    for (const { definition } of SUBGRAPHS) {
      const { orm, schema } = await openSubgraph(definition, options.databaseUrl, config.database);
      orms.push(orm);
      const server = await startSubgraphServer({
        subgraph: definition,
        schema,
        orm,
        runtime,
        internalSecret: config.security.internalSecret,
        environment: config.security.environment,
        limits: config.security.operationLimits,
        port: 0,
      });
      servers.push(server);
      subgraphs.set(definition.name, { url: server.url, orm });
      if (definition.background) backgrounds.push(definition.background(orm, runtime));
    }
    if (options.seedDemo) await seedDemo(subgraphs, options.demoContent ?? 'union', cardsSettingsOf(config).qrKeys);
    const gateway = await startGatewayServer({
      supergraphSdl,
      security: config.security,
      subgraphUrls: Object.fromEntries([...subgraphs].map(([name, { url }]) => [name, url])),
      port: options.gatewayPort,
      introspect: config.gateway.introspect,
      ...(options.graphiqlToken ? { graphiqlToken: options.graphiqlToken } : {}),
    });
    servers.push(gateway);
    return { gatewayUrl: gateway.url, subgraphs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function seedDemo(
  subgraphs: ReadonlyMap<string, { orm: MikroORM }>,
  content: 'union' | 'organizations',
  qrKeys: QrKeys,
): Promise<void> {
  const orm = (name: string): MikroORM => {
    const subgraph = subgraphs.get(name);
    if (!subgraph) throw new Error(`The demo needs the ${name} subgraph, which the stack did not start`);
    return subgraph.orm;
  };
  if (content === 'organizations') await seedDemoUnion(orm('organizations').em.fork());
  else
    await loadDemoUnion(
      {
        organizations: orm('organizations'),
        members: orm('members'),
        cards: orm('cards'),
        statistics: orm('statistics'),
      },
      qrKeys,
    );
}
