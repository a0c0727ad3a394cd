import type { MikroORM } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics: one registry per process, every series of ours labelled by
 * `service` (`gateway`, `members`, …). The development stack runs the gateway and the four
 * subgraphs in one process; the label keeps their series apart, and each server's `/metrics`
 * serves the whole registry (in production each process holds one service, so that is its own).
 * The default process metrics (CPU, memory, event loop) are the process's, unlabelled.
 */
export interface RegistryMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'service' | 'operation' | 'status'>;
  readonly duration: Histogram<'service' | 'operation'>;
  readonly errors: Counter<'service' | 'code'>;
  readonly sqlStatements: Counter<'service'>;
  readonly pool: Gauge<'service' | 'state'>;
}

interface PoolLike {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

const pools = new Map<string, () => PoolLike | null>();
let metrics: RegistryMetrics | undefined;

/** Made on first use, so commands that never serve (the schema writer, the CLIs) sample nothing. */
export function registryMetrics(): RegistryMetrics {
  if (metrics) return metrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  metrics = {
    registry,
    requests: new Counter({
      name: 'registry_graphql_requests_total',
      help: 'GraphQL requests answered, by operation name and HTTP status',
      labelNames: ['service', 'operation', 'status'],
      registers,
    }),
    duration: new Histogram({
      name: 'registry_graphql_request_duration_seconds',
      help: 'Time from a GraphQL request arriving to its answer being sent, by operation name',
      labelNames: ['service', 'operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    errors: new Counter({
      name: 'registry_graphql_errors_total',
      help: 'Errors in GraphQL answers, by extensions.code',
      labelNames: ['service', 'code'],
      registers,
    }),
    sqlStatements: new Counter({
      name: 'registry_sql_statements_total',
      help: 'SQL statements sent to PostgreSQL',
      labelNames: ['service'],
      registers,
    }),
    pool: new Gauge({
      name: 'registry_db_pool_connections',
      help: 'Database pool connections: used, free, and acquisitions waiting (pending)',
      labelNames: ['service', 'state'],
      registers,
      collect() {
        for (const [service, poolOf] of pools) {
          const pool = poolOf();
          if (!pool) continue;
          this.set({ service, state: 'used' }, pool.numUsed());
          this.set({ service, state: 'free' }, pool.numFree());
          this.set({ service, state: 'pending' }, pool.numPendingAcquires());
        }
      },
    }),
  };
  return metrics;
}

// Operation names are chosen by callers: past this many distinct names, new ones count as
// "(other)", so a client inventing names cannot grow the registry without bound.
const MAX_OPERATION_NAMES = 200;
const operationNames = new Set<string>();

/** The `operation` label of a request: its name, "(anonymous)", or "(other)" past the cap. */
export function operationLabel(name: string | null): string {
  if (!name) return '(anonymous)';
  const label = name.slice(0, 100);
  if (operationNames.has(label)) return label;
  if (operationNames.size >= MAX_OPERATION_NAMES) return '(other)';
  operationNames.add(label);
  return label;
}

/**
 * Counts the SQL statements of a subgraph's ORM and reports its knex pool. Returns the function
 * that stops both (before the ORM closes).
 */
export function observeOrm(service: string, orm: MikroORM): () => void {
  const { sqlStatements } = registryMetrics();
  const knex = orm.em.getConnection().getKnex();
  const listener = (): void => {
    sqlStatements.inc({ service });
  };
  knex.on('query', listener);
  const client: unknown = knex.client;
  pools.set(service, () => poolOf(client));
  return () => {
    knex.off('query', listener);
    pools.delete(service);
  };
}

/** knex's tarn pool, which knex types as `any`; null before the first connection or after closing. */
function poolOf(client: unknown): PoolLike | null {
  if (typeof client !== 'object' || client === null || !('pool' in client)) return null;
  const pool: unknown = client.pool;
  if (typeof pool !== 'object' || pool === null) return null;
  if (!('numUsed' in pool && 'numFree' in pool && 'numPendingAcquires' in pool)) return null;
  const { numUsed, numFree, numPendingAcquires } = pool;
  if (typeof numUsed !== 'function' || typeof numFree !== 'function' || typeof numPendingAcquires !== 'function')
    return null;
  const call = (fn: unknown): number => {
    const value: unknown = typeof fn === 'function' ? Reflect.apply(fn, pool, []) : undefined;
    return typeof value === 'number' ? value : 0;
  };
  return {
    numUsed: () => call(numUsed),
    numFree: () => call(numFree),
    numPendingAcquires: () => call(numPendingAcquires),
  };
}

/** `GET /metrics`: the Prometheus text format of the process's registry. */
export function metricsRoute() {
  return async (_req: Request, res: Response): Promise<void> => {
    const { registry } = registryMetrics();
    res.setHeader('content-type', registry.contentType);
    res.end(await registry.metrics());
  };
}
