import { registerEnumType } from 'type-graphql';

export enum CardKind {
  PLASTIC = 'PLASTIC',
  VIRTUAL = 'VIRTUAL',
}

/**
 * A card's life: ORDERED → IN_PRODUCTION → ISSUED (plastic), or ORDERED → ACTIVE (virtual, on
 * activation in the app); a card in use may be BLOCKED (and unblocked), and ends LOST, REPLACED
 * or REVOKED. See docs/architecture.md, "Cards".
 */
export enum CardStatus {
  ORDERED = 'ORDERED',
  IN_PRODUCTION = 'IN_PRODUCTION',
  ISSUED = 'ISSUED',
  ACTIVE = 'ACTIVE',
  BLOCKED = 'BLOCKED',
  LOST = 'LOST',
  REPLACED = 'REPLACED',
  REVOKED = 'REVOKED',
}

/** Statuses of a card still in its life: a member has at most one such card of each kind. */
export const LIVE_STATUSES: readonly CardStatus[] = [
  CardStatus.ORDERED,
  CardStatus.IN_PRODUCTION,
  CardStatus.ISSUED,
  CardStatus.ACTIVE,
  CardStatus.BLOCKED,
];

/** Statuses in which a card can be shown at a partner's till. */
export const USABLE_STATUSES: readonly CardStatus[] = [CardStatus.ISSUED, CardStatus.ACTIVE];

/** Status of a plastic card's production batch: ordered, sent to the manufacturer, delivered, handed out. */
export enum BatchStatus {
  ORDERED = 'ORDERED',
  IN_PRODUCTION = 'IN_PRODUCTION',
  PRODUCED = 'PRODUCED',
  ISSUED = 'ISSUED',
}

/** How a member joined the bonus program: in the mobile app, or entered by an admin. */
export enum BonusChannel {
  APP = 'APP',
  ADMIN = 'ADMIN',
}

export enum LedgerEntryKind {
  ACCRUAL = 'ACCRUAL',
  REVERSAL = 'REVERSAL',
}

/** What a partner learns about a card it is shown. */
export enum CardVerificationResult {
  VALID = 'VALID',
  /** Not a card of ours: bad format or check digit, bad signature, unknown number, not issued yet. */
  INVALID = 'INVALID',
  /** Blocked, lost, replaced or revoked, or the holder is no longer a member. */
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}

registerEnumType(CardKind, {
  name: 'CardKind',
  description: 'PLASTIC: the card of one design; VIRTUAL: its image in the mobile app',
});
registerEnumType(CardStatus, { name: 'CardStatus', description: 'Where a card is in its life' });
registerEnumType(BatchStatus, { name: 'BatchStatus', description: 'Where a production batch is' });
registerEnumType(BonusChannel, { name: 'BonusChannel', description: 'How the member joined the bonus program' });
registerEnumType(LedgerEntryKind, {
  name: 'LedgerEntryKind',
  description: 'ACCRUAL adds cashback for a purchase; REVERSAL takes it back',
});
registerEnumType(CardVerificationResult, { name: 'CardVerificationResult', description: 'What a partner may rely on' });
