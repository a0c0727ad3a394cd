import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { RunningStack } from '@registry/stack';
import { PROJECT_ROOT } from '@registry/stack';
import type { Viewer } from '@registry/lib';
import type { Measured, QueryResult, UnderLoad } from './bench-result';
import { measureFloor } from './floor';
import type { HttpJob } from './http-jobs';
import type { PeerGateway } from './peer-gateway';
import { startHiveGateway } from './peer-gateway';
import type { ReadOperation } from './read-operations';
import { directQ1Steps, stepsOf } from './read-operations';
import type { LoadShape } from './run-load';
import { failedRun } from './run-load';
import { captureStatements } from './statements';

/** What measuring reads needs from the run. */
export interface ReadContext {
  stack: RunningStack;
  databaseUrl: string;
  /** A central admin's token for our gateway. */
  token: string;
  /** That admin, signed onto requests that bypass our gateway with `internalSecret`. */
  viewer: Viewer;
  internalSecret: string;
  /** Runs a job one request at a time, then at the run's concurrency, sampling the stack's RSS and observing the cost. */
  measure(job: HttpJob, warmup: number): Promise<Measured>;
  /** The same at the run's concurrency only. */
  measureConcurrent(job: HttpJob, warmup: number): Promise<UnderLoad>;
  shapes(warmup: number): { sequential: LoadShape; concurrent: LoadShape };
  /** Our gateway's answers, which any other gateway's must equal. */
  answers: Map<string, unknown>;
  /** The SQL one request of each operation sent. */
  sqlOf: Map<string, { subgraph: string; sql: string }[]>;
}

/** One read operation through our gateway, its SQL floor, and (Q1) the subgraphs directly. */
export async function measureRead(operation: ReadOperation, context: ReadContext): Promise<QueryResult> {
  const { stack, token } = context;
  const headers = { authorization: `Bearer ${token}` };
  let texts: string[];
  try {
    texts = await postOperation(stack.gatewayUrl, operation, headers);
  } catch (error) {
    return failedQuery(operation, error instanceof Error ? error.message : String(error));
  }
  const data = texts.map((text): unknown => JSON.parse(text));
  context.answers.set(operation.id, data);
  const capture = await captureStatements(stack.subgraphs, () => postOperation(stack.gatewayUrl, operation, headers));
  const sql = capture.statements.map((statement) => statement.sql);
  context.sqlOf.set(operation.id, capture.statements);
  const ours = await context.measure(
    { kind: 'post', steps: stepsOf(operation, stack.gatewayUrl, headers) },
    operation.warmup,
  );
  const floorShapes = context.shapes(operation.warmup);
  const floor: Measured = {
    sequential: await measureFloor(context.databaseUrl, sql, floorShapes.sequential),
    concurrent: await measureFloor(context.databaseUrl, sql, floorShapes.concurrent),
    cost: null,
    rssPeakMb: null,
  };
  const direct =
    operation.id === 'Q1'
      ? await context.measure(
          { kind: 'post', steps: await directQ1Steps(stack, context.viewer, context.internalSecret) },
          operation.warmup,
        )
      : null;
  return {
    id: operation.id,
    title: operation.title,
    failure: null,
    levels: operation.levels,
    items: operation.count(data),
    answerBytes: texts.reduce((total, text) => total + Buffer.byteLength(text), 0),
    statements: { total: capture.total, perSubgraph: capture.perSubgraph },
    ours,
    floor,
    direct,
    hive: null,
    hiveShipped: null,
    hiveStatements: null,
    ownProcess: { ours: null, hive: null, hiveShipped: null, hiveRouter: null },
  };
}

