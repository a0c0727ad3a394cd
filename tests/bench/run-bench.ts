import type { Viewer } from '@registry/lib';
import { loadConfig, Role } from '@registry/lib';
import { createScratchDatabase } from '@registry/lib/testing';
import { withDatabase } from '@registry/lib/database-server';
import { signDevelopmentToken } from '@registry/gateway';
import { PROJECT_ROOT, startStack } from '@registry/stack';
import type { LoadProgress } from '../generator/load-union';
import { loadUnion } from '../generator/load-union';
import type { ScaleName } from '../generator/scales';
import { SCALES } from '../generator/scales';
import type { BenchResult, Measured, QueryResult, UnderLoad } from './bench-result';
import { measureBulkImport } from './bulk-import';
import { countUnion, primaryCodes, select, vacuumAnalyze } from './database';
import { explainAnalyze, timeStatements } from './floor';
import type { HttpJob } from './http-jobs';
import { startLoadClient } from './load-client';
import { describeMachine } from './machine';
import { measureAdmissions } from './measure-admissions';
import type { Observe } from './measure-gateway-processes';
import { measureGatewayProcesses } from './measure-gateway-processes';
import type { ReadContext } from './measure-reads';
import { measurePeerInProcess, measureRead } from './measure-reads';
import { observeLoad } from './observe';
import { HEALTH_PATH } from './queries';
import { measurePastDateSql } from './past-date-sql';
import { pastDates, readOperations, stepsOf } from './read-operations';
import { sampleRss } from './rss';
import type { LoadShape } from './run-load';

export interface BenchOptions {
  /** A PostgreSQL server the benchmark may create its own database on. */
  serverUrl: string;
  scale: ScaleName;
  seed: number;
  /** How long each measured run lasts. */
  durationMs: number;
  /** Requests in flight during the throughput runs. */
  concurrency: number;
  /** Rows of the Q6 import file; by default a size fitting the scale. */
  importRows?: number;
  log: (line: string) => void;
  onLoadProgress?: (progress: LoadProgress) => void;
  /** A database already holding this scale's union (see `CommandLine.loadedDatabase`), and its load steps. */
  loaded?: { database: string; seconds: Record<string, number> | null };
}

const IMPORT_ROWS: Record<ScaleName, number> = { tiny: 1_000, small: 20_000, medium: 100_000, national: 200_000 };
/** Who the benchmark reads as: coverage needs an analyst or an admin, member pages an admin. */
const ADMIN: Viewer = {
  subject: 'bench-central-admin',
  roles: [Role.CENTRAL_ADMIN],
  organizationId: null,
  memberId: null,
  partnerId: null,
};

