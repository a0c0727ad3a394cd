import type { BenchResult, Measured, QueryResult, StatementCount, UnderLoad } from './bench-result';
import type { GatewayKind } from './gateway-process';
import { mb, ms, rate, table, times } from './format';
import type { LoadResult } from './run-load';
import { checkTargets } from './targets';

export { METHOD } from './report-method';

const count = (value: number): string => value.toLocaleString('en');

const errorsOf = (...runs: (LoadResult | null | undefined)[]): string => {
  const failed = runs.filter((run): run is LoadResult => !!run && run.errors > 0);
  if (failed.length === 0) return '0';
  return failed.map((run) => `${run.errors} (${run.firstError ?? ''})`).join('; ');
};

const perSubgraph = (statements: StatementCount): string =>
  Object.entries(statements.perSubgraph)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

const isMeasured = (m: UnderLoad): m is Measured => 'sequential' in m;
const p50 = (m: UnderLoad): number => (isMeasured(m) ? m.sequential.p50 : Number.NaN);
const rps = (m: UnderLoad): number => m.concurrent.perSecond;
const cell = (pick: (m: UnderLoad) => number, format: (n: number) => string) => (m: UnderLoad | null) =>
  m ? format(pick(m)) : '—';
const ratioOf = (pick: (m: UnderLoad) => number) => (a: UnderLoad | null, b: UnderLoad | null) =>
  a && b ? times(pick(a) / pick(b)) : '—';
const latency = cell(p50, ms);
const latencyRatio = ratioOf(p50);
const throughput = cell(rps, rate);
const throughputRatio = ratioOf(rps);
const underLoad = (m: UnderLoad | null): string => (m?.cost ? m.cost.statementsPerRequest.toFixed(1) : '—');
const cpu = (m: UnderLoad | null): string => {
  const costs = m?.cost?.cpuMsPerRequest;
  if (!costs) return '—';
  return Object.entries(costs)
    .map(([name, value]) => `${name} ${value.toFixed(1)}`)
    .join(' · ');
};
const KINDS: readonly GatewayKind[] = ['ours', 'hive', 'hiveShipped', 'hiveRouter'];

/** The section of one scale: run conditions, results, targets, comparisons, import, SQL. */
export function renderSection(result: BenchResult, command: string): string {
  return [
    `## Scale: ${result.scale}`,
    conditions(result, command),
    dataSet(result),
    ourGateway(result),
    `### Targets\n\n${table(
      ['target', 'measured', 'met?'],
      checkTargets(result).map((check) => [
        check.target,
        check.measured,
        check.met === null ? 'not measured' : check.met ? 'yes' : '**no**',
      ]),
    )}`,
    sideBySide(result),
    ownProcesses(result),
    bulkImport(result),
    sqlOfQ1(result),
    pastDate(result),
    heaviest(result),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

function conditions(result: BenchResult, command: string): string {
  const { machine } = result;
  return [
    `Measured ${machine.date} on ${machine.os}, ${machine.cpu} (${machine.cores} cores), ${machine.memoryGb} GB RAM;`,
    `Node ${machine.node}, PostgreSQL ${machine.postgres} (embedded unless DATABASE_URL); commit ${machine.commit}.`,
    `Versions: ${Object.entries(machine.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    `Command: \`${command}\` (each run ${result.durationMs} ms; throughput at concurrency ${result.concurrency}).`,
  ].join('\n');
}

function dataSet({ load }: BenchResult): string {
  const members = load.members / (load.seconds['members'] ?? Number.NaN);
  return `### Data set\n\n${table(
    ['organizations', 'members', 'plastic cards', 'virtual cards', 'purchases', 'load time'],
    [
      [
        count(load.organizations),
        count(load.members),
        count(load.plasticCards),
        count(load.virtualCards),
        count(load.purchases),
        `${load.totalSeconds.toFixed(1)} s`,
      ],
    ],
  )}\n\nLoad steps: ${Object.entries(load.seconds)
    .map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`)
    .join(', ')}. Members: ${rate(members)} rows/s through the import pipeline (Q6 at full size).`;
}

function ourGateway(result: BenchResult): string {
  const c = result.concurrency;
  const rows = result.queries.map((query) => [
    `${query.id} ${query.title}`,
    count(query.items),
    ms(query.ours.sequential.p50),
    ms(query.ours.sequential.p95),
    rate(query.ours.concurrent.perSecond),
    ms(query.ours.concurrent.p95),
    Number.isFinite(query.statements.total) ? `${query.statements.total} (${perSubgraph(query.statements)})` : '—',
    query.levels === null || !Number.isFinite(query.statements.total)
      ? '—'
      : (query.statements.total / query.levels).toFixed(1),
    mb(query.ours.rssPeakMb),
    errorsOf(query.ours.sequential, query.ours.concurrent),
  ]);
  const { admissions, bulkImport: bulk } = result;
  rows.push([
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
  const imported = bulk.errors === 0 && bulk.created === bulk.rows;
  rows.push([
    `Q6 bulk import (${count(bulk.rows)} rows)`,
    '—',
    '—',
    '—',
    `${rate(bulk.rowsPerSecond)} rows/s (${bulk.seconds.toFixed(2)} s)`,
    '—',
    'not counted (raw pg client)',
    '—',
    '—',
    imported ? '0' : `${bulk.errors} (${bulk.firstError ?? `created ${bulk.created} of ${bulk.rows}`})`,
  ]);
  return `### Our gateway\n\n${table(
    [
      'operation',
      'organizations / members',
      'p50 ms',
      'p95 ms',
      `req/s at c=${c}`,
      `p95 ms at c=${c}`,
      'SQL statements / request',
      'per level',
      'RSS peak (stack)',
      'errors',
    ],
    rows,
  )}\n\nHTTP round trip (\`GET /health\`, same client): p50 ${ms(result.roundTrip.p50)} ms, p95 ${ms(result.roundTrip.p95)} ms${result.roundTrip.errors > 0 ? `, ${result.roundTrip.errors} errors` : ''}. Answer sizes: ${result.queries.map((query) => `${query.id} ${(query.answerBytes / 1024).toFixed(0)} kB`).join(', ')}.`;
}

