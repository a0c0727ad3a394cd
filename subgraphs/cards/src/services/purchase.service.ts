import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { QrKeys, Scope } from '@registry/lib';
import { DomainError, ErrorCode, notFound, pgArray } from '@registry/lib';
import { MEMBER_V1, MEMBERSHIP_PERIOD_V1 } from '@registry/members/contract';
import { Partner } from '../entities/partner';
import { Purchase } from '../entities/purchase';
import { maskCardNumber } from './card-number';
import { requirePresentedCard } from './card-lookup';

export interface PurchaseReport {
  /** The partner's key for this report: a retry with the same key and body returns the first result. */
  idempotencyKey: string;
  /** A typed card number or a virtual card's QR payload. */
  card: string;
  amountKopecks: number;
  occurredAt: Date;
}

/** 10 million roubles: no shop purchase by a teacher comes near; beyond it is a unit mistake. */
const MAX_PURCHASE_KOPECKS = 1_000_000_000;
/** Partners may report late (a till offline for a while), but not a purchase of last year. */
const MAX_REPORT_DELAY_DAYS = 90;
/** Tills' clocks drift; a purchase "in the future" by more than this is a wrong date. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Cashback in kopecks, rounded down: whole-number arithmetic, no float ever touches money. */
export const cashbackOf = (amountKopecks: number, rateBp: number): number =>
  Number((BigInt(amountKopecks) * BigInt(rateBp)) / 10_000n);

/** How far back a batch report (a partner's monthly report, a season's backfill) may reach: a year and a month of grace. */
export const MAX_BATCH_DELAY_DAYS = 400;
/** Lines per batch report: a month of a busy shop fits, and one transaction stays short. */
export const MAX_BATCH_LINES = 1000;

/** One line's error in a batch report, as a single report would have thrown it. */
export interface PurchaseLineError {
  code: string;
  message: string;
  field: string | null;
}

/** What became of one line (1-based, in input order): the purchase (new or an earlier one replayed), or why not. */
export interface PurchaseLineResult {
  line: number;
  purchase: Purchase | null;
  /** True when the key was already recorded with this body: nothing new was written. */
  replayed: boolean;
  error: PurchaseLineError | null;
}

/** A report line checked without the database: what is hashed and recorded. */
interface CheckedLine {
  line: number;
  idempotencyKey: string;
  number: string;
  expiry: string | null;
  amountKopecks: number;
  occurredAt: Date;
  /** The purchase's day (UTC, as `today()` and card periods): eligibility is judged on it. */
  day: string;
  requestHash: string;
}

/**
 * A partner reports a purchase with a union card: it is recorded once per idempotency key, its
 * cashback accrues to the holder's ledger, and it counts for the organization the holder belonged
 * to on the purchase's day. Eligibility (card in use, membership, enrollment) is judged as of
 * `occurredAt`, not now. Everything is checked before anything is written, in one transaction.
 */
export async function reportPurchase(
  em: EntityManager,
  scope: Scope,
  report: PurchaseReport,
  keys: QrKeys,
  now = new Date(),
): Promise<Purchase> {
  const partnerId = requirePartnerViewer(scope);
  const line = checkLine(1, report, keys, now, MAX_REPORT_DELAY_DAYS);
  const [result] = await em.transactional(async (tx) =>
    recordLines(tx, await requireActivePartner(tx, partnerId), [line]),
  );
  if (!result) throw new Error('Expected one result for one purchase line');
  if (result.purchase) return result.purchase;
  throw result.failure ?? new Error(`Expected a purchase or an error for line ${result.line}`);
}

/**
 * A batch of purchase reports (up to `MAX_BATCH_LINES`), each line as `reportPurchase` would
 * take it except that it may go back `MAX_BATCH_DELAY_DAYS` days. Lines are independent: each
 * gets its purchase or its error; the accepted ones are written in one transaction, set-based
 * (a fixed number of statements whatever the number of lines). A key repeated within the batch
 * counts once (same body: the later lines replay the first; another body: IDEMPOTENCY_CONFLICT).
 */
