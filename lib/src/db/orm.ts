import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM } from '@mikro-orm/postgresql';
import type { DatabaseConfig } from '../config';
import { DEFAULT_DB_POOL_MAX } from '../config';
import type { SubgraphDefinition } from '../subgraph';
import { ReplicaRoutingDriver, ReplicaRoutingEntityManager, replicaOptions } from './read-replicas';

/** What the ORM takes of the database settings; replicas are optional (tests and CLIs open none). */
export type OrmDatabaseOptions = Pick<DatabaseConfig, 'poolMax'> & Partial<Pick<DatabaseConfig, 'replicaUrls'>>;

/**
 * Opens the subgraph's MikroORM on its own PostgreSQL schema. Schema changes come from
 * migrations only, never from schema sync at start-up. With `replicaUrls` (DATABASE_REPLICA_URLS)
 * only queries whose request switched its entity manager read from them (`read-replicas.ts`);
 * everything else — migrations, background jobs, mutations — stays on the primary.
 */
export async function openOrm(
  databaseUrl: string,
  subgraph: SubgraphDefinition<unknown>,
  database: OrmDatabaseOptions = { poolMax: DEFAULT_DB_POOL_MAX },
): Promise<MikroORM> {
  return MikroORM.init(
    defineConfig({
      clientUrl: databaseUrl,
      driver: ReplicaRoutingDriver,
      entityManager: ReplicaRoutingEntityManager,
      replicas: replicaOptions(database.replicaUrls ?? []),
      preferReadReplicas: false,
      schema: subgraph.dbSchema,
      entities: [...subgraph.entities],
      extensions: [Migrator],
      migrations: {
        migrationsList: [...subgraph.migrations],
        tableName: 'mikro_orm_migrations',
        silent: true,
        transactional: true,
        allOrNothing: true,
        snapshot: false,
      },
      // Entities are listed explicitly; no folder scanning at start-up.
      discovery: { warnWhenNoEntities: subgraph.entities.length > 0, requireEntitiesArray: true },
      allowGlobalContext: false,
      pool: { min: 0, max: database.poolMax },
      // No JIT: the roll-ups are many small joins whose left-join estimates run to millions of
      // rows, and PostgreSQL then spends far longer compiling such a statement than running it
      // (docs/benchmarks.md, "Findings").
      driverOptions: { connection: { options: '-c jit=off' } },
      debug: false,
    }),
  );
}

/** Applies pending migrations of the subgraph; safe to run on every start. */
export async function migrate(orm: MikroORM): Promise<void> {
  await orm.migrator.up();
}
