import type { RedisConfig } from '../config/redis';
import { MemoryRateLimitStore } from './memory-store';
import type { RateLimitStore } from './rate-limiter';
import { RedisRateLimitStore } from './redis-store';

/**
 * The store rate limits are kept in: Redis when `REDIS_URL` is set (every process of a service
 * shares one limit), else this process's memory (one process, or limits per process).
 */
export function createRateLimitStore(redis: RedisConfig, prefix?: string): RateLimitStore {
  const { url } = redis;
  if (!url) return new MemoryRateLimitStore();
  return new RedisRateLimitStore(prefix === undefined ? { url } : { url, prefix });
}
