import type { BenchResult } from './bench-result';
import { mb, ms, rate } from './format';

/** One target of issue 6 against what was measured; `met` is null when it could not be measured. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

const RSS_LIMIT_MB = 300;

/** The issue's targets, each checked on this run's figures. */
export function checkTargets(result: BenchResult): TargetCheck[] {
  const q = (id: string) => result.queries.find((query) => query.id === id);
  const checks: TargetCheck[] = [];
  const q1 = q('Q1');
  if (q1) {
    const limit = 2 * (q1.floor.sequential.p50 + result.roundTrip.p50);
    checks.push({
      target: 'Q1 p50 ≤ 2 × (SQL floor + one HTTP round trip)',
      measured: `${ms(q1.ours.sequential.p50)} ms vs 2 × (${ms(q1.floor.sequential.p50)} + ${ms(result.roundTrip.p50)}) = ${ms(limit)} ms`,
      met: q1.ours.sequential.p50 <= limit,
    });
  }
  const q3 = q('Q3');
  if (q3) {
    checks.push({
      target: 'Q3 (full tree) ≤ 1 s',
      measured: q3.failure
        ? `failed: ${q3.failure.slice(0, 300)}`
        : `p50 ${ms(q3.ours.sequential.p50)} ms, p95 ${ms(q3.ours.sequential.p95)} ms (${q3.items.toLocaleString('en')} organizations)`,
      met: q3.ours.sequential.p50 <= 1000,
    });
  }
  const past = q('Q1 past');
  if (q1 && past) {
    checks.push({
      target: 'Q1 on a past date as fast as today (p50 ≤ 1.2 × Q1)',
      measured: `${ms(past.ours.sequential.p50)} ms vs ${ms(q1.ours.sequential.p50)} ms today`,
      met: past.ours.sequential.p50 <= 1.2 * q1.ours.sequential.p50,
    });
  }
  const table = q('Q3 table');
  if (table) {
    checks.push({
      target: 'coverageTable of the whole union ≤ 1 s through the gateway',
      measured: table.failure
        ? `failed: ${table.failure.slice(0, 300)}`
        : `p50 ${ms(table.ours.sequential.p50)} ms (${table.items.toLocaleString('en')} rows)`,
      met: table.ours.sequential.p50 <= 1000,
    });
  }
  const page = q('Q3 page');
  if (page) {
    checks.push({
      target: 'coverageTable, first page of 500 ≤ 50 ms',
      measured: page.failure ? `failed: ${page.failure.slice(0, 300)}` : `p50 ${ms(page.ours.sequential.p50)} ms`,
      met: page.ours.sequential.p50 <= 50,
    });
  }
  const trees = result.queries.filter((query) => query.levels !== null);
  if (trees.length > 0) {
    const perLevel = trees.map((query) => ({ id: query.id, value: query.statements.total / (query.levels ?? 1) }));
    checks.push({
      target: 'SQL statements per request ≤ 2 per tree level',
      measured: perLevel.map(({ id, value }) => `${id} ${value.toFixed(1)}`).join(', '),
      met: perLevel.every(({ value }) => value <= 2),
    });
  }
  if (q1) {
    const shipped = q1.hiveShipped;
    const same = q1.hive;
    const ownOurs = q1.ownProcess.ours;
    const ownShipped = q1.ownProcess.hiveShipped;
    checks.push({
      target: "our gateway's Q1 throughput ≥ Hive Gateway's",
      measured: shipped
        ? [
            `${rate(q1.ours.concurrent.perSecond)} vs ${rate(shipped.concurrent.perSecond)} req/s as shipped`,
            same ? `${rate(same.concurrent.perSecond)} req/s doing the same work (deduplication off)` : null,
            ownOurs && ownShipped
              ? `each alone in its own process ${rate(ownOurs.concurrent.perSecond)} vs ${rate(ownShipped.concurrent.perSecond)}`
              : null,
          ]
            .filter((part) => part !== null)
            .join('; ')
        : `not measured: ${result.hiveProblem ?? 'unknown'}`,
      met: shipped ? q1.ours.concurrent.perSecond >= shipped.concurrent.perSecond : null,
    });
  }
  const peers = result.queries.flatMap((query) => {
    const ours = query.ownProcess.ours;
    const strongest = [query.ownProcess.hiveShipped, query.ownProcess.hiveRouter]
      .filter((peer): peer is NonNullable<typeof peer> => peer !== null && peer.concurrent.errors === 0)
      .sort((x, y) => y.concurrent.perSecond - x.concurrent.perSecond)[0];
    return ours && strongest
      ? [{ id: query.id, ours: ours.concurrent.perSecond, peer: strongest.concurrent.perSecond }]
      : [];
  });
  if (peers.length > 0) {
    checks.push({
      target:
        'our gateway serves more than the strongest peer on every query, each in its own process (Hive as shipped or with the Rust planner)',
      measured: peers.map(({ id, ours, peer }) => `${id} ${rate(ours)} vs ${rate(peer)}`).join(', '),
      met: peers.every(({ ours, peer }) => ours > peer),
    });
  }
  checks.push({
    target: 'bulk import ≥ 250 k rows/s',
    measured: `${rate(result.bulkImport.rowsPerSecond)} rows/s`,
    met: result.bulkImport.rowsPerSecond >= 250_000,
  });
  const stackPeak = Math.max(result.admissions.rssPeakMb, ...result.queries.map((query) => query.ours.rssPeakMb ?? 0));
  const own = result.queries.map((query) => query.ownProcess.ours?.rssPeakMb ?? Number.NaN).filter(Number.isFinite);
  const gatewayPeak = own.length > 0 ? Math.max(...own) : null;
  checks.push({
    target: `gateway RSS < ${RSS_LIMIT_MB} MB under load`,
    measured: `${gatewayPeak === null ? 'gateway alone not measured' : `${mb(gatewayPeak)} peak, the gateway alone in its own process`}; ${mb(stackPeak)} peak for the whole stack in one process (gateway and four subgraphs)`,
    met: gatewayPeak === null ? null : gatewayPeak < RSS_LIMIT_MB,
  });
  return checks;
}
