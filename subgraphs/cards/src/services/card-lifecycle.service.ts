import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { QrKeys, Scope } from '@registry/lib';
import { DomainError, ErrorCode, today } from '@registry/lib';
import { CardKind, CardStatus, LIVE_STATUSES, USABLE_STATUSES } from '../entities/card-enums';
import { UnionCard } from '../entities/union-card';
import { recordCardEvent } from './card-history';
import { checkReason, expiryFrom, insertCard, lockHolderCard } from './card-issue';
import type { CardNumberOptions } from './card-number';
import { DEFAULT_CARD_NUMBERS, maskCardNumber } from './card-number';
import type { MemberSummary } from './member-directory';
import { requireHolder } from './holder-scope';
import { signQrPayload } from './qr-payload';

export interface VirtualCardActivation {
  card: UnionCard;
  /** Signed QR content for the app to show; see services/qr-payload.ts. */
  qrPayload: string;
}

/** Why a card in use is taken out of it and another one issued in its place. */
export type ReissueCause = CardStatus.LOST | CardStatus.REPLACED;

// One card's life after it was ordered: the virtual card's issue and activation, blocking, and
// reissue on loss or damage. Each operation is one transaction that locks the card it changes and
// writes the change with its history entry.

/** A virtual card for an active member (by an admin, or by the member in the app); ORDERED until activated. */
export async function issueVirtualCard(
  em: EntityManager,
  scope: Scope,
  memberId: string,
  numbers: CardNumberOptions = DEFAULT_CARD_NUMBERS,
): Promise<UnionCard> {
  return em.transactional(async (em) => {
    const member = await requireHolder(em, scope, memberId, { self: true, active: true });
    const live = await em.find(UnionCard, { memberId: member.id, status: { $in: [...LIVE_STATUSES] } });
    const existing = live.find((card) => card.kind === CardKind.VIRTUAL);
    if (existing) throw secondCard(member.id, existing);
    const plastic = live.find((card) => card.kind === CardKind.PLASTIC) ?? null;
    const card = await insertHolderCard(em, numbers, member, CardKind.VIRTUAL, {
      duplicatesId: plastic?.id ?? null,
      replacesId: null,
    });
    recordCardEvent(
      em,
      card,
      null,
      scope.viewer.subject,
      plastic ? `virtual duplicate of ${maskCardNumber(plastic.number)}` : 'virtual card issued',
    );
    return card;
  });
}

/**
 * Activates a virtual card in the app and returns its signed QR payload. Activating an ACTIVE
 * card again only returns the payload (a new phone needs it too), signed with the current key.
 * A duplicate of a plastic card expires with it; a stand-alone one five years on.
 */
export async function activateVirtualCard(
  em: EntityManager,
  scope: Scope,
  cardId: string,
  keys: QrKeys,
): Promise<VirtualCardActivation> {
  return em.transactional(async (em) => {
    const { card, member } = await lockHolderCard(em, scope, cardId, { self: true });
    if (card.kind !== CardKind.VIRTUAL) {
      throw new DomainError(
        ErrorCode.INVALID_STATE,
        `Card ${maskCardNumber(card.number)} is PLASTIC, expected VIRTUAL: plastic cards are issued with their batch`,
        {
          field: 'cardId',
          kind: card.kind,
        },
      );
    }
    assertActiveMember(member);
    const on = today();
    if (card.status === CardStatus.ORDERED) {
      const plastic = card.duplicatesId ? await em.findOne(UnionCard, { id: card.duplicatesId }) : null;
      const plasticExpiry = plastic && LIVE_STATUSES.includes(plastic.status) ? plastic.expiresOn : null;
      card.status = CardStatus.ACTIVE;
      card.issuedOn = on;
      card.expiresOn = plasticExpiry !== null && plasticExpiry >= on ? plasticExpiry : expiryFrom(on);
      recordCardEvent(em, card, CardStatus.ORDERED, scope.viewer.subject, 'activated in the app');
    } else if (card.status !== CardStatus.ACTIVE) {
      throw new DomainError(
        ErrorCode.INVALID_STATE,
        `Card ${maskCardNumber(card.number)} is ${card.status}, expected ORDERED or ACTIVE`,
        {
          field: 'cardId',
          status: card.status,
        },
      );
    }
    const expiresOn = card.expiresOn ?? expiryFrom(on);
    if (expiresOn < on) {
      throw new DomainError(
        ErrorCode.CARD_EXPIRED,
        `Card ${maskCardNumber(card.number)} expired on ${expiresOn}; replace it`,
        { expiresOn },
      );
    }
    return { card, qrPayload: signQrPayload({ number: card.number, expiresOn }, keys) };
  });
}

