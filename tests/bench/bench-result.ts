import type { LoadSummary } from '../generator/load-union';
import type { ScaleName } from '../generator/scales';
import type { BulkImportResult } from './bulk-import';
import type { MachineInfo } from './machine';
import type { GatewayProcesses } from './measure-gateway-processes';
import type { LoadResult } from './run-load';

/** One way of answering an operation, measured one request at a time and at the run's concurrency. */
export interface Measured {
  /** Concurrency 1: latency without queueing. */
  sequential: LoadResult;
  /** The run's concurrency: throughput, and latency under load. */
  concurrent: LoadResult;
  /** Peak RSS of the stack's process during both runs (MB); null where not sampled. */
  rssPeakMb: number | null;
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
  hive: Measured | null;
  /** Statements of one request through Hive Gateway (its query plans may differ). */
  hiveStatements: StatementCount | null;
  /** Each gateway alone in its own process: throughput at the run's concurrency, and its own RSS peak (MB). */
  ownProcess: Record<'ours' | 'hive', { concurrent: LoadResult; rssPeakMb: number } | null>;
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
}
