import type { BenchResult, Measured, QueryResult, StatementCount } from './bench-result';
import { mb, ms, rate, table, times } from './format';
import type { LoadResult } from './run-load';
import { checkTargets } from './targets';

/** The method, written above the per-scale sections (regenerated on every run). */
export const METHOD = `## Method

\`npm run bench -- --scale tiny|small|medium|national [--seed N] [--duration-ms N] [--concurrency N] [--out docs/benchmarks.md]\`
(\`tests/bench/\`) creates a database, loads a generated union into it through the registry's own
import paths (\`tests/generator\`, the same as \`npm run seed\`), runs \`vacuum (analyze)\` (as
autovacuum would in service), starts the whole stack in one process (\`startStack\`: four
subgraphs and the gateway), then measures, in the same run:

- **Q1–Q4**, reads through our gateway as a central admin (JWT): Q1 coverage of the regions
  (root → children), Q2 down to territorial organizations, Q3 the full tree, each level with
  coverage (members vs report, primary organizations vs report, youth); Q4 a page of 50 members
  of the primary organization with the most members, with their active cards.
- Each operation twice: **one request at a time** (latency without queueing: p50, p95) and at
  **the run's concurrency** (throughput, and p95 under load), each for \`--duration-ms\` after a
  warm-up. The load generator is a separate Node process (closed loop, keep-alive HTTP/1.1, no
  dependency), so it neither shares the stack's event loop nor counts in its memory. Every answer
  is checked (HTTP 200, no GraphQL errors); errors are counted and shown, never dropped.
- **SQL statements per request**: one request with a statement counter on every subgraph's ORM
  (\`countQueries\`), best of three (the cards subgraph polls the members outbox every 2 s).
- **Floor**: exactly those statements, replayed with pg straight against PostgreSQL one after
  another on one connection — no HTTP, GraphQL or ORM. **Round trip**: \`GET /health\` on the
  gateway through the same client. **Subgraphs direct** (Q1): the two requests the gateway's
  query plan sends (regions from organizations, one \`_entities\` batch from statistics), posted
  straight to the subgraphs with the signed viewer header the gateway would add.
- **Hive Gateway** (\`@graphql-hive/gateway-runtime\`, in the same process, on node:http) over
  the same subgraphs and supergraph; its answers must equal ours. It sends a fixed signed viewer
  header for a central admin; our gateway also verifies a JWT and signs a header per request.
  Measured after ours, so our RSS figures do not include it.
- **RSS**: the stack process's resident memory sampled every 100 ms during each operation's runs;
  it includes the four subgraphs, so it bounds the gateway's own from above.
- **Q5** admissions: \`applyForMembership\` (anonymous) + \`approveApplication\` (admin) through
  the gateway, a new person each time, one at a time, then concurrently.
- **Q6** bulk import: the members import service (\`importMembers\`, one transaction) on a fresh
  file for existing primary organizations; its statements go through the raw pg client and are
  not counted. Beside it, the Node side alone (csv-parse + the import's row checks) and
  PostgreSQL's COPY of the same file into a bare temporary table. The generator's members step
  (load times below) is the same pipeline on the whole data set.
- **Heaviest statement**: each read statement of the deepest tree query timed on its own, the
  slowest shown with \`EXPLAIN (ANALYZE, BUFFERS)\`.

CI runs the whole pipeline at scale tiny for a fraction of a second per operation
(\`tests/bench/bench.test.ts\`), so the benchmark cannot rot; its figures mean nothing.
The national run (3.9 M members; loading takes about 15 minutes) is
\`npm run bench -- --scale national\`.`;

const errorsOf = (...runs: (LoadResult | null | undefined)[]): string => {
  const failed = runs.filter((run): run is LoadResult => !!run && run.errors > 0);
  if (failed.length === 0) return '0';
  return failed.map((run) => `${run.errors} (${run.firstError ?? ''})`).join('; ');
};

const perSubgraph = (count: StatementCount): string =>
  Object.entries(count.perSubgraph)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

