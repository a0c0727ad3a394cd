import { performance } from 'node:perf_hooks';
import type { LatencySummary } from './percentiles';
import { summarize } from './percentiles';

/** How long and how hard one measurement pushes. */
export interface LoadShape {
  /** Requests in flight at any time (each worker waits for its answer before sending again). */
  concurrency: number;
  /** Stop starting requests after this long. */
  durationMs: number;
  /** …or after this many measured requests, whichever comes first. */
  maxRequests: number;
  /** Requests sent one by one before measuring: connections opened, plans cached, code warmed by the JIT. */
  warmup: number;
  /** Keep going past the duration until this many requests were sent, so a slow operation still gets a p50 of several (default 5). */
  minRequests?: number;
}

/** What one measurement observed. Errors are counted, never dropped: a run with errors says so. */
export interface LoadResult extends LatencySummary {
  /** Measured requests. */
  requests: number;
  /** Every request sent, warm-up included: what work counted over the whole run is divided by. */
  sent: number;
  errors: number;
  /** The first error's message, to say what went wrong. */
  firstError: string | null;
  seconds: number;
  perSecond: number;
}

/**
 * A closed-loop load generator without a dependency: `concurrency` workers each run `task` again
 * and again until the time or the request budget is spent, timing each call with
 * `performance.now()`. `task` gets a number unique within the run (warm-up included), so tasks
 * that must not repeat themselves (admissions) can derive unique data from it; it throws to report
 * an error.
 */
export async function runLoad(task: (index: number) => Promise<void>, shape: LoadShape): Promise<LoadResult> {
  let next = 0;
  let errors = 0;
  let firstError: string | null = null;
  const fail = (error: unknown): void => {
    errors += 1;
    firstError ??= error instanceof Error ? error.message : String(error);
  };
  for (let index = 0; index < shape.warmup; index += 1) await task(next++).catch(fail);

  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + shape.durationMs;
  const budget = next + shape.maxRequests;
  let finished = started;
  const floor = next + Math.min(shape.maxRequests, shape.minRequests ?? 5);
  const worker = async (): Promise<void> => {
    while (next < budget && (performance.now() < deadline || next < floor)) {
      const index = next++;
      const sent = performance.now();
      await task(index).catch(fail);
      finished = performance.now();
      latencies.push(finished - sent);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, shape.concurrency) }, worker));
  const seconds = (finished - started) / 1000;
  return {
    ...summarize(latencies),
    requests: latencies.length,
    sent: next,
    errors,
    firstError,
    seconds,
    perSecond: seconds > 0 ? latencies.length / seconds : 0,
  };
}

/** The result of a run that could not take place (the operation failed its first check): one error, no figures. */
export function failedRun(message: string): LoadResult {
  return { ...summarize([]), requests: 0, sent: 0, errors: 1, firstError: message, seconds: 0, perSecond: Number.NaN };
}
