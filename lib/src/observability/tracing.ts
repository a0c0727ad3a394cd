import type { TracingConfig } from '../config/tracing';

/**
 * OpenTelemetry tracing, only when OTEL_EXPORTER_OTLP_ENDPOINT is set: then the SDK exports spans
 * of the HTTP server and client and of Express to that collector (the standard OTEL_* variables
 * apply). Unset, no OpenTelemetry module is even loaded, so nothing can call out: the registry
 * holds personal data and runs on closed networks.
 *
 * Must run before `http` and `express` are loaded (the instrumentations patch them as they
 * load), which is why this module imports nothing but the configuration's type, and why the process
 * entries (`server.ts`, the gateway's `main.ts`) load the rest after calling it.
 */
export function startTracing(service: string, config: TracingConfig): (() => Promise<void>) | null {
  if (!config.otlpEndpoint) return null;
  // Loaded here, not at the top: with tracing off these modules stay unread.
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see above */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: config.serviceName ?? `registry-${service}`,
    instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()],
  });
  sdk.start();
  return () => sdk.shutdown();
}
