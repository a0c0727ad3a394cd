import { Redis } from 'ioredis';
import { decision } from './memory-store';
import type { RateDecision, RateLimitStore, RatePolicy } from './rate-limiter';

/**
 * One token bucket, taken from atomically: Redis runs a script alone, so concurrent calls from
 * any number of processes cannot both take the last token. Time is Redis's own (`TIME`), so
 * processes whose clocks disagree still share one bucket fairly. The key expires once the bucket
 * would be full again, which is the same as no bucket.
 */
const TAKE = `
local burst = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
if tokens == nil then
  tokens = burst
else
  tokens = math.min(burst, tokens + math.max(0, now - tonumber(state[2])) * per_ms)
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / per_ms) + 1000)
return {allowed, tostring(tokens)}
`;

export interface RedisRateLimitOptions {
  /** `redis://host:port/db`. */
  readonly url: string;
  /** Put before every key, so that several services or test runs can share one Redis. */
  readonly prefix?: string;
}

/**
 * Token buckets in Redis (`REDIS_URL`): one limit for every process of a service. A call fails
 * (and the caller refuses the request) when Redis cannot answer within two seconds, rather than
 * letting calls through unlimited.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly client: Redis;
  private readonly prefix: string;

  constructor(options: RedisRateLimitOptions) {
    this.client = new Redis(options.url, { maxRetriesPerRequest: 1, commandTimeout: 2000, lazyConnect: true });
    this.prefix = options.prefix ?? 'registry:rate:';
  }

  async take(key: string, policy: RatePolicy): Promise<RateDecision> {
    const perMs = policy.limit / (policy.windowSeconds * 1000);
    const reply = await this.client.eval(TAKE, 1, `${this.prefix}${key}`, String(policy.burst), String(perMs));
    if (!Array.isArray(reply) || reply.length !== 2)
      throw new Error(`Rate limit script: expected [allowed, tokens], got ${JSON.stringify(reply)}`);
    const values: unknown[] = reply;
    const [allowed, tokens] = values;
    return decision(allowed === 1, Number(tokens), perMs);
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
