import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { DomainError, ErrorCode, notFound } from '@registry/lib';
import { CardVerificationResult } from '../entities/card-enums';
import { Partner } from '../entities/partner';
import { Purchase } from '../entities/purchase';
import { maskCardNumber } from './card-number';
import type { CardStanding } from './card-lookup';
import { findCardStanding, requirePresentedCard } from './card-lookup';
import { judge } from './card-verification.service';
import type { QrKeys } from './qr-keys';

export interface PurchaseReport {
  /** The partner's key for this report: a retry with the same key and body returns the first result. */
  idempotencyKey: string;
  /** A typed card number or a virtual card's QR payload. */
  card: string;
  amountKopecks: number;
  occurredAt: Date;
}

/** 10 million roubles: no shop purchase by a teacher comes near; beyond it is a unit mistake. */
export const MAX_PURCHASE_KOPECKS = 1_000_000_000;
/** Partners may report late (a till offline for a while), but not a purchase of last year. */
export const MAX_REPORT_DELAY_DAYS = 90;
/** Tills' clocks drift; a purchase "in the future" by more than this is a wrong date. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Cashback in kopecks, rounded down: whole-number arithmetic, no float ever touches money. */
export const cashbackOf = (amountKopecks: number, rateBp: number): number => Number((BigInt(amountKopecks) * BigInt(rateBp)) / 10_000n);

/**
 * A partner reports a purchase with a union card: it is recorded once per idempotency key, its
 * cashback accrues to the holder's ledger, and it counts for the organization the holder belongs
 * to when it is reported (figures do not move when the holder does). Everything is checked before
 * anything is written, in one transaction.
 */
export async function reportPurchase(em: EntityManager, scope: Scope, report: PurchaseReport, keys: QrKeys, now = new Date()): Promise<Purchase> {
  const partnerId = scope.viewer.partnerId;
  if (!partnerId) throw new DomainError(ErrorCode.FORBIDDEN, 'Only a partner, with its API key, reports purchases', {});
  const idempotencyKey = checkIdempotencyKey(report.idempotencyKey);
  checkAmount(report.amountKopecks);
  checkOccurredAt(report.occurredAt, now);
  const presented = requirePresentedCard(report.card, keys, 'cardNumberOrPayload');
  const requestHash = hashBody({ card: presented.number, amountKopecks: report.amountKopecks, occurredAt: report.occurredAt.toISOString() });

  return em.transactional(async (tx) => {
    const earlier = await findByKey(tx, partnerId, idempotencyKey);
    if (earlier) return sameOrConflict(earlier, requestHash);
    const partner = await tx.findOne(Partner, { id: partnerId });
    if (!partner?.active) throw new DomainError(ErrorCode.FORBIDDEN, `Partner ${partnerId} is not an active partner of the program`, { partnerId });
    const card = await findCardStanding(tx, presented.number);
    if (!card) throw notFound('Card', 'number', maskCardNumber(presented.number));
    if (presented.expiry !== null && presented.expiry !== card.expiresOn?.slice(0, 7)) {
      throw new DomainError(ErrorCode.INVALID_CARD_NUMBER, `cardNumberOrPayload: the payload's expiry ${presented.expiry} is not the card's`, {
        field: 'cardNumberOrPayload',
        reason: 'EXPIRY_MISMATCH',
      });
    }
    assertUsable(card, report.occurredAt.toISOString().slice(0, 10));
    const cashbackKopecks = cashbackOf(report.amountKopecks, partner.cashbackRateBp);
    // A concurrent retry of the same report may have won the race since the lookup above.
    const [inserted] = await tx.execute<Record<string, unknown>[]>(
      `insert into cards.purchase (partner_id, idempotency_key, request_hash, card_id, member_id, organization_id,
                                   amount_kopecks, cashback_rate_bp, cashback_kopecks, occurred_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (partner_id, idempotency_key) do nothing
       returning *`,
      [partnerId, idempotencyKey, requestHash, card.cardId, card.memberId, card.organizationId, report.amountKopecks, partner.cashbackRateBp, cashbackKopecks, report.occurredAt],
    );
    if (!inserted) {
      const winner = await findByKey(tx, partnerId, idempotencyKey);
      if (!winner) throw new Error(`Expected the purchase with key ${idempotencyKey} that blocked the insert, found none`);
      return sameOrConflict(winner, requestHash);
    }
    const purchase = tx.map(Purchase, inserted);
    if (cashbackKopecks > 0) {
      await tx.execute(
        `insert into cards.bonus_ledger (member_id, partner_id, purchase_id, kind, amount_kopecks) values (?, ?, ?, 'ACCRUAL', ?)`,
        [card.memberId, partnerId, purchase.id, cashbackKopecks],
      );
    }
    return purchase;
  });
}

