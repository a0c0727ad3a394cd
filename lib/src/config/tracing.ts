import type { Env } from './environment';
import { textOf } from './values';

export interface TracingConfig {
  /** OTEL_EXPORTER_OTLP_ENDPOINT; null: no OpenTelemetry module is loaded and nothing is sent. */
  readonly otlpEndpoint: string | null;
  /** OTEL_SERVICE_NAME; null: `registry-<service>`. */
  readonly serviceName: string | null;
}

/** The SDK's other `OTEL_*` variables are its own: it reads them itself, once tracing is on. */
export function loadTracingConfig(env: Env): TracingConfig {
  return { otlpEndpoint: textOf(env, 'OTEL_EXPORTER_OTLP_ENDPOINT'), serviceName: textOf(env, 'OTEL_SERVICE_NAME') };
}
