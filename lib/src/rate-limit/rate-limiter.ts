import { CommandError } from '../errors/command-error';
import { DomainError, ErrorCode } from '../errors/domain-error';

/**
 * How much of something a key may do: `limit` per `windowSeconds` on average, at most `burst`
 * at once (a token bucket: `burst` tokens, refilled at `limit / windowSeconds` per second). A
 * bucket that is full again is the same as no bucket, so stores may forget it.
 */
export interface RatePolicy {
  readonly limit: number;
  readonly windowSeconds: number;
  /** The bucket's size; the limit when not given. */
  readonly burst: number;
}

/** The answer to one call. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Whole calls left right now. */
  readonly remaining: number;
  /** When refused: seconds until one call would be allowed (rounded up, at least 1); else 0. */
  readonly retryAfterSeconds: number;
}

/** Where buckets live: one process's memory, or Redis shared by every process of a service. */
export interface RateLimitStore {
  /** Takes one token from `key`'s bucket if there is one, atomically. */
  take(key: string, policy: RatePolicy): Promise<RateDecision>;
  close(): Promise<void>;
}

/**
 * A limiter for one kind of call (its `name` keeps buckets of different limiters apart in a
 * shared store): `consume(key)` answers, `assertAllowed(key)` refuses with RATE_LIMITED.
 */
export class RateLimiter {
  constructor(
    readonly name: string,
    readonly policy: RatePolicy,
    private readonly store: RateLimitStore,
  ) {
    checkPolicy(policy);
  }

  consume(key: string): Promise<RateDecision> {
    return this.store.take(`${this.name}:${key}`, this.policy);
  }

  /** Refuses with RATE_LIMITED (and `retryAfterSeconds`) when `key` is over the limit. */
  async assertAllowed(key: string, what: string): Promise<void> {
    const decision = await this.consume(key);
    if (decision.allowed) return;
    const { limit, windowSeconds, burst } = this.policy;
    throw new DomainError(
      ErrorCode.RATE_LIMITED,
      `${what}: expected at most ${limit} calls per ${windowSeconds} s (bursts of ${burst}), got more; retry in ${decision.retryAfterSeconds} s`,
      { retryAfterSeconds: decision.retryAfterSeconds, limit, windowSeconds, burst },
    );
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

export function checkPolicy(policy: RatePolicy): RatePolicy {
  const whole = (value: number) => Number.isSafeInteger(value) && value >= 1;
  if (
    !whole(policy.limit) ||
    !(policy.windowSeconds > 0) ||
    !Number.isFinite(policy.windowSeconds) ||
    !whole(policy.burst)
  ) {
    throw new Error(
      `Rate policy: expected a whole limit ≥ 1, a window > 0 s and a whole burst ≥ 1, got ${JSON.stringify(policy)}`,
    );
  }
  return policy;
}

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };

/**
 * Reads a policy as operators write it: `<limit>/<window>[,burst=<n>]`, the window a unit (`s`,
 * `m`, `h`) with an optional count before it: `10/s,burst=20`, `5/15m`, `100/h`.
 */
export function parseRatePolicy(text: string, setting = 'rate'): RatePolicy {
  const match = /^\s*(\d+)\s*\/\s*(\d*)\s*([smh])\s*(?:,\s*burst\s*=\s*(\d+))?\s*$/.exec(text);
  const [, limit, count, unit, burst] = match ?? [];
  const seconds = unit === undefined ? undefined : UNITS[unit];
  if (limit === undefined || seconds === undefined) {
    throw new CommandError(
      `${setting}: expected <limit>/<window>[,burst=<n>] such as 10/s,burst=20 or 5/15m, got ${JSON.stringify(text)}`,
    );
  }
  const policy = {
    limit: Number(limit),
    windowSeconds: (count ? Number(count) : 1) * seconds,
    burst: Number(burst ?? limit),
  };
  try {
    return checkPolicy(policy);
  } catch (error) {
    throw new CommandError(`${setting}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
