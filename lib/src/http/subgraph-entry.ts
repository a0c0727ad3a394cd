import type { SubgraphDefinition } from '../subgraph';
import { startTracing } from '../observability/tracing';

/**
 * The body of a subgraph's `server.ts`: tracing first (when OTEL_EXPORTER_OTLP_ENDPOINT asks for
 * it), then the subgraph and the server, loaded only now so that the instrumentations see `http`
 * and `express` load.
 */
export function runSubgraphEntry(
  name: string,
  defaultPort: number,
  load: () => Promise<SubgraphDefinition<unknown>>,
): void {
  const stopTracing = startTracing(name);
  void (async () => {
    const { runSubgraphProcess } = await import('./run-subgraph');
    await runSubgraphProcess(await load(), { defaultPort, ...(stopTracing ? { stopTracing } : {}) });
  })().catch(async (error: unknown) => {
    const { logger } = await import('../log/logger');
    logger.fatal({ service: name, err: error }, 'the subgraph could not start');
    process.exit(1);
  });
}