export async function reportPurchases(
  em: EntityManager,
  scope: Scope,
  reports: readonly PurchaseReport[],
  keys: QrKeys,
  now = new Date(),
): Promise<PurchaseLineResult[]> {
  const partnerId = requirePartnerViewer(scope);
  if (reports.length === 0 || reports.length > MAX_BATCH_LINES) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `input: expected 1 to ${MAX_BATCH_LINES} purchase lines, got ${reports.length}`,
      { field: 'input', received: reports.length },
    );
  }
  const results = new Map<number, Outcome>();
  const checked: CheckedLine[] = [];
  reports.forEach((report, index) => {
    try {
      checked.push(checkLine(index + 1, report, keys, now, MAX_BATCH_DELAY_DAYS));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.set(index + 1, { line: index + 1, purchase: null, replayed: false, failure: error });
    }
  });
  if (checked.length > 0) {
    const recorded = await em.transactional(async (tx) =>
      recordLines(tx, await requireActivePartner(tx, partnerId), checked),
    );
    for (const outcome of recorded) results.set(outcome.line, outcome);
  }
  return reports.map((_report, index) => {
    const outcome = results.get(index + 1);
    if (!outcome) throw new Error(`Expected an outcome for purchase line ${index + 1}`);
    const failure = outcome.failure;
    return {
      line: outcome.line,
      purchase: outcome.purchase,
      replayed: outcome.replayed,
      error: failure
        ? {
            code: failure.code,
            message: failure.message,
            field: typeof failure.details['field'] === 'string' ? failure.details['field'] : null,
          }
        : null,
    };
  });
}

interface Outcome {
  line: number;
  purchase: Purchase | null;
  replayed: boolean;
  failure: DomainError | null;
}

/** A card and its holder's standing on one line's day, read for all lines at once. */
interface DatedStanding {
  line: number;
  cardId: string | null;
  status: string | null;
  expiresOn: string | null;
  memberId: string | null;
  /** A period of use (ISSUED / ACTIVE) covers the day. */
  inUse: boolean;
  /** The first day the card was ever in use (null: never). */
  firstInUse: string | null;
  /** The holder's organization on the day (`MEMBERSHIP_PERIOD_V1`); null: not a member then. */
  organizationId: string | null;
  enrolled: boolean;
  /** Today's consent: without it nothing more may be shared with the program, whatever the date. */
  bonusConsent: boolean;
}

/**
 * Records checked lines of one active partner: a fixed number of statements for any number of
 * lines (earlier keys, standings on each line's day, one insert of purchases, one of accruals).
 */
