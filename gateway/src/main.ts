import { startTracing } from '@registry/lib/src/observability/tracing';

// The production gateway, its own process (`node gateway/dist/main.js`; the development stack is
// `npm start`). Tracing starts first, when asked for, so that http and express load instrumented.
const stopTracing = startTracing('gateway');
void import('./http/gateway-process')
  .then(({ runGatewayProcess }) => runGatewayProcess(stopTracing))
  .catch(async (error: unknown) => {
    const { logger } = await import('@registry/lib');
    logger.fatal({ service: 'gateway', err: error }, 'the gateway could not start');
    process.exit(1);
  });