function sideBySide(result: BenchResult): string {
  const q = result.queries;
  const errors = q
    .map(
      (query) =>
        `${query.id}: floor ${errorsOf(query.floor.sequential, query.floor.concurrent)}, direct ${errorsOf(query.direct?.sequential, query.direct?.concurrent)}, Hive ${errorsOf(query.hive?.sequential, query.hive?.concurrent, query.hiveShipped?.concurrent)}`,
    )
    .join('; ');
  return [
    '### Side by side',
    `In the stack's process, as \`npm start\` runs. "Hive Gateway" does the same work as ours (its in-flight deduplication off); "as shipped" it shares one subgraph request among identical queries in flight — with every client sending the same query that saves most of the subgraphs' work (see SQL statements per request under load), which @apollo/gateway does not do.`,
    'Latency, one request at a time (p50 ms; ratio > 1 means ours is slower):',
    table(
      [
        'query',
        'SQL floor',
        'subgraphs direct',
        'our gateway',
        'Hive Gateway',
        'ours / floor',
        'ours / direct',
        'ours / Hive',
      ],
      q.map((query) => [
        query.id,
        latency(query.floor),
        latency(query.direct),
        latency(query.ours),
        latency(query.hive),
        latencyRatio(query.ours, query.floor),
        latencyRatio(query.ours, query.direct),
        latencyRatio(query.ours, query.hive),
      ]),
    ),
    `Throughput at concurrency ${result.concurrency} (req/s; ratio < 1 means ours serves fewer):`,
    table(
      [
        'query',
        'SQL floor',
        'subgraphs direct',
        'our gateway',
        'Hive Gateway',
        'Hive as shipped',
        'ours / floor',
        'ours / direct',
        'ours / Hive',
        'ours / Hive as shipped',
        'SQL statements / request under load: ours / Hive / as shipped',
      ],
      q.map((query) => [
        query.id,
        throughput(query.floor),
        throughput(query.direct),
        throughput(query.ours),
        throughput(query.hive),
        throughput(query.hiveShipped),
        throughputRatio(query.ours, query.floor),
        throughputRatio(query.ours, query.direct),
        throughputRatio(query.ours, query.hive),
        throughputRatio(query.ours, query.hiveShipped),
        `${underLoad(query.ours)} / ${underLoad(query.hive)} / ${underLoad(query.hiveShipped)}`,
      ]),
    ),
    `SQL statements of one request alone through Hive Gateway: ${q.map((query) => `${query.id} ${query.hiveStatements ? query.hiveStatements.total : '—'}`).join(', ')}. RSS peak of the stack's process while Hive Gateway served (both gateways loaded): ${q.map((query) => `${query.id} ${mb(query.hive?.rssPeakMb ?? null)}`).join(', ')}. Errors: ${errors}.${result.hiveProblem ? `\n\nHive Gateway was not measured: \`${result.hiveProblem}\`` : ''}`,
  ].join('\n\n');
}

function ownProcesses(result: BenchResult): string {
  const processes = result.gatewayProcesses;
  const own = (query: QueryResult, kind: GatewayKind): UnderLoad | null => query.ownProcess[kind];
  return [
    '### Each gateway in its own process',
    `As production runs it: the gateway alone in a process, over the same subgraphs (still in the stack's process), at concurrency ${result.concurrency}. RSS is the gateway process's own; Node with the SWC hook alone is ${mb(processes.baselineRssMb)} of it (\`@swc-node/register\` loads SWC's native compiler). After start, before any request: ours ${mb(processes.startRssMb.ours ?? null)}, Hive Gateway ${mb(processes.startRssMb.hive ?? null)}, with the Rust query planner ${mb(processes.startRssMb.hiveRouter ?? null)}. "Rust planner" is Hive Gateway as shipped with \`@graphql-hive/router-runtime\`.${processes.problem ? ` Not measured: \`${processes.problem}\`` : ''}`,
    table(
      [
        'query',
        'ours req/s',
        'Hive req/s',
        'Hive as shipped req/s',
        'Rust planner req/s',
        'ours / Hive',
        'ours / Hive as shipped',
        'ours / Rust planner',
        'RSS peak: ours / Hive / as shipped / Rust planner',
        'errors',
      ],
      result.queries.map((query) => [
        query.id,
        throughput(own(query, 'ours')),
        throughput(own(query, 'hive')),
        throughput(own(query, 'hiveShipped')),
        throughput(own(query, 'hiveRouter')),
        throughputRatio(own(query, 'ours'), own(query, 'hive')),
        throughputRatio(own(query, 'ours'), own(query, 'hiveShipped')),
        throughputRatio(own(query, 'ours'), own(query, 'hiveRouter')),
        KINDS.map((kind) => mb(own(query, kind)?.rssPeakMb ?? null)).join(' / '),
        KINDS.map((kind) => errorsOf(own(query, kind)?.concurrent)).join(' / '),
      ]),
    ),
    'CPU ms per request, by process (all share the machine\'s cores, so their sum bounds throughput; "stack" holds the four subgraphs and our idle in-process gateway):',
    table(
      ['query', 'our gateway', 'Hive Gateway', 'Hive as shipped', 'Rust planner'],
      result.queries.map((query) => [query.id, ...KINDS.map((kind) => cpu(own(query, kind)))]),
    ),
    `Our gateway in the stack's process (gateway and subgraphs together): ${result.queries.map((query) => `${query.id} ${cpu(query.ours)}`).join('; ')}.`,
  ].join('\n\n');
}