async function recordLines(tx: EntityManager, partner: Partner, lines: readonly CheckedLine[]): Promise<Outcome[]> {
  const outcomes = new Map<number, Outcome>();
  const fail = (line: number, failure: DomainError): void => {
    outcomes.set(line, { line, purchase: null, replayed: false, failure });
  };
  // The first line with a key is the one recorded; later ones with it replay it or conflict.
  const firstByKey = new Map<string, CheckedLine>();
  const repeats: CheckedLine[] = [];
  for (const line of lines) {
    if (firstByKey.has(line.idempotencyKey)) repeats.push(line);
    else firstByKey.set(line.idempotencyKey, line);
  }
  const earlier = await findByKeys(tx, partner.id, [...firstByKey.keys()]);
  const fresh: CheckedLine[] = [];
  for (const line of firstByKey.values()) {
    const found = earlier.get(line.idempotencyKey);
    if (found) settleReplay(outcomes, line, found);
    else fresh.push(line);
  }

  const standings = await findStandings(tx, fresh);
  const accepted: {
    line: CheckedLine;
    memberId: string;
    cardId: string;
    organizationId: string;
    cashbackKopecks: number;
  }[] = [];
  for (const line of fresh) {
    const standing = standings.get(line.line);
    const failure = standing
      ? judgeOnDay(standing, line)
      : new Error(`Expected the standing of purchase line ${line.line}`);
    if (failure instanceof DomainError) fail(line.line, failure);
    else if (failure) throw failure;
    else if (standing?.cardId && standing.memberId && standing.organizationId) {
      accepted.push({
        line,
        memberId: standing.memberId,
        cardId: standing.cardId,
        organizationId: standing.organizationId,
        cashbackKopecks: cashbackOf(line.amountKopecks, partner.cashbackRateBp),
      });
    }
  }

  if (accepted.length > 0) {
    // One statement for every accepted line; a concurrent report of the same key wins the race
    // and its line is replayed (or refused) below.
    const inserted = await tx.execute<Record<string, unknown>[]>(
      `insert into cards.purchase (partner_id, idempotency_key, request_hash, card_id, member_id, organization_id,
                                   amount_kopecks, cashback_rate_bp, cashback_kopecks, occurred_at)
       select ?, l.idempotency_key, l.request_hash, l.card_id, l.member_id, l.organization_id, l.amount_kopecks, ?, l.cashback_kopecks, l.occurred_at
         from unnest(?::text[], ?::text[], ?::uuid[], ?::uuid[], ?::uuid[], ?::bigint[], ?::bigint[], ?::timestamptz[])
              as l(idempotency_key, request_hash, card_id, member_id, organization_id, amount_kopecks, cashback_kopecks, occurred_at)
       on conflict (partner_id, idempotency_key) do nothing
       returning *`,
      [
        partner.id,
        partner.cashbackRateBp,
        pgArray(accepted.map((a) => a.line.idempotencyKey)),
        pgArray(accepted.map((a) => a.line.requestHash)),
        pgArray(accepted.map((a) => a.cardId)),
        pgArray(accepted.map((a) => a.memberId)),
        pgArray(accepted.map((a) => a.organizationId)),
        pgArray(accepted.map((a) => String(a.line.amountKopecks))),
        pgArray(accepted.map((a) => String(a.cashbackKopecks))),
        pgArray(accepted.map((a) => a.line.occurredAt.toISOString())),
      ],
    );
    const byKey = new Map(inserted.map((row) => [String(row['idempotency_key']), tx.map(Purchase, row)]));
    const lost = accepted.filter((a) => !byKey.has(a.line.idempotencyKey));
    const winners =
      lost.length > 0
        ? await findByKeys(
            tx,
            partner.id,
            lost.map((a) => a.line.idempotencyKey),
          )
        : new Map<string, Purchase>();
    const accruals: Purchase[] = [];
    for (const { line } of accepted) {
      const purchase = byKey.get(line.idempotencyKey);
      if (purchase) {
        outcomes.set(line.line, { line: line.line, purchase, replayed: false, failure: null });
        if (purchase.cashbackKopecks > 0) accruals.push(purchase);
        continue;
      }
      const winner = winners.get(line.idempotencyKey);
      if (!winner)
        throw new Error(`Expected the purchase with key ${line.idempotencyKey} that blocked the insert, found none`);
      settleReplay(outcomes, line, winner);
    }
    if (accruals.length > 0) {
      await tx.execute(
        `insert into cards.bonus_ledger (member_id, partner_id, purchase_id, kind, amount_kopecks)
         select a.member_id, ?, a.purchase_id, 'ACCRUAL', a.amount from unnest(?::uuid[], ?::uuid[], ?::bigint[]) as a(member_id, purchase_id, amount)`,
        [
          partner.id,
          pgArray(accruals.map((p) => p.memberId)),
          pgArray(accruals.map((p) => p.id)),
          pgArray(accruals.map((p) => String(p.cashbackKopecks))),
        ],
      );
    }
  }

  for (const line of repeats) {
    const first = outcomes.get(firstByKey.get(line.idempotencyKey)?.line ?? 0);
    if (first?.purchase) settleReplay(outcomes, line, first.purchase);
    else if (first?.failure && firstByKey.get(line.idempotencyKey)?.requestHash === line.requestHash)
      fail(line.line, first.failure);
    else fail(line.line, conflict(line.idempotencyKey, null));
  }
  return lines.map((line) => {
    const outcome = outcomes.get(line.line);
    if (!outcome) throw new Error(`Expected an outcome for purchase line ${line.line}`);
    return outcome;
  });
}

function settleReplay(outcomes: Map<number, Outcome>, line: CheckedLine, earlier: Purchase): void {
  if (earlier.requestHash === line.requestHash)
    outcomes.set(line.line, { line: line.line, purchase: earlier, replayed: true, failure: null });
  else
    outcomes.set(line.line, {
      line: line.line,
      purchase: null,
      replayed: false,
      failure: conflict(earlier.idempotencyKey, earlier.id),
    });
}

