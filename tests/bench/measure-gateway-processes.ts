import type { QueryResult } from './bench-result';
import type { GatewayKind } from './gateway-process';
import type { GatewayProcess } from './gateway-process-client';
import { startGatewayProcess } from './gateway-process-client';
import type { LoadClient } from './load-client';
import type { ReadContext } from './measure-reads';
import { assertSameAnswer, runningSupergraph, subgraphUrls } from './measure-reads';
import type { LoadCost } from './observe';
import type { ReadOperation } from './read-operations';
import { stepsOf } from './read-operations';
import type { LoadResult } from './run-load';
import { failedRun } from './run-load';

/** Runs a load, observing its cost in the stack, the load generator, PostgreSQL and the extra `processes`. */
export type Observe = (
  processes: Record<string, number>,
  run: () => Promise<LoadResult>,
) => Promise<{ result: LoadResult; cost: LoadCost }>;

/** Each gateway alone in a process of its own: RSS right after start, and why one could not run. */
export interface GatewayProcesses {
  /** RSS of Node with the SWC hook before a gateway's code is loaded (MB): the part of every figure below that is not the gateway's. */
  baselineRssMb: number | null;
  /** RSS right after start, before any request (MB). */
  startRssMb: Partial<Record<GatewayKind, number>>;
  problem: string | null;
}

const NAMES: Record<GatewayKind, string> = {
  ours: 'our gateway',
  hive: 'Hive Gateway',
  hiveShipped: 'Hive Gateway as shipped',
  hiveRouter: 'Hive Gateway with the Rust query planner',
};

/**
 * The gateways as production runs them, each alone in its own process over the stack's
 * subgraphs: throughput at the run's concurrency and the gateway's own peak RSS, per operation.
 * Written into `queries[].ownProcess`.
 */
export async function measureGatewayProcesses(
  queries: QueryResult[],
  operations: readonly ReadOperation[],
  context: ReadContext & { loader: LoadClient; internalSecret: string; jwtSecret: string; observe: Observe },
  log: (line: string) => void,
): Promise<GatewayProcesses> {
  const outcome: GatewayProcesses = { baselineRssMb: null, startRssMb: {}, problem: null };
  const problems: string[] = [];
  const supergraphSdl = await runningSupergraph();
  for (const which of ['ours', 'hive', 'hiveShipped', 'hiveRouter'] as const) {
    let gateway: GatewayProcess | null = null;
    try {
      gateway = await startGatewayProcess({
        type: 'start',
        which,
        supergraphSdl,
        subgraphUrls: subgraphUrls(context.stack),
        internalSecret: context.internalSecret,
        jwtSecret: context.jwtSecret,
        viewer: context.viewer,
      });
      outcome.baselineRssMb = Math.max(outcome.baselineRssMb ?? 0, gateway.baselineRssMb);
      outcome.startRssMb[which] = gateway.startRssMb;
      const headers: Record<string, string> = which === 'ours' ? { authorization: `Bearer ${context.token}` } : {};
      for (const operation of operations) {
        const result = queries.find((query) => query.id === operation.id);
        if (!result) continue;
        if (which === 'hiveRouter' && operation.levels !== null && result.items > ROUTER_TREE_LIMIT) {
          const reason = `not measured: ${result.items} organizations in one tree is beyond what the subgraphs' process survives under this router`;
          problems.push(`${NAMES[which]}, ${operation.id}: ${reason}`);
          result.ownProcess[which] = { concurrent: failedRun(reason), cost: null, rssPeakMb: null };
          continue;
        }
        log(`${operation.id} through ${NAMES[which]} in its own process…`);
        const { url, pid } = gateway;
        try {
          await assertSameAnswer(url, headers, operation, context.answers);
          await gateway.resetRss();
          const observed = await context.observe({ gateway: pid }, () =>
            context.loader.run(
              { kind: 'post', steps: stepsOf(operation, url, headers) },
              { ...context.shapes(0).concurrent, warmup: operation.warmup },
            ),
          );
          result.ownProcess[which] = {
            concurrent: observed.result,
            cost: observed.cost,
            rssPeakMb: await gateway.readRss(),
          };
        } catch (error) {
          // One operation failing leaves the others measurable.
          problems.push(`${NAMES[which]}, ${operation.id}: ${messageOf(error)}`);
          result.ownProcess[which] = { concurrent: failedRun(messageOf(error)), cost: null, rssPeakMb: null };
        }
      }
    } catch (error) {
      problems.push(`${NAMES[which]}: ${messageOf(error)}`);
    } finally {
      await gateway?.stop();
    }
  }
  outcome.problem = problems.length > 0 ? problems.join('; ') : null;
  return outcome;
}

/**
 * The most organizations a nested tree may hold for the Rust-planner router to be measured on it.
 * At national scale (65 k) eight such trees in flight through it grew the process that hosts the
 * subgraphs past an 8 GB heap and killed the run (2026-12-01, docs/benchmarks.md); the other
 * gateways and the flat table are measured at every scale.
 */
const ROUTER_TREE_LIMIT = 20_000;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
