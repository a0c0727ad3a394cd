import type { RateLimitName, RatePolicies } from '../config/rate-limits';
import type { RedisConfig } from '../config/redis';
import { createRateLimitStore } from './create-store';
import { RateLimiter } from './rate-limiter';
import type { RateLimitStore } from './rate-limiter';

/**
 * Each limit's bucket name: the key its buckets have in the store, so two processes (or two
 * releases) sharing one Redis count in the same buckets. Published once; never renamed.
 */
const BUCKETS: Readonly<Record<RateLimitName, string>> = {
  partnerLookUp: 'cards:partner-card-lookup',
  partnerBatch: 'cards:partner-purchase-batch',
  signInCode: 'members:sign-in-code',
  signIn: 'members:sign-in',
  signInClient: 'members:sign-in-client',
  application: 'members:application',
};

/**
 * The process's rate limiters, by name, with the policies of its configuration, over one store
 * (Redis with REDIS_URL, else memory), made on first use: a process that never signs anyone in
 * opens no connection for it. Made once per process at start, handed to every request's context,
 * closed on shutdown.
 */
export class RateLimiters {
  private store: RateLimitStore | undefined;
  private readonly limiters = new Map<RateLimitName, RateLimiter>();

  constructor(
    private readonly policies: RatePolicies,
    private readonly redis: RedisConfig,
  ) {}

  /** The limiter of `name`; every caller of one process shares its buckets. */
  get(name: RateLimitName): RateLimiter {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      this.store ??= createRateLimitStore(this.redis, 'registry:rate:');
      limiter = new RateLimiter(BUCKETS[name], this.policies[name], this.store);
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  /** Closes the store (a Redis connection); the next `get` opens a new one. */
  async close(): Promise<void> {
    const store = this.store;
    this.store = undefined;
    this.limiters.clear();
    await store?.close();
  }
}
