import type { Env } from '../config';
import { loadConfig } from '../config';
import { startTracing } from '../observability/tracing';
import type { SubgraphDefinition } from '../subgraph';

/**
 * The body of a subgraph's `server.ts`: the configuration, read once from the `env` the entry
 * passes (its `process.env`), then tracing (when OTEL_EXPORTER_OTLP_ENDPOINT asks for it), then
 * the subgraph and the server, loaded only now so that the instrumentations see `http` and
 * `express` load.
 */
export function runSubgraphEntry(
  name: string,
  defaultPort: number,
  env: Env,
  load: () => Promise<SubgraphDefinition<unknown>>,
): void {
  void (async () => {
    // Inside the promise: a refused setting is logged as the start's failure, like any other.
    const config = loadConfig(env, { subgraphs: [name] });
    const stopTracing = startTracing(name, config.tracing);
    const { runSubgraphProcess } = await import('./run-subgraph');
    await runSubgraphProcess(await load(), { config, defaultPort, ...(stopTracing ? { stopTracing } : {}) });
  })().catch(async (error: unknown) => {
    const { logger } = await import('../log/logger');
    logger.fatal({ service: name, err: error }, 'the subgraph could not start');
    process.exit(1);
  });
}
