/**
 * `@registry/lib/testing`: what tests (and the benchmark) need besides the runtime API: a database
 * of their own on a shared server, the SQL an ORM sends, the lines logged, a free port. Nothing in
 * production imports it.
 */
export { countQueries } from './db/query-counter';
export type { QueryCounter } from './db/query-counter';
export { createScratchDatabase } from './db/scratch-database';
export { findFreePort } from './db/embedded-postgres';
export { captureLogs } from './log/logger';