/** Every line's card, its periods of use, and its holder's membership and enrollment on the line's day: one statement. */
async function findStandings(tx: EntityManager, lines: readonly CheckedLine[]): Promise<Map<number, DatedStanding>> {
  if (lines.length === 0) return new Map();
  const rows = await tx.execute<DatedStanding[]>(
    `select l.line, c.id as "cardId", c.status, to_char(c.expires_on, 'YYYY-MM-DD') as "expiresOn", c.member_id as "memberId",
            coalesce(exists (select 1 from cards.card_in_use_period u
                              where u.card_id = c.id and u.valid_from <= l.day and (u.valid_to is null or u.valid_to > l.day)), false) as "inUse",
            (select to_char(min(u.valid_from), 'YYYY-MM-DD') from cards.card_in_use_period u where u.card_id = c.id) as "firstInUse",
            (select p.organization_id from ${MEMBERSHIP_PERIOD_V1} p
              where p.member_id = c.member_id and p.valid_from <= l.day and (p.valid_to is null or p.valid_to > l.day)
              order by p.valid_from desc limit 1) as "organizationId",
            coalesce(exists (select 1 from cards.bonus_participation_period b
                              where b.member_id = c.member_id and b.valid_from <= l.day and (b.valid_to is null or b.valid_to > l.day)), false) as enrolled,
            coalesce(m.bonus_consent, false) as "bonusConsent"
       from unnest(?::int[], ?::char(16)[], ?::date[]) as l(line, number, day)
       left join cards.union_card c on c.number = l.number
       left join ${MEMBER_V1} m on m.id = c.member_id`,
    [pgArray(lines.map((l) => String(l.line))), pgArray(lines.map((l) => l.number)), pgArray(lines.map((l) => l.day))],
  );
  return new Map(rows.map((row) => [row.line, row]));
}

/**
 * The verdict on a purchase line on its day, as a typed error naming the condition that failed
 * (`details.condition`: CARD_IN_USE, CARD_EXPIRY, MEMBERSHIP, ENROLLMENT, CONSENT), or null.
 */
function judgeOnDay(standing: DatedStanding, line: CheckedLine): DomainError | null {
  const field = 'cardNumberOrPayload';
  const on = line.day;
  if (!standing.cardId) return notFound('Card', 'number', maskCardNumber(line.number));
  if (line.expiry !== null && line.expiry !== standing.expiresOn?.slice(0, 7)) {
    return new DomainError(
      ErrorCode.INVALID_CARD_NUMBER,
      `${field}: the payload's expiry ${line.expiry} is not the card's`,
      { field, reason: 'EXPIRY_MISMATCH' },
    );
  }
  if (!standing.inUse) {
    if (standing.firstInUse === null || standing.firstInUse > on) {
      return new DomainError(
        ErrorCode.INVALID_STATE,
        `${field}: expected a card in use on the purchase's day ${on}, got one ${standing.firstInUse === null ? `never in use (it is ${standing.status})` : `in use only from ${standing.firstInUse}`}`,
        { field, condition: 'CARD_IN_USE', on, status: standing.status, inUseFrom: standing.firstInUse },
      );
    }
    return new DomainError(
      ErrorCode.CARD_REVOKED,
      `${field}: expected a card in use on the purchase's day ${on}, got one out of use that day (it is ${standing.status} now)`,
      {
        field,
        condition: 'CARD_IN_USE',
        on,
        status: standing.status,
      },
    );
  }
  if (standing.expiresOn === null || standing.expiresOn < on) {
    return new DomainError(
      ErrorCode.CARD_EXPIRED,
      `${field}: the card expired on ${standing.expiresOn}, before the purchase's day ${on}`,
      {
        field,
        condition: 'CARD_EXPIRY',
        on,
        expiresOn: standing.expiresOn,
      },
    );
  }
  if (!standing.organizationId) {
    return new DomainError(
      ErrorCode.CARD_REVOKED,
      `${field}: expected the holder to be a member on the purchase's day ${on}; they were not`,
      { field, condition: 'MEMBERSHIP', on },
    );
  }
  if (!standing.enrolled) {
    return new DomainError(
      ErrorCode.NOT_ENROLLED,
      `${field}: expected the holder to take part in the bonus program on the purchase's day ${on}; they did not`,
      {
        field,
        condition: 'ENROLLMENT',
        on,
      },
    );
  }
  if (!standing.bonusConsent) {
    return new DomainError(
      ErrorCode.NOT_ENROLLED,
      `${field}: the holder has withdrawn the consent to share data with the bonus program; nothing more is recorded`,
      {
        field,
        condition: 'CONSENT',
        on,
      },
    );
  }
  return null;
}

