import type { RatePolicy } from '../rate-limit/rate-limiter';
import { parseRatePolicy } from '../rate-limit/rate-limiter';
import type { Env } from './environment';
import { textOf } from './values';

/**
 * Card look-ups per partner key: 10 a second on average, bursts of 20. A till asks once per
 * customer (verify, then report the purchase), so even a busy shop on one key stays far below;
 * a script guessing numbers is held to 36 000 guesses an hour instead of whatever the network
 * carries, which with random serials (see the cards' card-number.ts) finds a live card about once
 * in (10^9 / cards of the region) guesses.
 */
export const DEFAULT_PARTNER_VERIFY_RATE = '10/s,burst=20';

/**
 * Batch purchase reports per partner key: each batch counts once here, whatever its lines (up to
 * 1,000), 30 an hour in bursts of 5. Counting a batch as its lines in the bucket above would make
 * a batch impossible (a burst of 20); counting it as one look-up there would let a key test 20,000
 * numbers a second. This bucket keeps a key below 30,000 numbers an hour — the same order as the
 * 36,000 single look-ups an hour — while a monthly report or a backfill is a handful of calls.
 */
export const DEFAULT_PARTNER_BATCH_RATE = '30/h,burst=5';

/** Sign-in codes requested per login, sign-in attempts per login, and both per caller. */
export const DEFAULT_SIGN_IN_CODE_RATE = '3/15m';
export const DEFAULT_SIGN_IN_RATE = '10/15m';
export const DEFAULT_SIGN_IN_CLIENT_RATE = '60/m,burst=20';

/**
 * Applying needs no sign-in, so one address could file thousands of applications into the chairs'
 * inboxes. Anonymous applications are limited per client address (a school behind one NAT files a
 * few a day); signed-in callers are known and answer for what they file.
 */
export const DEFAULT_APPLICATION_RATE = '20/h,burst=10';

/** Each limit of the registry, by the name services ask the process's limiters for. */
export interface RatePolicies {
  /** PARTNER_VERIFY_RATE: `verifyCard` and `reportPurchase` together, per partner key. */
  readonly partnerLookUp: RatePolicy;
  /** PARTNER_BATCH_RATE: `reportPurchases` calls per partner key. */
  readonly partnerBatch: RatePolicy;
  /** SIGN_IN_CODE_RATE: codes requested per login. */
  readonly signInCode: RatePolicy;
  /** SIGN_IN_RATE: sign-in attempts per login. */
  readonly signIn: RatePolicy;
  /** SIGN_IN_CLIENT_RATE: both sign-in mutations per caller. */
  readonly signInClient: RatePolicy;
  /** APPLICATION_RATE: anonymous applications per client address. */
  readonly application: RatePolicy;
}

export type RateLimitName = keyof RatePolicies;

/** `<limit>/<window>[,burst=<n>]` from `name`, or its default. */
const policy = (env: Env, name: string, fallback: string): RatePolicy =>
  parseRatePolicy(textOf(env, name) ?? fallback, name);

export function loadRatePolicies(env: Env): RatePolicies {
  return {
    partnerLookUp: policy(env, 'PARTNER_VERIFY_RATE', DEFAULT_PARTNER_VERIFY_RATE),
    partnerBatch: policy(env, 'PARTNER_BATCH_RATE', DEFAULT_PARTNER_BATCH_RATE),
    signInCode: policy(env, 'SIGN_IN_CODE_RATE', DEFAULT_SIGN_IN_CODE_RATE),
    signIn: policy(env, 'SIGN_IN_RATE', DEFAULT_SIGN_IN_RATE),
    signInClient: policy(env, 'SIGN_IN_CLIENT_RATE', DEFAULT_SIGN_IN_CLIENT_RATE),
    application: policy(env, 'APPLICATION_RATE', DEFAULT_APPLICATION_RATE),
  };
}
