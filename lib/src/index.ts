/**
 * `@registry/lib`: what the subgraphs and the gateway run on. Test helpers are in
 * `@registry/lib/testing`, the development database in `@registry/lib/database-server`, and what
 * a process's entry loads before tracing in `@registry/lib/entry`. Loading this module does not
 * load `reflect-metadata`: each process entry imports it first (type-graphql's decorators,
 * `PageInfo`'s here too, read the metadata it provides).
 */
export * from './auth/viewer';
export * from './auth/viewer-header';
export * from './auth/rules';
export * from './auth/scope';
export * from './config';
// The organizations subtree contract the scope reads; readers import it from @registry/organizations/contract.
export * from './contract/organization-subtree';
export * from './context';
export * from './runtime';
export * from './db/base-entity';
export * from './db/orm';
export * from './errors/command-error';
export * from './errors/domain-error';
export * from './errors/graphql-errors';
export * from './http/listen';
export * from './http/subgraph-server';
export * from './schema/federated-schema';
export * from './subgraph';
export * from './schema/connection';
export * from './schema/uuid-scalar';
export * from './http/run-subgraph';
export * from './db/pg-array';
export * from './validation/fields';
export * from './db/copy-from-stdin';
export * from './loaders/memoized';
export * from './rate-limit';
export * from './limits';
export * from './http/client-address';
export type { LogDestination } from './log/logger';
export { configureLogging, logger } from './log/logger';
export * from './observability/metrics';
export * from './observability/request-log';
