import type {
  AnyEntity,
  ConnectionType,
  CountOptions,
  EntityData,
  EntityManager as AnyEntityManager,
  FindOneOptions,
  FindOptions,
  LoggingOptions,
  ObjectQuery,
  PopulatePath,
  Transaction,
} from '@mikro-orm/core';
import type { Knex, QueryResult } from '@mikro-orm/knex';
import { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';

/**
 * Where a request's reads go. The ORM is opened with `preferReadReplicas: false`, so every
 * statement goes to the primary (migrations, background jobs, CLIs, mutations) unless the
 * request's entity manager was switched with {@link ReplicaRoutingEntityManager.readFromReplicas}
 * — which the subgraph server does for a query of a caller who has not written lately
 * (`lib/src/http/read-routing.ts`). MikroORM alone would not do: `em.execute` (the raw SQL most
 * of our reads are) always takes the primary, and the option is per ORM, not per request.
 */
export class ReplicaRoutingEntityManager extends EntityManager<PostgreSqlDriver> {
  #replicas = false;

  /** Sends this manager's reads outside transactions to a random replica, when the ORM has any. */
  readFromReplicas(): void {
    this.#replicas = this.config.get('replicas', []).length > 0;
  }

  get readsFromReplicas(): boolean {
    return this.#replicas;
  }

  override async execute<
    T extends QueryResult | EntityData<AnyEntity> | EntityData<AnyEntity>[] = EntityData<AnyEntity>[],
  >(
    queryOrKnex: string | Knex.QueryBuilder | Knex.Raw,
    params: unknown[] = [],
    method: 'all' | 'get' | 'run' = 'all',
    loggerContext?: LoggingOptions,
  ): Promise<T> {
    const inTransaction = this.getContext(false).getTransactionContext() !== undefined;
    if (!this.#replicas || inTransaction || method === 'run' || !isPlainRead(queryOrKnex))
      return super.execute<T>(queryOrKnex, params, method, loggerContext);
    try {
      return await this.getConnection('read').execute<T>(queryOrKnex, params, method, undefined, loggerContext);
    } catch (error) {
      if (replicaCannotAnswer(error)) return super.execute<T>(queryOrKnex, params, method, loggerContext);
      throw error instanceof Error ? this.getDriver().convertException(error) : error;
    }
  }
}

/**
 * Entity reads (`em.find`, `findOne`, `count`) of a manager switched to replicas take the read
 * connection; the options carry the manager, which is how the driver knows.
 */
export class ReplicaRoutingDriver extends PostgreSqlDriver {
  override async find<
    T extends object,
    P extends string = never,
    F extends string = PopulatePath.ALL,
    E extends string = never,
  >(entityName: string, where: ObjectQuery<T>, options: FindOptions<T, P, F, E> = {}): Promise<EntityData<T>[]> {
    if (!toReplica(options)) return super.find(entityName, where, options);
    return super.find(entityName, where, { ...options, connectionType: 'read' }).catch((error: unknown) => {
      if (replicaCannotAnswer(error)) return super.find(entityName, where, options);
      throw error;
    });
  }

  override async findOne<
    T extends object,
    P extends string = never,
    F extends string = PopulatePath.ALL,
    E extends string = never,
  >(
    entityName: string,
    where: ObjectQuery<T>,
    options: FindOneOptions<T, P, F, E> = {},
  ): Promise<EntityData<T> | null> {
    if (!toReplica(options)) return super.findOne(entityName, where, options);
    return super.findOne(entityName, where, { ...options, connectionType: 'read' }).catch((error: unknown) => {
      if (replicaCannotAnswer(error)) return super.findOne(entityName, where, options);
      throw error;
    });
  }

  override async count<T extends object>(
    entityName: string,
    where: ObjectQuery<T>,
    options: CountOptions<T> = {},
  ): Promise<number> {
    if (!toReplica(options)) return super.count(entityName, where, options);
    return super.count(entityName, where, { ...options, connectionType: 'read' }).catch((error: unknown) => {
      if (replicaCannotAnswer(error)) return super.count(entityName, where, options);
      throw error;
    });
  }
}

function toReplica(options: {
  ctx?: Transaction;
  em?: AnyEntityManager;
  connectionType?: ConnectionType;
  lockMode?: unknown;
}): boolean {
  return (
    options.em instanceof ReplicaRoutingEntityManager &&
    options.em.readsFromReplicas &&
    !options.ctx &&
    !options.connectionType &&
    !options.lockMode
  );
}

/**
 * Raw SQL that only reads: it starts with `select` or `with` and takes no row lock. A write that
 * starts so (`select members.advance_youth_cutoff(…)`, `with … insert`) is refused by the standby
 * (SQLSTATE 25006) before it does anything, and runs again on the primary.
 */
function isPlainRead(query: string | Knex.QueryBuilder | Knex.Raw): boolean {
  if (typeof query !== 'string') return false;
  return /^\s*(select|with)\b/i.test(query) && !/\bfor\s+(update|no\s+key\s+update|share|key\s+share)\b/i.test(query);
}

/**
 * The replica refused or could not run the statement, and the primary can: a write on a standby
 * (25006), a query cancelled by a conflict with replay (40001), a replica that is down, starting
 * or shutting down (class 08, 57P0x, 57P03) or unreachable (a socket error). Reading the primary
 * then is always correct, only slower.
 */
function replicaCannotAnswer(error: unknown): boolean {
  const code = sqlStateOf(error);
  if (code === undefined) return false;
  return (
    code === '25006' || code === '40001' || code.startsWith('08') || code.startsWith('57P') || /^E[A-Z]+$/.test(code)
  );
}

function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = 'code' in error ? error.code : undefined;
  if (typeof code === 'string') return code;
  // MikroORM's DriverException keeps the driver's error as `previous`.
  return 'previous' in error ? sqlStateOf(error.previous) : undefined;
}

/** MikroORM's `replicas`: one connection per URL, the rest (pool, JIT off) as the primary's. */
export function replicaOptions(urls: readonly string[]): { clientUrl: string; name: string }[] {
  return urls.map((clientUrl, index) => ({ clientUrl, name: `replica-${index + 1}` }));
}
