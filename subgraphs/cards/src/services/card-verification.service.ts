import type { EntityManager } from '@mikro-orm/postgresql';
import { today } from '@registry/lib';
import { CardStatus, CardVerificationResult, USABLE_STATUSES } from '../entities/card-enums';
import type { CardStanding } from './card-lookup';
import { findCardStanding, readPresentedCard } from './card-lookup';
import type { QrKeys } from '@registry/lib';

/** A partner's answer: whether to honour the card, never who holds it. */
export interface CardVerification {
  result: CardVerificationResult;
  /** Whether the holder is a member of the union today. */
  activeMember: boolean;
  /** Whether a purchase with this card earns cashback (VALID and enrolled in the bonus program). */
  bonusEligible: boolean;
  /** Why, when not VALID; for the till's log, not for the customer's screen. */
  reason: string | null;
}

const invalid = (reason: string): CardVerification => ({
  result: CardVerificationResult.INVALID,
  activeMember: false,
  bonusEligible: false,
  reason,
});

/**
 * Verifies a typed number or a QR payload. Anything not ours is INVALID (bad format or check
 * digit, a signature that does not match or an unknown key, an unknown number, a card not issued
 * yet); a card out of use, or whose holder is no longer a member, is REVOKED — read from
 * the members contract's `MEMBER_V1`, so this holds before the outbox consumer has caught up.
 */
export async function verifyCard(em: EntityManager, payloadOrNumber: string, keys: QrKeys): Promise<CardVerification> {
  const presented = readPresentedCard(payloadOrNumber, keys);
  if (!presented.ok) return invalid(presented.message);
  const card = await findCardStanding(em, presented.number);
  if (!card) return invalid('unknown card number');
  if (presented.expiry !== null && presented.expiry !== card.expiresOn?.slice(0, 7)) {
    return invalid(`the payload's expiry ${presented.expiry} is not the card's`);
  }
  return judge(card, today());
}

/** The verdict on a card we know, on a date (YYYY-MM-DD). */
function judge(card: CardStanding, on: string): CardVerification {
  const activeMember = card.memberStatus === 'ACTIVE';
  const answer = (result: CardVerificationResult, reason: string | null): CardVerification => ({
    result,
    activeMember,
    bonusEligible: result === CardVerificationResult.VALID && card.bonusEligible,
    reason,
  });
  if (card.status === CardStatus.ORDERED || card.status === CardStatus.IN_PRODUCTION) {
    return answer(CardVerificationResult.INVALID, `the card is ${card.status}, not issued yet`);
  }
  if (!USABLE_STATUSES.some((status) => status === card.status))
    return answer(CardVerificationResult.REVOKED, `the card is ${card.status}`);
  if (!activeMember) return answer(CardVerificationResult.REVOKED, 'the holder is no longer a member');
  if (card.expiresOn === null || card.expiresOn < on)
    return answer(CardVerificationResult.EXPIRED, `the card expired on ${card.expiresOn}`);
  return answer(CardVerificationResult.VALID, null);
}
