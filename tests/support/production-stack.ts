import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { RunningStack } from '@registry/stack';
import { loadDemoUnion, SUBGRAPHS } from '@registry/stack';
import type { SecurityConfig } from '@registry/lib';
import { loadQrKeys, loadSecurityConfig, openOrm } from '@registry/lib';
import { findFreePort } from '@registry/lib/testing';
import { seedDemoUnion } from '@registry/organizations';
import { PROJECT_ROOT, ServiceProcess } from './service-process';

/** `REGISTRY_STACK=production` (`npm run test:production`): the e2e tests run against the build, each service its own process. */
export const PRODUCTION_STACK = process.env['REGISTRY_STACK'] === 'production';

/** The ORMs the test process opens on the stack's database: a few connections each, for reads and the demo's load. */
const TEST_POOL_MAX = 3;

export interface ProductionStack extends RunningStack {
  readonly security: SecurityConfig;
  /** Each running service by name (`gateway`, `organizations`, …), its log lines and stderr. */
  readonly services: ReadonlyMap<string, ServiceProcess>;
}

/**
 * The registry as a deployment runs it (README, "Production"): every subgraph and the gateway
 * started from `dist/` with plain `node`, NODE_ENV=production, secrets of this run (at least 32
 * characters, never the development defaults), the test's `env` in every process's environment.
 * In the same order as `startStack`: the subgraphs (each migrating on start, one after another,
 * because their migrations share `create extension`), the demo, then the gateway. The demo is
 * loaded from the test process through ORMs of its own on the same database, which the tests
 * also read through (`subgraphs.get(name).orm`).
 */
export async function startProductionStack(options: {
  databaseUrl: string;
  env: Record<string, string>;
  demo: 'union' | 'organizations';
}): Promise<ProductionStack> {
  await assertBuilt();
  const secrets = {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    REGISTRY_INTERNAL_SECRET: randomBytes(32).toString('hex'),
    CARD_QR_KEYS: JSON.stringify({ e2e: randomBytes(32).toString('hex') }),
    CARD_QR_ACTIVE_KEY: 'e2e',
  };
  // Warnings and errors only, unless a test asks for more: every request's access line, parsed, is CPU the tests need.
  const common = { LOG_LEVEL: 'warn', ...secrets, ...options.env };
  const security = loadSecurityConfig(common);
  const services = new Map<string, ServiceProcess>();
  const orms: MikroORM[] = [];
  const subgraphs = new Map<string, { url: string; orm: MikroORM }>();
  const stop = async (): Promise<void> => {
    for (const service of [...services.values()].reverse()) await service.stop();
    for (const orm of orms) await orm.close();
  };
  try {
    for (const { definition } of SUBGRAPHS) {
      const port = await findFreePort();
      const service = new ServiceProcess(`subgraphs/${definition.name}/dist/server.js`, {
        ...common,
        DATABASE_URL: options.databaseUrl,
        PORT: String(port),
      });
      services.set(definition.name, service);
      await service.waitForHealth(`http://127.0.0.1:${port}`);
      // Opened after the process migrated: the test process only reads and seeds, it never migrates.
      const orm = await openOrm(options.databaseUrl, definition, { poolMax: TEST_POOL_MAX });
      orms.push(orm);
      subgraphs.set(definition.name, { url: `http://127.0.0.1:${port}/graphql`, orm });
    }
    const orm = (name: string): MikroORM => {
      const subgraph = subgraphs.get(name);
      if (!subgraph) throw new Error(`The demo needs the ${name} subgraph, which the stack did not start`);
      return subgraph.orm;
    };
    if (options.demo === 'organizations') await seedDemoUnion(orm('organizations').em.fork());
    else
      // Signed with the keys the cards processes verify with.
      await loadDemoUnion(
        {
          organizations: orm('organizations'),
          members: orm('members'),
          cards: orm('cards'),
          statistics: orm('statistics'),
        },
        loadQrKeys(common),
      );
    const port = await findFreePort();
    const subgraphUrls = Object.fromEntries([...subgraphs].map(([name, { url }]) => [name, url]));
    const gateway = new ServiceProcess('gateway/dist/main.js', {
      ...common,
      PORT: String(port),
      SUBGRAPH_URLS: JSON.stringify(subgraphUrls),
    });
    services.set('gateway', gateway);
    await gateway.waitForHealth(`http://127.0.0.1:${port}`);
    return { gatewayUrl: `http://127.0.0.1:${port}/graphql`, subgraphs, security, services, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The build is `npm run test:production`'s first step; without it the processes would run an old dist or none. */
async function assertBuilt(): Promise<void> {
  for (const entry of [
    ...SUBGRAPHS.map(({ definition }) => `subgraphs/${definition.name}/dist/server.js`),
    'gateway/dist/main.js',
  ]) {
    try {
      await access(join(PROJECT_ROOT, entry));
    } catch {
      throw new Error(
        `REGISTRY_STACK=production runs the build, and ${entry} is missing: run \`npm run build\` first (npm run test:production does)`,
      );
    }
  }
}
