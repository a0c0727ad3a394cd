import { CommandError } from '../errors/command-error';
import type { Env } from './environment';
import { durationSeconds, textOf, wholeNumber } from './values';

export interface DatabaseConfig {
  /** DATABASE_URL; null means the embedded PostgreSQL of the development stack and tests. */
  readonly url: string | null;
  /** Connections per ORM (each subgraph has one ORM per process). */
  readonly poolMax: number;
  /** DATABASE_REPLICA_URLS: streaming replicas of DATABASE_URL's server that queries read from (docs/deployment.md). */
  readonly replicaUrls: readonly string[];
  /**
   * DATABASE_PRIMARY_AFTER_WRITE: how long after a caller's mutation its queries still read the
   * primary, so a caller sees its own writes however far a replica lags (up to this long).
   */
  readonly primaryAfterWriteSeconds: number;
}

export const DEFAULT_DB_POOL_MAX = 10;
/** Streaming replicas on one network lag by milliseconds; ten seconds also covers a checkpoint's or a vacuum's hiccup. */
export const DEFAULT_PRIMARY_AFTER_WRITE_SECONDS = 10;

export function loadDatabaseConfig(env: Env): DatabaseConfig {
  const replicaUrls = (env['DATABASE_REPLICA_URLS'] ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  for (const url of replicaUrls) {
    if (!/^postgres(ql)?:\/\/\S+$/.test(url))
      throw new CommandError(
        `DATABASE_REPLICA_URLS: expected comma-separated postgresql:// URLs, got ${JSON.stringify(url)}`,
      );
  }
  return {
    url: textOf(env, 'DATABASE_URL'),
    poolMax: wholeNumber(env, 'DB_POOL_MAX', DEFAULT_DB_POOL_MAX, { min: 1, max: 1000 }),
    replicaUrls,
    primaryAfterWriteSeconds: durationSeconds(env, 'DATABASE_PRIMARY_AFTER_WRITE', DEFAULT_PRIMARY_AFTER_WRITE_SECONDS),
  };
}
