import type { PastDateSql } from './past-date-sql';
import type { LoadSummary } from '../generator/load-union';
import type { ScaleName } from '../generator/scales';
import type { BulkImportResult } from './bulk-import';
import type { MachineInfo } from './machine';
import type { GatewayKind } from './gateway-process';
import type { GatewayProcesses } from './measure-gateway-processes';
import type { LoadCost } from './observe';
import type { LoadResult } from './run-load';

/** One way of answering an operation, at the run's concurrency. */
export interface UnderLoad {
  /** Throughput, and latency under load. */
  concurrent: LoadResult;
  /** SQL statements and CPU per request during the concurrent run; null where not observed (the floor). */
  cost: LoadCost | null;
  /** Peak RSS during the runs (MB): the stack's process, or the gateway's own where it ran alone; null where not sampled. */
  rssPeakMb: number | null;
}

/** The same, also measured one request at a time. */
export interface Measured extends UnderLoad {
  /** Concurrency 1: latency without queueing. */
  sequential: LoadResult;
}

/** SQL statements of one request, in total and per subgraph. */
export interface StatementCount {
  total: number;
  perSubgraph: Record<string, number>;
}

/** A read operation (Q1–Q4) side by side. */
export interface QueryResult {
  id: string;
  title: string;
  /** Why our gateway could not answer it (then nothing else of it was measured). */
  failure: string | null;
  /** Tree levels the answer spans (the root's included); null for Q4. */
  levels: number | null;
  /** Organizations in the answer (trees), members (Q4). */
  items: number;
  /** Size of our gateway's answer (bytes). */
  answerBytes: number;
  statements: StatementCount;
  ours: Measured;
  /** The same SQL replayed straight against PostgreSQL. */
  floor: Measured;
  /** The gateway's subgraph requests posted straight to the subgraphs (Q1 only). */
  direct: Measured | null;
  /** Hive Gateway doing the same work as ours (in-flight deduplication off). */
  hive: Measured | null;
  /** Hive Gateway as shipped: identical queries in flight share one subgraph request. */
  hiveShipped: UnderLoad | null;
  /** Statements of one request through Hive Gateway (its query plans may differ). */
  hiveStatements: StatementCount | null;
  /** Each gateway alone in its own process, at the run's concurrency; RSS is the gateway's own. */
  ownProcess: Record<GatewayKind, UnderLoad | null>;
}

export interface BenchResult {
  scale: ScaleName;
  seed: number;
  durationMs: number;
  concurrency: number;
  machine: MachineInfo;
  load: LoadSummary & { totalSeconds: number };
  /** GET /health on our gateway, one at a time: one HTTP round trip through the same client. */
  roundTrip: LoadResult;
  queries: QueryResult[];
  admissions: { sequential: LoadResult; concurrent: LoadResult; statements: StatementCount; rssPeakMb: number };
  bulkImport: BulkImportResult;
  /** Why Hive Gateway was not measured in the stack's process, when it was not (the error as it came). */
  hiveProblem: string | null;
  gatewayProcesses: GatewayProcesses;
  /** The slowest statement of the full-tree query on its own, with PostgreSQL's plan. */
  heaviest: { ms: number; sql: string; plan: string } | null;
  /** Each read statement of one Q1 request on its own (ms, best of three). */
  q1Statements: { subgraph: string; sql: string; ms: number }[];
  /** Members of the regions on a past date, SQL alone: the dated deltas against the member-by-member count they replaced. */
  pastDateSql: PastDateSql;
}