/** An operation our gateway could not answer: the error stands in every run, so the report shows it. */
function failedQuery(operation: ReadOperation, message: string): QueryResult {
  const failed = (): Measured => ({
    sequential: failedRun(message),
    concurrent: failedRun(message),
    cost: null,
    rssPeakMb: null,
  });
  return {
    id: operation.id,
    title: operation.title,
    failure: message,
    levels: operation.levels,
    items: 0,
    answerBytes: 0,
    statements: { total: Number.NaN, perSubgraph: {} },
    ours: failed(),
    floor: failed(),
    direct: operation.id === 'Q1' ? failed() : null,
    hive: null,
    hiveShipped: null,
    hiveStatements: null,
    ownProcess: { ours: null, hive: null, hiveShipped: null, hiveRouter: null },
  };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Hive Gateway in this process on the same operations, after ours (so our RSS figures do not
 * include it): first doing the same work as ours (in-flight deduplication off), one request at a
 * time and concurrently, then as shipped (deduplication on), concurrently. Its answers must equal
 * ours, or its figures would compare different work. Returns why it could not be measured, if so.
 */
export async function measurePeerInProcess(
  queries: QueryResult[],
  operations: readonly ReadOperation[],
  context: ReadContext,
  log: (line: string) => void,
): Promise<string | null> {
  const problems: string[] = [];
  for (const deduplicate of [false, true]) {
    let peer: PeerGateway;
    try {
      peer = await startHiveGateway({
        supergraphSdl: await runningSupergraph(),
        subgraphUrls: subgraphUrls(context.stack),
        viewer: context.viewer,
        internalSecret: context.internalSecret,
        deduplicate,
        rustPlanner: false,
      });
    } catch (error) {
      return `Hive Gateway did not start: ${messageOf(error)}`;
    }
    try {
      for (const operation of operations) {
        const result = queries.find((query) => query.id === operation.id);
        if (!result) continue;
        log(`${operation.id} through Hive Gateway${deduplicate ? ' as shipped (in-flight deduplication)' : ''}…`);
        const job: HttpJob = { kind: 'post', steps: stepsOf(operation, peer.url, {}) };
        try {
          await assertSameAnswer(peer.url, {}, operation, context.answers);
          if (deduplicate) {
            result.hiveShipped = await context.measureConcurrent(job, operation.warmup);
          } else {
            const capture = await captureStatements(context.stack.subgraphs, () =>
              postOperation(peer.url, operation, {}),
            );
            result.hiveStatements = { total: capture.total, perSubgraph: capture.perSubgraph };
            result.hive = await context.measure(job, operation.warmup);
          }
        } catch (error) {
          // One operation failing (a subgraph refusing a large batch…) leaves the others measurable.
          problems.push(`${operation.id}${deduplicate ? ' as shipped' : ''}: ${messageOf(error)}`);
          const failed = failedRun(messageOf(error));
          if (deduplicate) result.hiveShipped = { concurrent: failed, cost: null, rssPeakMb: null };
          else result.hive = { sequential: failed, concurrent: failed, cost: null, rssPeakMb: null };
        }
      }
    } finally {
      await peer.stop();
    }
  }
  return problems.length > 0 ? `Hive Gateway failed on ${problems.join('; ')}` : null;
}

/** Fails unless a gateway answers the operation cleanly, and as our gateway did (when ours could). */
export async function assertSameAnswer(
  url: string,
  headers: Record<string, string>,
  operation: ReadOperation,
  answers: ReadonlyMap<string, unknown>,
): Promise<void> {
  const answer = (await postOperation(url, operation, headers)).map((text): unknown => JSON.parse(text));
  if (answers.has(operation.id) && !isDeepStrictEqual(answer, answers.get(operation.id)))
    throw new Error(`${operation.id}: the answer from ${url} differs from our gateway's`);
}

/** The committed supergraph, as our gateway serves it. */
export const runningSupergraph = (): Promise<string> =>
  readFile(join(PROJECT_ROOT, 'schema', 'supergraph.graphql'), 'utf8');

export const subgraphUrls = (stack: RunningStack): Record<string, string> =>
  Object.fromEntries([...stack.subgraphs].map(([name, { url }]) => [name, url]));

/** Posts each request of an operation in turn (a table's pages), each checked; returns the answers' texts. */
async function postOperation(
  url: string,
  operation: ReadOperation,
  headers: Record<string, string>,
): Promise<string[]> {
  const texts: string[] = [];
  for (const body of operation.bodies) texts.push(await postChecked(url, body, headers));
  return texts;
}

/** Posts once and fails on anything but a clean answer; returns the answer's text. */
async function postChecked(url: string, body: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  if (response.status !== 200 || text.includes('"errors":'))
    throw new Error(`HTTP ${response.status} from ${url}: ${text.slice(0, 500)}`);
  return text;
}
