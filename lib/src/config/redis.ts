import { CommandError } from '../errors/command-error';
import type { Env } from './environment';
import { textOf } from './values';

export interface RedisConfig {
  /**
   * REDIS_URL: rate limits and the read replicas' "wrote lately" marks are kept there, shared by
   * every process; null: each process keeps its own in memory.
   */
  readonly url: string | null;
}

export function loadRedisConfig(env: Env): RedisConfig {
  const url = textOf(env, 'REDIS_URL');
  if (url !== null && !/^(rediss?:\/\/|\/)\S*$/.test(url))
    throw new CommandError(
      `REDIS_URL: expected a redis:// or rediss:// URL (or a socket's absolute path), got ${JSON.stringify(url)}`,
    );
  return { url };
}