/** The section of one scale: run conditions, results, targets, side by side, import, heaviest statement. */
export function renderSection(result: BenchResult, command: string): string {
  const { machine, load } = result;
  const c = result.concurrency;
  const parts: string[] = [];
  parts.push(`## Scale: ${result.scale}`);
  parts.push(
    [
      `Measured ${machine.date} on ${machine.os}, ${machine.cpu} (${machine.cores} cores), ${machine.memoryGb} GB RAM;`,
      `Node ${machine.node}, PostgreSQL ${machine.postgres} (embedded unless DATABASE_URL); commit ${machine.commit}.`,
      `Versions: ${Object.entries(machine.versions).map(([name, version]) => `${name} ${version}`).join(', ')}.`,
      `Command: \`${command}\` (each run ${result.durationMs} ms; throughput at concurrency ${c}).`,
    ].join('\n'),
  );

  const memberRate = load.members / (load.seconds['members'] ?? Number.NaN);
  parts.push(
    `### Data set\n\n${table(
      ['organizations', 'members', 'plastic cards', 'virtual cards', 'purchases', 'load time'],
      [[load.organizations.toLocaleString('en'), load.members.toLocaleString('en'), load.plasticCards.toLocaleString('en'), load.virtualCards.toLocaleString('en'), load.purchases.toLocaleString('en'), `${load.totalSeconds.toFixed(1)} s`]],
    )}\n\nLoad steps: ${Object.entries(load.seconds).map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`).join(', ')}. Members ${rate(memberRate)} rows/s through the import pipeline (Q6 at full size).`,
  );

  const q = result.queries;
  const readRows = q.map((query) => [
    `${query.id} ${query.title}`,
    query.items.toLocaleString('en'),
    ms(query.ours.sequential.p50),
    ms(query.ours.sequential.p95),
    rate(query.ours.concurrent.perSecond),
    ms(query.ours.concurrent.p95),
    `${query.statements.total} (${perSubgraph(query.statements)})`,
    query.levels === null ? '—' : (query.statements.total / query.levels).toFixed(1),
    mb(query.ours.rssPeakMb),
    errorsOf(query.ours.sequential, query.ours.concurrent),
  ]);
  const admissions = result.admissions;
  readRows.push([
    'Q5 admissions (apply + approve)',
    '—',
    ms(admissions.sequential.p50),
    ms(admissions.sequential.p95),
    `${rate(admissions.concurrent.perSecond)} admissions/s (${rate(admissions.sequential.perSecond)}/s one at a time)`,
    ms(admissions.concurrent.p95),
    `${admissions.statements.total} (${perSubgraph(admissions.statements)})`,
    '—',
    mb(admissions.rssPeakMb),
    errorsOf(admissions.sequential, admissions.concurrent),
  ]);
  const bulk = result.bulkImport;
  readRows.push([
    `Q6 bulk import (${bulk.rows.toLocaleString('en')} rows)`,
    '—',
    '—',
    '—',
    `${rate(bulk.rowsPerSecond)} rows/s (${bulk.seconds.toFixed(2)} s)`,
    '—',
    'not counted (raw pg client)',
    '—',
    '—',
    bulk.errors === 0 && bulk.created === bulk.rows ? '0' : `${bulk.errors} (${bulk.firstError ?? `created ${bulk.created} of ${bulk.rows}`})`,
  ]);
  parts.push(
    `### Our gateway\n\n${table(
      ['operation', 'organizations / members', 'p50 ms', 'p95 ms', `req/s at c=${c}`, `p95 ms at c=${c}`, 'SQL statements / request', 'per level', 'RSS peak', 'errors'],
      readRows,
    )}\n\nHTTP round trip (\`GET /health\`, same client): p50 ${ms(result.roundTrip.p50)} ms, p95 ${ms(result.roundTrip.p95)} ms${result.roundTrip.errors > 0 ? `, ${result.roundTrip.errors} errors` : ''}. Answer sizes: ${q.map((query) => `${query.id} ${(query.answerBytes / 1024).toFixed(0)} kB`).join(', ')}.`,
  );

  parts.push(`### Targets\n\n${table(['target', 'measured', 'met?'], checkTargets(result).map((check) => [check.target, check.measured, check.met === null ? 'not measured' : check.met ? 'yes' : '**no**']))}`);

  const cell = (measured: Measured | null, pick: (m: Measured) => number, format: (n: number) => string): string => (measured ? format(pick(measured)) : '—');
  const ratio = (a: Measured | null, b: Measured | null, pick: (m: Measured) => number): string => (a && b ? times(pick(a) / pick(b)) : '—');
  const p50 = (m: Measured): number => m.sequential.p50;
  const rps = (m: Measured): number => m.concurrent.perSecond;
  const sideRows = (pick: (m: Measured) => number, format: (n: number) => string) =>
    q.map((query: QueryResult) => [
      query.id,
      cell(query.floor, pick, format),
      cell(query.direct, pick, format),
      cell(query.ours, pick, format),
      cell(query.hive, pick, format),
      ratio(query.ours, query.floor, pick),
      ratio(query.ours, query.direct, pick),
      ratio(query.ours, query.hive, pick),
    ]);
  const hiveNote = result.hiveProblem ? `\n\nHive Gateway was not measured: \`${result.hiveProblem}\`` : '';
  const sideErrors = q.map((query) => `${query.id}: floor ${errorsOf(query.floor.sequential, query.floor.concurrent)}, direct ${errorsOf(query.direct?.sequential, query.direct?.concurrent)}, Hive ${errorsOf(query.hive?.sequential, query.hive?.concurrent)}`).join('; ');
  const hiveStatements = q.map((query) => `${query.id} ${query.hiveStatements ? query.hiveStatements.total : '—'}`).join(', ');
  parts.push(
    `### Side by side\n\nLatency, one request at a time (p50 ms; ratio > 1 means ours is slower):\n\n${table(
      ['query', 'SQL floor', 'subgraphs direct', 'our gateway', 'Hive Gateway', 'ours / floor', 'ours / direct', 'ours / Hive'],
      sideRows(p50, ms),
    )}\n\nThroughput at concurrency ${c} (req/s; ratio < 1 means ours serves fewer):\n\n${table(
      ['query', 'SQL floor', 'subgraphs direct', 'our gateway', 'Hive Gateway', 'ours / floor', 'ours / direct', 'ours / Hive'],
      sideRows(rps, rate),
    )}\n\nErrors: ${sideErrors}. SQL statements per request through Hive Gateway: ${hiveStatements}. RSS peak while Hive Gateway served (both gateways loaded): ${q.map((query) => `${query.id} ${mb(query.hive?.rssPeakMb ?? null)}`).join(', ')}.${hiveNote}`,
  );

  const processes = result.gatewayProcesses;
  const ownRows = q.map((query) => {
    const ours = query.ownProcess.ours;
    const hive = query.ownProcess.hive;
    return [
      query.id,
      ours ? rate(ours.concurrent.perSecond) : '—',
      ours ? ms(ours.concurrent.p50) : '—',
      mb(ours?.rssPeakMb ?? null),
      hive ? rate(hive.concurrent.perSecond) : '—',
      hive ? ms(hive.concurrent.p50) : '—',
      mb(hive?.rssPeakMb ?? null),
      ours && hive ? times(ours.concurrent.perSecond / hive.concurrent.perSecond) : '—',
      `${errorsOf(ours?.concurrent)} / ${errorsOf(hive?.concurrent)}`,
    ];
  });
  parts.push(
    `### Each gateway in its own process\n\nAs production runs it: the gateway alone in a process, over the same subgraphs (still in the stack's process), at concurrency ${c}; RSS is the gateway process's: Node with the SWC hook alone is ${mb(processes.baselineRssMb)} of it (production would run compiled JavaScript); after start, before any request: ours ${mb(processes.oursStartRssMb)}, Hive Gateway ${mb(processes.hiveStartRssMb)}.${processes.problem ? ` Not measured: \`${processes.problem}\`` : ''}\n\n${table(
      ['query', 'ours req/s', `ours p50 ms at c=${c}`, 'ours RSS peak', 'Hive req/s', `Hive p50 ms at c=${c}`, 'Hive RSS peak', 'ours / Hive req/s', 'errors (ours / Hive)'],
      ownRows,
    )}`,
  );

  parts.push(
    `### Bulk import (Q6) breakdown\n\n${table(
      ['members import (whole pipeline)', 'Node side alone (parse + row checks)', 'PostgreSQL COPY alone (bare temp table)'],
      [[`${rate(bulk.rowsPerSecond)} rows/s`, `${rate(bulk.nodeRowsPerSecond)} rows/s`, `${rate(bulk.copyRowsPerSecond)} rows/s`]],
    )}`,
  );

  const snippet = (sql: string): string => {
    const flat = sql.replace(/\s+/g, ' ').trim();
    return `\`${flat.length > 110 ? `${flat.slice(0, 110)}…` : flat}\``;
  };
  parts.push(
    `### SQL of one Q1 request, each statement on its own\n\n${table(
      ['subgraph', 'statement', 'ms'],
      result.q1Statements.map((statement) => [statement.subgraph, snippet(statement.sql), ms(statement.ms)]),
    )}\n\nSum ${ms(result.q1Statements.reduce((total, statement) => total + statement.ms, 0))} ms; the floor above runs them back to back on one connection.`,
  );

  if (result.heaviest) {
    parts.push(
      `### Heaviest statement of the deepest tree query (${ms(result.heaviest.ms)} ms on its own)\n\n\`\`\`sql\n${result.heaviest.sql.replace(/\s+/g, ' ').trim()}\n\`\`\`\n\n\`\`\`\n${result.heaviest.plan}\n\`\`\``,
    );
  }
  return parts.join('\n\n');
}
