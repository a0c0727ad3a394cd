import type { RateLimiter } from '@registry/lib';
import { createRateLimitStore, parseRatePolicy, RateLimiter as Limiter } from '@registry/lib';

/**
 * Applying needs no sign-in, so one address could file thousands of applications into the chairs'
 * inboxes. Anonymous applications are limited per client address (a school behind one NAT files a
 * few a day); signed-in callers are known and answer for what they file.
 */
export const DEFAULT_APPLICATION_RATE = '20/h,burst=10';

let limiter: RateLimiter | undefined;

function applicationLimiter(env: NodeJS.ProcessEnv = process.env): RateLimiter {
  if (!limiter) {
    const text = env['APPLICATION_RATE']?.trim();
    limiter = new Limiter(
      'members:application',
      parseRatePolicy(text ? text : DEFAULT_APPLICATION_RATE, 'APPLICATION_RATE'),
      createRateLimitStore(env, 'registry:rate:'),
    );
  }
  return limiter;
}

/** Refuses with RATE_LIMITED when an anonymous caller's address filed too many applications. */
export async function assertApplicationAllowed(signedIn: boolean, clientKey: string): Promise<void> {
  if (signedIn) return;
  await applicationLimiter().assertAllowed(clientKey, 'applyForMembership from this address');
}

/** Closes the limiter's store (a Redis connection); the next use makes a new one. */
export async function closeApplicationThrottle(): Promise<void> {
  const closing = limiter;
  limiter = undefined;
  await closing?.close();
}
