import type { MikroORM } from '@mikro-orm/postgresql';
import { countQueries } from '@registry/lib/testing';
import { cpuSnapshot } from './cpu-time';
import type { LoadResult } from './run-load';

/** What a load run cost besides time, per request sent. */
export interface LoadCost {
  /** SQL statements of all subgraphs: below the one-request count when a gateway shares identical in-flight requests. */
  statementsPerRequest: number;
  /** CPU ms per request of each process named in {@link observeLoad}, and of PostgreSQL; null without /proc. */
  cpuMsPerRequest: Record<string, number> | null;
}

/**
 * Runs a load while counting every subgraph's SQL statements and the CPU time of the named
 * processes and of PostgreSQL. On a two-core machine everything shares the CPU, so CPU per request
 * by process says who limits throughput.
 */
export async function observeLoad(
  subgraphs: ReadonlyMap<string, { orm: MikroORM }>,
  processes: Readonly<Record<string, number>>,
  run: () => Promise<LoadResult>,
): Promise<{ result: LoadResult; cost: LoadCost }> {
  const counters = [...subgraphs.values()].map(({ orm }) => countQueries(orm));
  const pids = Object.values(processes);
  const before = cpuSnapshot(pids);
  let result: LoadResult;
  try {
    result = await run();
  } finally {
    for (const counter of counters) counter.detach();
  }
  const after = cpuSnapshot(pids);
  const sent = Math.max(1, result.sent);
  const statements = counters.reduce((total, counter) => total + counter.statements.length, 0);
  let cpuMsPerRequest: Record<string, number> | null = null;
  if (before && after) {
    cpuMsPerRequest = Object.fromEntries(
      Object.entries(processes).map(([name, pid]) => [
        name,
        ((after.byPid.get(pid) ?? Number.NaN) - (before.byPid.get(pid) ?? Number.NaN)) / sent,
      ]),
    );
    cpuMsPerRequest['PostgreSQL'] = (after.postgres - before.postgres) / sent;
  }
  return { result, cost: { statementsPerRequest: statements / sent, cpuMsPerRequest } };
}
