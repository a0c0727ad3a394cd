import type { RateLimiters } from '@registry/lib';

/**
 * Refuses with RATE_LIMITED when an anonymous caller's address filed too many applications
 * (APPLICATION_RATE); signed-in callers are known and answer for what they file.
 */
export async function assertApplicationAllowed(
  limiters: RateLimiters,
  signedIn: boolean,
  clientKey: string,
): Promise<void> {
  if (signedIn) return;
  await limiters.get('application').assertAllowed(clientKey, 'applyForMembership from this address');
}
