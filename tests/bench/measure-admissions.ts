import type { RunningStack } from '@registry/stack';
import type { BenchResult } from './bench-result';
import { primaryIds } from './database';
import type { HttpJob } from './http-jobs';
import type { LoadClient } from './load-client';
import { sampleRss } from './rss';
import { captureStatements } from './statements';

/** Q5: applications approved one at a time, then `concurrency` at a time, each a new person. */
export async function measureAdmissions(
  stack: RunningStack,
  loader: LoadClient,
  options: { token: string; databaseUrl: string; durationMs: number; concurrency: number },
): Promise<BenchResult['admissions']> {
  const organizationIds = await primaryIds(options.databaseUrl);
  let serialBase = 0;
  const job = (): HttpJob => {
    // Each run numbers its people from its own base: nobody applies twice.
    const base = serialBase;
    serialBase += 1_000_000;
    return { kind: 'admission', url: stack.gatewayUrl, adminToken: options.token, organizationIds, serialBase: base };
  };
  const rss = sampleRss();
  const sequential = await loader.run(job(), {
    concurrency: 1,
    durationMs: options.durationMs,
    maxRequests: 200,
    warmup: 3,
  });
  const concurrent = await loader.run(job(), {
    concurrency: options.concurrency,
    durationMs: options.durationMs,
    maxRequests: 500,
    warmup: 0,
  });
  const rssPeakMb = rss.stop();
  const statements = await captureStatements(stack.subgraphs, async () => {
    const result = await loader.run(job(), { concurrency: 1, durationMs: 60_000, maxRequests: 1, warmup: 0 });
    if (result.errors > 0) throw new Error(`Expected one admission to succeed, got: ${result.firstError}`);
  });
  return {
    sequential,
    concurrent,
    statements: { total: statements.total, perSubgraph: statements.perSubgraph },
    rssPeakMb,
  };
}
