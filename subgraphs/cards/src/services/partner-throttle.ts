import type { RateLimiters, Scope } from '@registry/lib';

/** A partner's calls spend its key's bucket (its subject when it has no partner id). */
const bucketOf = (scope: Scope): string => scope.viewer.partnerId ?? scope.viewer.subject ?? 'anonymous';

/**
 * Refuses with RATE_LIMITED when the caller's key is over its look-ups (PARTNER_VERIFY_RATE);
 * before anything is read. `verifyCard` and `reportPurchase` share one bucket per key: both tell
 * whether a number is a live card, so splitting them would double what a guesser gets.
 */
export async function assertPartnerMayLookUp(limiters: RateLimiters, scope: Scope, operation: string): Promise<void> {
  await limiters.get('partnerLookUp').assertAllowed(bucketOf(scope), operation);
}

/** Refuses with RATE_LIMITED when the caller's key is over its batch reports (PARTNER_BATCH_RATE); before anything is read. */
export async function assertPartnerMayReportBatch(
  limiters: RateLimiters,
  scope: Scope,
  operation: string,
): Promise<void> {
  await limiters.get('partnerBatch').assertAllowed(bucketOf(scope), operation);
}
