/**
 * `@registry/lib/entry`: what a process's entry file (a subgraph's `server.ts`, the gateway's
 * `main.ts`) imports first: its configuration, then tracing. Nothing here loads `http` or
 * `express`, which OpenTelemetry's instrumentations can only patch if tracing starts before they
 * load; the package root loads both.
 */
export type { Env, RegistryConfig } from './config';
export { loadConfig, loadLoggingConfig } from './config';
export { configureLogging } from './log/logger';
export { runSubgraphEntry } from './http/subgraph-entry';
export { startTracing } from './observability/tracing';