function requirePartnerViewer(scope: Scope): string {
  const partnerId = scope.viewer.partnerId;
  if (!partnerId) throw new DomainError(ErrorCode.FORBIDDEN, 'Only a partner, with its API key, reports purchases', {});
  return partnerId;
}

async function requireActivePartner(tx: EntityManager, partnerId: string): Promise<Partner> {
  const partner = await tx.findOne(Partner, { id: partnerId });
  if (!partner?.active)
    throw new DomainError(ErrorCode.FORBIDDEN, `Partner ${partnerId} is not an active partner of the program`, {
      partnerId,
    });
  return partner;
}

/** Format, amount, date window and the card's number or payload, all before the database. */
function checkLine(line: number, report: PurchaseReport, keys: QrKeys, now: Date, maxDelayDays: number): CheckedLine {
  const idempotencyKey = checkIdempotencyKey(report.idempotencyKey);
  checkAmount(report.amountKopecks);
  checkOccurredAt(report.occurredAt, now, maxDelayDays);
  const presented = requirePresentedCard(report.card, keys, 'cardNumberOrPayload');
  const occurredAt = report.occurredAt.toISOString();
  return {
    line,
    idempotencyKey,
    number: presented.number,
    expiry: presented.expiry,
    amountKopecks: report.amountKopecks,
    occurredAt: report.occurredAt,
    day: occurredAt.slice(0, 10),
    requestHash: hashBody({ card: presented.number, amountKopecks: report.amountKopecks, occurredAt }),
  };
}

async function findByKeys(
  em: EntityManager,
  partnerId: string,
  keys: readonly string[],
): Promise<Map<string, Purchase>> {
  if (keys.length === 0) return new Map();
  const rows = await em.execute<Record<string, unknown>[]>(
    'select * from cards.purchase where partner_id = ? and idempotency_key = any(?::text[])',
    [partnerId, pgArray(keys)],
  );
  return new Map(rows.map((row) => [String(row['idempotency_key']), em.map(Purchase, row)]));
}

function conflict(idempotencyKey: string, purchaseId: string | null): DomainError {
  return new DomainError(
    ErrorCode.IDEMPOTENCY_CONFLICT,
    `idempotencyKey: "${idempotencyKey}" was used ${purchaseId ? `for purchase ${purchaseId}` : 'by another line of this batch'} with a different card, amount or time; use a new key for a new purchase`,
    { field: 'idempotencyKey', ...(purchaseId ? { purchaseId } : {}) },
  );
}

function checkIdempotencyKey(raw: string): string {
  const key = raw.trim();
  if (!/^[\x21-\x7e]{1,100}$/.test(key)) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `idempotencyKey: expected 1-100 printable ASCII characters without spaces, got ${JSON.stringify(raw)}`,
      {
        field: 'idempotencyKey',
      },
    );
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

function checkOccurredAt(occurredAt: Date, now: Date, maxDelayDays: number): void {
  const time = occurredAt.getTime();
  const earliest = now.getTime() - maxDelayDays * 86_400_000;
  if (Number.isNaN(time) || time > now.getTime() + CLOCK_SKEW_MS || time < earliest) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `occurredAt: expected a time within the last ${maxDelayDays} days and not in the future, got ${Number.isNaN(time) ? 'an invalid date' : occurredAt.toISOString()}`,
      { field: 'occurredAt' },
    );
  }
}

/** SHA-256 of the report's canonical body (fixed key order, the card as its number). */
function hashBody(body: { card: string; amountKopecks: number; occurredAt: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([body.card, body.amountKopecks, body.occurredAt]))
    .digest('hex');
}