/** Blocks a card in use (the member may block their own, e.g. a stolen phone). */
export async function blockCard(
  em: EntityManager,
  scope: Scope,
  cardId: string,
  reason: string | null | undefined,
): Promise<UnionCard> {
  const text = checkReason(reason);
  return em.transactional(async (em) => {
    const { card } = await lockHolderCard(em, scope, cardId, { self: true });
    if (!USABLE_STATUSES.includes(card.status)) throw wrongStatus(card, USABLE_STATUSES);
    const from = card.status;
    card.status = CardStatus.BLOCKED;
    recordCardEvent(em, card, from, scope.viewer.subject, text);
    return card;
  });
}

/** Puts a blocked card back in use: admins only, and only for an active member. */
export async function unblockCard(
  em: EntityManager,
  scope: Scope,
  cardId: string,
  reason: string | null | undefined,
): Promise<UnionCard> {
  const text = checkReason(reason);
  return em.transactional(async (em) => {
    const { card, member } = await lockHolderCard(em, scope, cardId, { self: false });
    if (card.status !== CardStatus.BLOCKED) throw wrongStatus(card, [CardStatus.BLOCKED]);
    assertActiveMember(member);
    card.status = card.kind === CardKind.PLASTIC ? CardStatus.ISSUED : CardStatus.ACTIVE;
    recordCardEvent(em, card, CardStatus.BLOCKED, scope.viewer.subject, text);
    return card;
  });
}

/**
 * Takes a card out of use for good (LOST: the member or an admin; REPLACED: damaged or expiring,
 * an admin) and orders its successor of the same kind, linked by `replaces`. The old number is
 * then refused everywhere; both cards keep their history.
 */
export async function reissueCard(
  em: EntityManager,
  scope: Scope,
  cardId: string,
  cause: ReissueCause,
  reason: string | null | undefined,
  numbers: CardNumberOptions = DEFAULT_CARD_NUMBERS,
): Promise<UnionCard> {
  const text = checkReason(reason);
  return em.transactional(async (em) => {
    const { card, member } = await lockHolderCard(em, scope, cardId, { self: cause === CardStatus.LOST });
    const replaceable = [...USABLE_STATUSES, CardStatus.BLOCKED];
    if (!replaceable.includes(card.status)) throw wrongStatus(card, replaceable);
    assertActiveMember(member);
    const from = card.status;
    card.status = cause;
    recordCardEvent(
      em,
      card,
      from,
      scope.viewer.subject,
      text ?? (cause === CardStatus.LOST ? 'reported lost' : 'replaced'),
    );
    // The old card must leave its (member, kind) slot before its successor takes it.
    await em.flush();
    const plastic =
      card.kind === CardKind.VIRTUAL
        ? await em.findOne(UnionCard, {
            memberId: member.id,
            kind: CardKind.PLASTIC,
            status: { $in: [...LIVE_STATUSES] },
          })
        : null;
    const next = await insertHolderCard(em, numbers, member, card.kind, {
      replacesId: card.id,
      duplicatesId: plastic?.id ?? null,
    });
    recordCardEvent(em, next, null, scope.viewer.subject, `replaces ${maskCardNumber(card.number)} (${cause})`);
    return next;
  });
}

/** Persists an ORDERED card; the partial unique index turns a concurrent second card into ALREADY_EXISTS. */
async function insertHolderCard(
  em: EntityManager,
  numbers: CardNumberOptions,
  member: MemberSummary,
  kind: CardKind,
  links: { replacesId: string | null; duplicatesId: string | null },
): Promise<UnionCard> {
  try {
    return await insertCard(em, { memberId: member.id, subjectCode: member.subjectCode, kind, ...links }, numbers);
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw new DomainError(
        ErrorCode.ALREADY_EXISTS,
        `Member ${member.id} already has a ${kind} card in use; a member has at most one of each kind`,
        {
          memberId: member.id,
          kind,
        },
      );
    }
    throw error;
  }
}

function secondCard(memberId: string, existing: UnionCard): DomainError {
  return new DomainError(
    ErrorCode.ALREADY_EXISTS,
    `Member ${memberId} already has a ${existing.kind} card ${maskCardNumber(existing.number)} (${existing.status}); a member has at most one of each kind`,
    { memberId, cardId: existing.id, kind: existing.kind, status: existing.status },
  );
}

function wrongStatus(card: UnionCard, expected: readonly CardStatus[]): DomainError {
  return new DomainError(
    ErrorCode.INVALID_STATE,
    `Card ${maskCardNumber(card.number)} is ${card.status}, expected ${expected.join(' or ')}`,
    {
      field: 'cardId',
      status: card.status,
      expected,
    },
  );
}

function assertActiveMember(member: MemberSummary): void {
  if (member.status === 'ACTIVE') return;
  throw new DomainError(
    ErrorCode.CARD_REVOKED,
    `The holder is ${member.status}, no longer a member: their cards are revoked`,
    {
      memberStatus: member.status,
    },
  );
}
