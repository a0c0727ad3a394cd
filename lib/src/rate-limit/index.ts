export * from './rate-limiter';
export { clientKeyOf } from './client-key';
export { createRateLimitStore } from './create-store';
export { MemoryRateLimitStore } from './memory-store';
export { RateLimiters } from './rate-limiters';
export { RedisRateLimitStore } from './redis-store';
export type { RedisRateLimitOptions } from './redis-store';
