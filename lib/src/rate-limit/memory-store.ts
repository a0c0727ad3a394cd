import type { RateDecision, RateLimitStore, RatePolicy } from './rate-limiter';

interface Bucket {
  tokens: number;
  /** ms since the epoch when `tokens` was right. */
  at: number;
  /** When it will be full again, and so the same as no bucket. */
  fullAt: number;
}

/** Buckets kept before full ones are forgotten (lossless: a full bucket is a fresh one). */
const SWEEP_ABOVE = 10_000;

/**
 * Token buckets in this process's memory: the default, right for one process. Each `take` runs
 * to completion before another starts (one JavaScript thread, no await inside), so concurrent
 * calls cannot both take the last token.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, policy: RatePolicy): Promise<RateDecision> {
    const now = this.now();
    const perMs = policy.limit / (policy.windowSeconds * 1000);
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(policy.burst, bucket.tokens + Math.max(0, now - bucket.at) * perMs) : policy.burst;
    const allowed = tokens >= 1;
    const left = allowed ? tokens - 1 : tokens;
    this.buckets.set(key, { tokens: left, at: now, fullAt: now + (policy.burst - left) / perMs });
    if (this.buckets.size > SWEEP_ABOVE) this.sweep(now);
    return decision(allowed, left, perMs);
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.fullAt <= now) this.buckets.delete(key);
  }
}

/** The decision for a bucket left with `tokens` (fractional) that refills `perMs` tokens a millisecond. */
export function decision(allowed: boolean, tokens: number, perMs: number): RateDecision {
  return {
    allowed,
    remaining: Math.floor(tokens),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)),
  };
}