function bulkImport({ bulkImport: bulk }: BenchResult): string {
  return `### Bulk import (Q6) breakdown\n\n${table(
    [
      'members import (whole pipeline)',
      'Node side alone (parse + row checks)',
      'PostgreSQL COPY alone (bare temp table)',
    ],
    [
      [
        `${rate(bulk.rowsPerSecond)} rows/s`,
        `${rate(bulk.nodeRowsPerSecond)} rows/s`,
        `${rate(bulk.copyRowsPerSecond)} rows/s`,
      ],
    ],
  )}`;
}

const snippet = (sql: string): string => {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return `\`${flat.length > 110 ? `${flat.slice(0, 110)}…` : flat}\``;
};

function sqlOfQ1({ q1Statements }: BenchResult): string {
  if (q1Statements.length === 0) return '';
  const sum = q1Statements.reduce((total, statement) => total + statement.ms, 0);
  return `### SQL of one Q1 request, each statement on its own\n\n${table(
    ['subgraph', 'statement', 'ms'],
    q1Statements.map((statement) => [statement.subgraph, snippet(statement.sql), ms(statement.ms)]),
  )}\n\nSum ${ms(sum)} ms (best of three each); the floor runs them back to back on one connection.`;
}

function pastDate({ pastDateSql: past }: BenchResult): string {
  return `### Members of the ${count(past.regions)} regions on a past date, SQL alone\n\n${table(
    ['reading', 'ms'],
    [
      ['today: the tally (subtree_member_counts_v1)', ms(past.todayMs)],
      [`${past.asOf}: the running totals by day (subtree_member_counts_v1)`, ms(past.pastMs)],
      [`${past.asOf}: membership periods member by member (the reading before figures by date)`, ms(past.perMemberMs)],
    ],
  )}\n\nBest of five each. ${count(past.byDayRows)} rows of the day (one per organization and change day; a date reads one per organization) for ${count(past.periods)} membership periods; today's tally has ${count(past.tallyRows)} rows.`;
}

function heaviest({ heaviest: statement }: BenchResult): string {
  if (!statement) return '';
  const sql = shortenArrays(statement.sql.replace(/\s+/g, ' ').trim());
  const plan = statement.plan.split('\n').map(shortenArrays).join('\n');
  return `### Heaviest statement of the deepest tree query (${ms(statement.ms)} ms on its own)\n\n\`\`\`sql\n${sql}\n\`\`\`\n\n\`\`\`\n${plan}\n\`\`\``;
}

/** A batch's id list runs to thousands of UUIDs; the report shows the first and how many. */
function shortenArrays(text: string): string {
  return text.replace(/'\{"?([0-9a-f-]{36})"?(,"?[0-9a-f-]{36}"?)+\}'/g, (whole, first: string) => {
    const count = (whole.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []).length;
    return `'{${first},… ${count} ids}'`;
  });
}
