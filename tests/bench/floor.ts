import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import type { LoadResult, LoadShape } from './run-load';

/** The same session settings as the subgraphs' connections (lib/src/db/orm.ts): no JIT. */
const SESSION = { options: '-c jit=off' };
import { runLoad } from './run-load';

/**
 * The floor of an operation: the very statements its subgraphs sent for one request, replayed
 * with pg straight against PostgreSQL, one after another on one connection — no HTTP, no GraphQL,
 * no ORM. Nothing that reads these tables can answer faster than this, short of caching.
 */
export async function measureFloor(
  databaseUrl: string,
  statements: readonly string[],
  shape: LoadShape,
): Promise<LoadResult> {
  const pool = new Pool({ connectionString: databaseUrl, max: shape.concurrency, ...SESSION });
  try {
    return await runLoad(async () => {
      const client = await pool.connect();
      try {
        for (const sql of statements) await client.query(sql);
      } finally {
        client.release();
      }
    }, shape);
  } finally {
    await pool.end();
  }
}

/** How long each statement takes on its own (ms, best of `runs`), to find the heaviest. */
export async function timeStatements<T extends { sql: string }>(
  databaseUrl: string,
  statements: readonly T[],
  runs = 3,
): Promise<(T & { ms: number })[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1, ...SESSION });
  try {
    const timed: (T & { ms: number })[] = [];
    for (const statement of statements) {
      const { sql } = statement;
      let best = Number.POSITIVE_INFINITY;
      for (let run = 0; run < runs; run += 1) {
        const started = performance.now();
        await pool.query(sql);
        best = Math.min(best, performance.now() - started);
      }
      timed.push({ ...statement, ms: best });
    }
    return timed;
  } finally {
    await pool.end();
  }
}

/** `EXPLAIN (ANALYZE, BUFFERS)` of a read statement: where PostgreSQL spends the time. */
export async function explainAnalyze(databaseUrl: string, sql: string): Promise<string> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1, ...SESSION });
  try {
    const result = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`);
    return result.rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await pool.end();
  }
}
