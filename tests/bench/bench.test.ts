import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { BenchResult } from './bench-result';
import type { LoadResult } from './run-load';
import { METHOD, renderSection } from './report';
import { writeReportSection } from './report-file';
import { runBench } from './run-bench';

let folder: string | undefined;
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** Every run of a result, named, so a failing one says which. */
function runsOf(result: BenchResult): [string, LoadResult][] {
  const runs: [string, LoadResult][] = [['round trip', result.roundTrip]];
  for (const query of result.queries) {
    const ways = {
      ours: query.ours,
      floor: query.floor,
      direct: query.direct,
      hive: query.hive,
      hiveShipped: query.hiveShipped,
      ...Object.fromEntries(
        Object.entries(query.ownProcess).map(([kind, measured]) => [`${kind} in its own process`, measured]),
      ),
    };
    for (const [way, measured] of Object.entries(ways)) {
      if (!measured) continue;
      runs.push([`${query.id} ${way} concurrent`, measured.concurrent]);
      if ('sequential' in measured) runs.push([`${query.id} ${way} sequential`, measured.sequential]);
    }
  }
  runs.push(['Q5 sequential', result.admissions.sequential], ['Q5 concurrent', result.admissions.concurrent]);
  return runs;
}

// The whole benchmark at scale tiny, a fraction of a second per operation: proof that it still
// runs end to end and reports every row, not a measurement (no timing is asserted).
describe('npm run bench (scale tiny, CI smoke)', () => {
  // Four gateways each start in a process of their own (ours, Hive twice, Hive with the Rust planner).
  it('measures every operation without errors and writes every row of the report', { timeout: 240_000 }, async () => {
    const lines: string[] = [];
    const result = await runBench({
      serverUrl: inject('databaseServerUrl'),
      scale: 'tiny',
      seed: 7,
      durationMs: 250,
      concurrency: 2,
      importRows: 300,
      log: (line) => lines.push(line),
    });

    expect(result.hiveProblem).toBeNull();
    expect(result.gatewayProcesses.problem).toBeNull();
    for (const [name, run] of runsOf(result)) {
      expect({ name, errors: run.errors, firstError: run.firstError }).toEqual({ name, errors: 0, firstError: null });
      expect(run.requests, name).toBeGreaterThan(0);
      expect(Number.isFinite(run.p50) && Number.isFinite(run.perSecond), name).toBe(true);
    }
    expect(result.queries.map((query) => query.id)).toEqual(['Q1', 'Q1 past', 'Q2', 'Q3', 'Q3 table', 'Q3 page', 'Q4']);
    expect(result.queries.find((query) => query.id === 'Q3 table')?.items).toBe(result.load.organizations);
    expect(result.pastDateSql.byDayRows).toBeGreaterThan(0);
    for (const query of result.queries) {
      expect(query.statements.total, query.id).toBeGreaterThan(0);
      expect(query.items, query.id).toBeGreaterThan(0);
      expect(
        query.ownProcess.ours && query.ownProcess.hive && query.ownProcess.hiveShipped && query.ownProcess.hiveRouter,
        query.id,
      ).toBeTruthy();
    }
    expect(result.admissions.statements.total).toBeGreaterThan(0);
    expect(result.bulkImport).toMatchObject({ rows: 300, created: 300, errors: 0 });
    expect(result.heaviest?.plan).toMatch(/Execution Time/);

    folder = await mkdtemp(join(tmpdir(), 'bench-'));
    const out = join(folder, 'benchmarks.md');
    await writeReportSection(out, METHOD, 'tiny', renderSection(result, 'npm run bench -- --scale tiny'));
    const report = await readFile(out, 'utf8');
    const number = String.raw`[\d,.]+`;
    for (const id of ['Q1', 'Q1 past', 'Q2', 'Q3', 'Q3 table', 'Q3 page', 'Q4'])
      expect(report).toMatch(new RegExp(`\\| ${id} [^|]+ \\| ${number} \\| ${number} \\| ${number} \\| ${number} \\|`));
    expect(report).toMatch(
      new RegExp(
        `\\| Q5 admissions \\(apply \\+ approve\\) \\| — \\| ${number} \\| ${number} \\| ${number} admissions/s`,
      ),
    );
    expect(report).toMatch(new RegExp(`\\| Q6 bulk import \\(300 rows\\) \\| — \\| — \\| — \\| ${number} rows/s`));
    for (const target of [
      'Q1 p50 ≤ 2 ×',
      'Q1 on a past date as fast as today',
      'coverageTable of the whole union ≤ 1 s',
      'coverageTable, first page of 500',
      'Q3 (full tree) ≤ 1 s',
      'SQL statements per request ≤ 2 per tree level',
      "our gateway's Q1 throughput",
      'bulk import ≥ 250 k rows/s',
      'gateway RSS < 300 MB',
    ]) {
      expect(report).toContain(target);
    }
    expect(report).not.toContain('not measured');
    expect(report).toContain('on a past date, SQL alone');
    expect(report).toContain('<!-- /bench:tiny -->');
  });
});
