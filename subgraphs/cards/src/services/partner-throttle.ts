import type { RatePolicy, Scope } from '@registry/lib';
import { createRateLimitStore, parseRatePolicy, RateLimiter } from '@registry/lib';

/**
 * Card look-ups per partner key: 10 a second on average, bursts of 20. A till asks once per
 * customer (verify, then report the purchase), so even a busy shop on one key stays far below;
 * a script guessing numbers is held to 36 000 guesses an hour instead of whatever the network
 * carries, which with random serials (see card-number.ts) finds a live card about once in
 * (10^9 / cards of the region) guesses.
 */
export const DEFAULT_PARTNER_VERIFY_RATE = '10/s,burst=20';

/** Reads `PARTNER_VERIFY_RATE` (`<limit>/<window>[,burst=<n>]`), or the default. */
export function loadPartnerVerifyPolicy(env: NodeJS.ProcessEnv = process.env): RatePolicy {
  const text = env['PARTNER_VERIFY_RATE']?.trim();
  return parseRatePolicy(text ? text : DEFAULT_PARTNER_VERIFY_RATE, 'PARTNER_VERIFY_RATE');
}

/**
 * Batch purchase reports per partner key: each batch counts once here, whatever its lines (up to
 * 1,000), 30 an hour in bursts of 5. Counting a batch as its lines in the bucket above would make
 * a batch impossible (a burst of 20); counting it as one look-up there would let a key test 20,000
 * numbers a second. This bucket keeps a key below 30,000 numbers an hour — the same order as the
 * 36,000 single look-ups an hour — while a monthly report or a backfill is a handful of calls.
 */
export const DEFAULT_PARTNER_BATCH_RATE = '30/h,burst=5';

/** Reads `PARTNER_BATCH_RATE` (same syntax as `PARTNER_VERIFY_RATE`), or the default. */
export function loadPartnerBatchPolicy(env: NodeJS.ProcessEnv = process.env): RatePolicy {
  const text = env['PARTNER_BATCH_RATE']?.trim();
  return parseRatePolicy(text ? text : DEFAULT_PARTNER_BATCH_RATE, 'PARTNER_BATCH_RATE');
}

let current: RateLimiter | undefined;
let currentBatch: RateLimiter | undefined;

/**
 * The process's limiter of partners' card look-ups, made on first use from the environment (in
 * Redis when `REDIS_URL` is set). `verifyCard` and `reportPurchase` share one bucket per key:
 * both tell whether a number is a live card, so splitting them would double what a guesser gets.
 */
export function partnerThrottle(): RateLimiter {
  current ??= new RateLimiter(
    'cards:partner-card-lookup',
    loadPartnerVerifyPolicy(),
    createRateLimitStore(process.env, 'registry:rate:'),
  );
  return current;
}

/** Refuses with RATE_LIMITED when the caller's key is over its look-ups; before anything is read. */
export async function assertPartnerMayLookUp(scope: Scope, operation: string): Promise<void> {
  const { partnerId, subject } = scope.viewer;
  await partnerThrottle().assertAllowed(partnerId ?? subject ?? 'anonymous', operation);
}

/** Refuses with RATE_LIMITED when the caller's key is over its batch reports; before anything is read. */
export async function assertPartnerMayReportBatch(scope: Scope, operation: string): Promise<void> {
  const { partnerId, subject } = scope.viewer;
  currentBatch ??= new RateLimiter(
    'cards:partner-purchase-batch',
    loadPartnerBatchPolicy(),
    createRateLimitStore(process.env, 'registry:rate:'),
  );
  await currentBatch.assertAllowed(partnerId ?? subject ?? 'anonymous', operation);
}

/** Closes the limiters' stores (the Redis connections); the next use makes new ones. */
export async function closePartnerThrottle(): Promise<void> {
  const closing = [current, currentBatch];
  current = undefined;
  currentBatch = undefined;
  await Promise.all(closing.map((limiter) => limiter?.close()));
}
