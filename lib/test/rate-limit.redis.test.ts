import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { RateLimitStore } from '../src';
import { createRateLimitStore, parseRatePolicy, RateLimiter, RedisRateLimitStore } from '../src';

// The real Redis of the machine; this file's limiters are its own (REDIS_URL set here, not in
// the environment), and a prefix per run keeps its keys apart from anyone else's.
const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `test:rate-limit:${randomUUID()}:`;
const stores: RateLimitStore[] = [];
const store = (): RateLimitStore => {
  const created = createRateLimitStore({ url: REDIS_URL }, prefix);
  stores.push(created);
  return created;
};
const inspector = new Redis(REDIS_URL);

afterAll(async () => {
  const keys = await inspector.keys(`${prefix}*`);
  if (keys.length > 0) await inspector.del(...keys);
  await Promise.all(stores.map((created) => created.close()));
  await inspector.quit();
});

describe('rate limiter, in Redis', () => {
  it('is the Redis store when REDIS_URL is set', () => {
    expect(store()).toBeInstanceOf(RedisRateLimitStore);
  });

  it('allows exactly the burst of many concurrent calls, across processes sharing the Redis', async () => {
    const policy = parseRatePolicy('5/m,burst=10');
    // Two stores are two connections, as two processes of the subgraph would have.
    const [first, second] = [new RateLimiter('verify', policy, store()), new RateLimiter('verify', policy, store())];
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? first : second).consume('partner-1')),
    );
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(10);
    const refused = answers.find((answer) => !answer.allowed);
    // One token every 12 s.
    expect(refused?.retryAfterSeconds).toBeGreaterThanOrEqual(11);
    expect(refused?.retryAfterSeconds).toBeLessThanOrEqual(12);
    expect((await first.consume('partner-2')).allowed).toBe(true);
    // The bucket is forgotten once it would be full again (10 tokens at 5 a minute: 2 minutes).
    const ttl = await inspector.pttl(`${prefix}verify:partner-1`);
    expect(ttl).toBeGreaterThan(110_000);
    expect(ttl).toBeLessThanOrEqual(121_000);
  });

  it('refills with Redis time and refuses with RATE_LIMITED', async () => {
    const limiter = new RateLimiter('refill', parseRatePolicy('20/s,burst=2'), store());
    expect(
      (await Promise.all([limiter.consume('k'), limiter.consume('k'), limiter.consume('k')]))
        .map((answer) => answer.allowed)
        .sort(),
    ).toEqual([false, true, true]);
    await expect(limiter.assertAllowed('k', 'reportPurchase')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      extensions: { retryAfterSeconds: 1 },
    });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await limiter.consume('k')).allowed).toBe(true);
  });
});
