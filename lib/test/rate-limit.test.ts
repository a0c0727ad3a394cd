import { describe, expect, it } from 'vitest';
import {
  createRateLimitStore,
  DomainError,
  loadRedisConfig,
  MemoryRateLimitStore,
  parseRatePolicy,
  RateLimiter,
  RedisRateLimitStore,
} from '../src';

describe('rate policies', () => {
  it('reads <limit>/<window>[,burst=<n>]', () => {
    expect(parseRatePolicy('10/s,burst=20')).toEqual({ limit: 10, windowSeconds: 1, burst: 20 });
    expect(parseRatePolicy(' 5 / 15m ')).toEqual({ limit: 5, windowSeconds: 900, burst: 5 });
    expect(parseRatePolicy('100/h')).toEqual({ limit: 100, windowSeconds: 3600, burst: 100 });
    expect(() => parseRatePolicy('10 per second', 'PARTNER_VERIFY_RATE')).toThrow(
      /PARTNER_VERIFY_RATE: expected <limit>\/<window>.*got "10 per second"/,
    );
    expect(() => parseRatePolicy('0/s', 'PARTNER_VERIFY_RATE')).toThrow(/PARTNER_VERIFY_RATE: .*whole limit ≥ 1/);
  });
});

describe('rate limiter, in memory', () => {
  it('allows the burst, refuses the next call with RATE_LIMITED and retryAfterSeconds, and refills with time', async () => {
    let now = 1_000_000;
    const limiter = new RateLimiter('test', parseRatePolicy('2/10s,burst=3'), new MemoryRateLimitStore(() => now));
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await limiter.consume('key-a'));
    expect(answers.map((answer) => answer.allowed)).toEqual([true, true, true, false]);
    expect(answers.map((answer) => answer.remaining)).toEqual([2, 1, 0, 0]);
    // One token every 5 s.
    expect(answers[3]?.retryAfterSeconds).toBe(5);
    // Another key has a bucket of its own.
    expect((await limiter.consume('key-b')).allowed).toBe(true);

    const refused = await limiter.assertAllowed('key-a', 'verifyCard').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: 'RATE_LIMITED',
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 5, limit: 2, windowSeconds: 10, burst: 3 },
    });
    expect(String(refused)).toMatch(
      /verifyCard: expected at most 2 calls per 10 s \(bursts of 3\), got more; retry in 5 s/,
    );

    now += 5_000;
    expect(await limiter.consume('key-a')).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
    expect((await limiter.consume('key-a')).allowed).toBe(false);
    // Long idle: full again, never beyond the burst.
    now += 3_600_000;
    const afterIdle = [];
    for (let i = 0; i < 4; i += 1) afterIdle.push((await limiter.consume('key-a')).allowed);
    expect(afterIdle).toEqual([true, true, true, false]);
  });

  it('allows exactly the burst of many concurrent calls', async () => {
    const limiter = new RateLimiter('test', parseRatePolicy('5/m,burst=7'), new MemoryRateLimitStore());
    const answers = await Promise.all(Array.from({ length: 50 }, () => limiter.consume('partner-1')));
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(7);
  });

  it('is in memory unless REDIS_URL is set', async () => {
    const memory = createRateLimitStore(loadRedisConfig({}));
    expect(memory).toBeInstanceOf(MemoryRateLimitStore);
    const redis = createRateLimitStore(loadRedisConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }));
    expect(redis).toBeInstanceOf(RedisRateLimitStore);
    await Promise.all([memory.close(), redis.close()]);
  });
});
