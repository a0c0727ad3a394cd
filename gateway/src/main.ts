// First: type-graphql's decorators (the package root of @registry/lib declares `PageInfo`) read the metadata it provides.
import 'reflect-metadata';
import { loadConfig, startTracing } from '@registry/lib/entry';

// The production gateway, its own process (`node gateway/dist/main.js`; the development stack is
// `npm start`). The configuration is read once, here; tracing starts next, when asked for, so
// that http and express load instrumented.
void (async () => {
  // The gateway serves no subgraph: settings only a subgraph needs are not its to require.
  const config = loadConfig(process.env, { subgraphs: [] });
  const stopTracing = startTracing('gateway', config.tracing);
  const { runGatewayProcess } = await import('./http/gateway-process');
  await runGatewayProcess(config, stopTracing);
})().catch(async (error: unknown) => {
  const { logger } = await import('@registry/lib');
  logger.fatal({ service: 'gateway', err: error }, 'the gateway could not start');
  process.exit(1);
});