/**
 * The whole benchmark of issue 6 on one scale: a new database loaded with the generated union,
 * the stack started on it, every operation measured, everything stopped and dropped again.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const { log } = options;
  const database = options.loaded
    ? { url: withDatabase(options.serverUrl, options.loaded.database), drop: () => Promise.resolve() }
    : await createScratchDatabase(options.serverUrl, `bench_${options.scale}`);
  const cleanups: (() => Promise<void>)[] = [() => database.drop()];
  try {
    let load: BenchResult['load'];
    if (options.loaded) {
      const seconds = options.loaded.seconds ?? {};
      load = { ...(await countUnion(database.url)), seconds, totalSeconds: sum(Object.values(seconds)) };
      log(`Measuring the ${options.scale} union already in ${options.loaded.database}: ${JSON.stringify(load)}`);
    } else {
      log(`Loading the ${options.scale} union (seed ${options.seed})…`);
      const loadStarted = Date.now();
      const summary = await loadUnion(database.url, SCALES[options.scale], options.seed, options.onLoadProgress);
      load = { ...summary, totalSeconds: (Date.now() - loadStarted) / 1000 };
      log(`\nLoaded in ${load.totalSeconds.toFixed(1)} s: ${JSON.stringify(summary.seconds)}`);
    }
    await vacuumAnalyze(database.url);

    // The bench measures how fast admissions go, all from this one address: the per-address
    // throttle of anonymous applications (tested in tests/e2e/application-throttle.test.ts) is
    // set out of the way unless the caller chose a rate. The cards subgraph's poll of the members
    // outbox is background work no request pays for; every 2 s it landed inside each slow request
    // and was counted as that request's statements (national Q3: cards 10 of 17), so during the
    // run it polls hourly.
    const config = loadConfig({
      APPLICATION_RATE: '1000000/s,burst=1000000',
      CARDS_MEMBER_EVENTS_INTERVAL_MS: '3600000',
      ...process.env,
    });
    const { security } = config;
    const stack = await startStack({ databaseUrl: database.url, config, gatewayPort: 0, seedDemo: false });
    cleanups.unshift(() => stack.stop());
    const loader = await startLoadClient();
    cleanups.unshift(() => loader.close());

    const shapes = (warmup: number): { sequential: LoadShape; concurrent: LoadShape } => ({
      sequential: { concurrency: 1, durationMs: options.durationMs, maxRequests: 100_000, warmup },
      concurrent: {
        concurrency: options.concurrency,
        durationMs: options.durationMs,
        maxRequests: 100_000,
        warmup: options.concurrency,
      },
    });
    // CPU is read for the stack's process (gateway and subgraphs), the load generator and PostgreSQL.
    const observe: Observe = (processes, run) =>
      observeLoad(stack.subgraphs, { stack: process.pid, 'load generator': loader.pid, ...processes }, run);
    const measureConcurrent = async (job: HttpJob, warmup: number): Promise<UnderLoad> => {
      const rss = sampleRss();
      const { result, cost } = await observe({}, () => loader.run(job, { ...shapes(0).concurrent, warmup }));
      return { concurrent: result, cost, rssPeakMb: rss.stop() };
    };
    const context: ReadContext = {
      stack,
      databaseUrl: database.url,
      token: signDevelopmentToken(security.jwtSecret, { sub: ADMIN.subject ?? '', roles: [...ADMIN.roles] }),
      viewer: ADMIN,
      internalSecret: security.internalSecret,
      measure: async (job: HttpJob, warmup: number): Promise<Measured> => {
        const rss = sampleRss();
        const sequential = await loader.run(job, shapes(warmup).sequential);
        const concurrent = await measureConcurrent(job, 0);
        return { ...concurrent, sequential, rssPeakMb: Math.max(rss.stop(), concurrent.rssPeakMb ?? 0) };
      },
      measureConcurrent,
      shapes,
      answers: new Map(),
      sqlOf: new Map(),
    };

    const operations = await readOperations(database.url, {
      url: stack.gatewayUrl,
      headers: { authorization: `Bearer ${context.token}` },
    });
    // Warm the whole path before the first measurement: PostgreSQL backends of every pool (their
    // catalog caches), the JIT, and the buffer cache after loading; a checkpoint first, so the
    // load's dirty pages are not written during the measurements.
    log('Warming up…');
    await select(database.url, 'checkpoint');
    for (const operation of operations) {
      await loader.run(
        { kind: 'post', steps: stepsOf(operation, stack.gatewayUrl, { authorization: `Bearer ${context.token}` }) },
        { ...shapes(0).concurrent, durationMs: Math.min(1000, options.durationMs), minRequests: 0 },
      );
    }
    log('HTTP round trip (GET /health)…');
    const roundTrip = await loader.run(
      { kind: 'get', url: stack.gatewayUrl.replace(/\/graphql$/, HEALTH_PATH) },
      shapes(50).sequential,
    );
    const queries: QueryResult[] = [];
    for (const operation of operations) {
      log(`${operation.id}: ${operation.title}…`);
      queries.push(await measureRead(operation, context));
    }
    const hiveProblem = await measurePeerInProcess(queries, operations, context, log);
    const gatewayProcesses = await measureGatewayProcesses(
      queries,
      operations,
      { ...context, loader, internalSecret: security.internalSecret, jwtSecret: security.jwtSecret, observe },
      log,
    );
    // Before Q5 and Q6 add members: the plan shown is that of the data set as generated.
    const heaviest = await heaviestStatement(database.url, queries, context.sqlOf);
    const q1Sql = await q1Statements(database.url, context.sqlOf);
    const pastDateSql = await measurePastDateSql(database.url, pastDates().asOf);

    log('Q5: admissions (apply + approve) through the gateway…');
    const admissions = await measureAdmissions(stack, loader, {
      token: context.token,
      databaseUrl: database.url,
      durationMs: options.durationMs,
      concurrency: options.concurrency,
    });

    const importRows = options.importRows ?? IMPORT_ROWS[options.scale];
    log(`Q6: bulk import of ${importRows} members…`);
    const members = stack.subgraphs.get('members');
    if (!members) throw new Error('Expected the members subgraph to run');
    const bulkImport = await measureBulkImport(members.orm, database.url, await primaryCodes(database.url), importRows);

    const machine = await describeMachine(PROJECT_ROOT, database.url);
    return {
      scale: options.scale,
      seed: options.seed,
      durationMs: options.durationMs,
      concurrency: options.concurrency,
      machine,
      load,
      roundTrip,
      queries,
      admissions,
      bulkImport,
      hiveProblem,
      gatewayProcesses,
      heaviest,
      q1Statements: q1Sql,
      pastDateSql,
    };
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  }
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

type Captured = ReadonlyMap<string, { subgraph: string; sql: string }[]>;
/** A read, CTEs included (the coverage statement starts with `with`); a CTE that writes is not one. */
const isRead = ({ sql }: { sql: string }): boolean =>
  /^\s*(select|with)\b/i.test(sql) && !/\b(insert|update|delete)\b/i.test(sql);

/**
 * The slowest single statement of the deepest tree query, timed on its own, with its
 * `EXPLAIN (ANALYZE, BUFFERS)`: where a latency target is missed, this is where to look first.
 */
async function heaviestStatement(
  databaseUrl: string,
  queries: readonly QueryResult[],
  sqlOf: Captured,
): Promise<BenchResult['heaviest']> {
  const deepest = [...queries]
    .filter((query) => query.levels !== null)
    .sort((a, b) => (b.levels ?? 0) - (a.levels ?? 0))[0];
  const reads = (deepest ? (sqlOf.get(deepest.id) ?? []) : []).filter(isRead);
  const [slowest] = (await timeStatements(databaseUrl, reads)).sort((a, b) => b.ms - a.ms);
  if (!slowest) return null;
  return { ms: slowest.ms, sql: slowest.sql, plan: await explainAnalyze(databaseUrl, slowest.sql) };
}

/** Each statement of one Q1 request timed on its own: what the floor is made of. */
async function q1Statements(databaseUrl: string, sqlOf: Captured): Promise<BenchResult['q1Statements']> {
  return timeStatements(databaseUrl, (sqlOf.get('Q1') ?? []).filter(isRead));
}
