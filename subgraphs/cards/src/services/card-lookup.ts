import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode } from '@registry/lib';
import { MEMBER_V1 } from '@registry/members/contract';
import type { CardStatus } from '../entities/card-enums';
import { normalizeCardNumber, parseCardNumber } from './card-number';
import type { QrKeys } from '@registry/lib';
import { looksLikeQrPayload, verifyQrPayload } from './qr-payload';

/**
 * What a partner presents at the till, read: the card number, and the expiry month (YYYY-MM) when
 * it came as a QR payload (null for a typed number); or why it cannot be one of our cards.
 */
export type PresentedCard =
  | { readonly ok: true; readonly number: string; readonly expiry: string | null }
  | { readonly ok: false; readonly reason: string; readonly message: string };

/** Reads a number or a QR payload without touching the database: format, check digit, signature. */
export function readPresentedCard(text: string, keys: QrKeys): PresentedCard {
  const trimmed = text.trim();
  if (looksLikeQrPayload(trimmed)) {
    const check = verifyQrPayload(trimmed, keys);
    return check.ok
      ? { ok: true, number: check.content.number, expiry: check.content.expiry }
      : { ok: false, reason: check.reason, message: check.message };
  }
  try {
    return { ok: true, number: parseCardNumber(trimmed, 'card'), expiry: null };
  } catch (error) {
    if (error instanceof DomainError) {
      const reason = error.details['reason'];
      return { ok: false, reason: typeof reason === 'string' ? reason : 'FORMAT', message: error.message };
    }
    throw error;
  }
}

/** The same, for a write: anything unreadable is INVALID_CARD_NUMBER saying why. */
export function requirePresentedCard(
  text: string,
  keys: QrKeys,
  field: string,
): { number: string; expiry: string | null } {
  const presented = readPresentedCard(text, keys);
  if (presented.ok) return presented;
  throw new DomainError(ErrorCode.INVALID_CARD_NUMBER, `${field}: ${presented.message}`, {
    field,
    reason: presented.reason,
  });
}

/** A card as the till sees it, with its holder's membership and bonus standing; never who they are. */
export interface CardStanding {
  readonly cardId: string;
  readonly status: CardStatus;
  /** YYYY-MM-DD, null before production or activation. */
  readonly expiresOn: string | null;
  readonly memberId: string;
  /** The holder's membership status, from `MEMBER_V1`. */
  readonly memberStatus: string | null;
  readonly organizationId: string | null;
  /** Active participant who still consents to share data with the program. */
  readonly bonusEligible: boolean;
}

export async function findCardStanding(em: EntityManager, number: string): Promise<CardStanding | null> {
  const [row] = await em.execute<CardStanding[]>(
    `select c.id as "cardId", c.status, to_char(c.expires_on, 'YYYY-MM-DD') as "expiresOn", c.member_id as "memberId",
            m.status as "memberStatus", m.organization_id as "organizationId",
            coalesce(p.active and m.bonus_consent, false) as "bonusEligible"
       from cards.union_card c
       left join ${MEMBER_V1} m on m.id = c.member_id
       left join cards.bonus_participant p on p.member_id = c.member_id
      where c.number = ?`,
    [normalizeCardNumber(number)],
  );
  return row ?? null;
}