async function findByKey(em: EntityManager, partnerId: string, idempotencyKey: string): Promise<Purchase | null> {
  const [row] = await em.execute<Record<string, unknown>[]>('select * from cards.purchase where partner_id = ? and idempotency_key = ?', [partnerId, idempotencyKey]);
  return row ? em.map(Purchase, row) : null;
}

function sameOrConflict(earlier: Purchase, requestHash: string): Purchase {
  if (earlier.requestHash === requestHash) return earlier;
  throw new DomainError(
    ErrorCode.IDEMPOTENCY_CONFLICT,
    `idempotencyKey: "${earlier.idempotencyKey}" was used for purchase ${earlier.id} with a different card, amount or time; use a new key for a new purchase`,
    { field: 'idempotencyKey', purchaseId: earlier.id },
  );
}

/** Same as verifyCard's verdict, as typed errors: only a VALID card of an enrolled member earns cashback. */
function assertUsable(card: CardStanding, on: string): void {
  const verdict = judge(card, on);
  if (verdict.result === CardVerificationResult.REVOKED) {
    throw new DomainError(ErrorCode.CARD_REVOKED, `cardNumberOrPayload: ${verdict.reason ?? 'the card is revoked'}`, { field: 'cardNumberOrPayload', status: card.status });
  }
  if (verdict.result === CardVerificationResult.EXPIRED) {
    throw new DomainError(ErrorCode.CARD_EXPIRED, `cardNumberOrPayload: ${verdict.reason ?? 'the card expired'}`, { field: 'cardNumberOrPayload', expiresOn: card.expiresOn });
  }
  if (verdict.result === CardVerificationResult.INVALID) {
    throw new DomainError(ErrorCode.INVALID_STATE, `cardNumberOrPayload: ${verdict.reason ?? 'the card is not in use'}`, { field: 'cardNumberOrPayload', status: card.status });
  }
  if (!verdict.bonusEligible) {
    throw new DomainError(ErrorCode.NOT_ENROLLED, 'cardNumberOrPayload: the card holder does not take part in the bonus program', { field: 'cardNumberOrPayload' });
  }
}

function checkIdempotencyKey(raw: string): string {
  const key = raw.trim();
  if (!/^[\x21-\x7e]{1,100}$/.test(key)) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `idempotencyKey: expected 1-100 printable ASCII characters without spaces, got ${JSON.stringify(raw)}`, {
      field: 'idempotencyKey',
    });
  }
  return key;
}

function checkAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_PURCHASE_KOPECKS) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `amountKopecks: expected whole kopecks from 1 to ${MAX_PURCHASE_KOPECKS} (10 million RUB), got ${amount}`,
      { field: 'amountKopecks', received: amount },
    );
  }
}

function checkOccurredAt(occurredAt: Date, now: Date): void {
  const time = occurredAt.getTime();
  const earliest = now.getTime() - MAX_REPORT_DELAY_DAYS * 86_400_000;
  if (Number.isNaN(time) || time > now.getTime() + CLOCK_SKEW_MS || time < earliest) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `occurredAt: expected a time within the last ${MAX_REPORT_DELAY_DAYS} days and not in the future, got ${Number.isNaN(time) ? 'an invalid date' : occurredAt.toISOString()}`,
      { field: 'occurredAt' },
    );
  }
}

/** SHA-256 of the report's canonical body (fixed key order, the card as its number). */
function hashBody(body: { card: string; amountKopecks: number; occurredAt: string }): string {
  return createHash('sha256').update(JSON.stringify([body.card, body.amountKopecks, body.occurredAt])).digest('hex');
}
