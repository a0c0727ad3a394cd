import { MemoryRateLimitStore } from './memory-store';
import type { RateLimitStore } from './rate-limiter';
import { RedisRateLimitStore } from './redis-store';

export * from './rate-limiter';
export { clientKeyOf } from './client-key';
export { MemoryRateLimitStore } from './memory-store';
export { RedisRateLimitStore } from './redis-store';
export type { RedisRateLimitOptions } from './redis-store';

/**
 * The store rate limits are kept in: Redis when `REDIS_URL` is set (every process of a service
 * shares one limit), else this process's memory (one process, or limits per process).
 */
export function createRateLimitStore(env: NodeJS.ProcessEnv = process.env, prefix?: string): RateLimitStore {
  const url = env['REDIS_URL']?.trim();
  if (!url) return new MemoryRateLimitStore();
  return new RedisRateLimitStore(prefix === undefined ? { url } : { url, prefix });
}
