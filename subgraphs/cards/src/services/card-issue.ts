import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { DomainError, ErrorCode } from '@registry/lib';
import { UnionCard } from '../entities/union-card';
import type { CardNumberOptions } from './card-number';
import { CARD_NUMBER_PREFIX, checkCardNumberOptions, DEFAULT_CARD_NUMBERS } from './card-number';
import { assertCoversHolder, missingTarget } from './holder-scope';
import type { MemberSummary } from './member-directory';
import { findMembers } from './member-directory';

/** Cards are valid five years, to the end of the month (the month is what a card shows). */
const CARD_VALIDITY_YEARS = 5;

/** Last day of the month `CARD_VALIDITY_YEARS` after `from` (YYYY-MM-DD). */
export function expiryFrom(from: string): string {
  const [year, month] = from.split('-').map(Number);
  if (year === undefined || month === undefined) throw new Error(`Expected a date YYYY-MM-DD, got ${from}`);
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year + CARD_VALIDITY_YEARS, month, 0)).toISOString().slice(0, 10);
}

/** Candidates drawn per statement when one card is numbered: the first free one is taken. */
const CANDIDATES_PER_DRAW = 16;
/** Statements before giving up; only a nearly full space (a test's) ever needs a second. */
const MAX_DRAWS = 8;

/** What a new card is; its number is drawn by `insertCard`. */
export interface NewCard {
  readonly memberId: string;
  readonly subjectCode: string;
  readonly kind: string;
  readonly replacesId: string | null;
  readonly duplicatesId: string | null;
}

/**
 * Inserts an ORDERED card with a random number not yet taken. Each statement draws a few
 * candidates, skips those taken and inserts the first one left; `on conflict (number) do nothing`
 * covers a concurrent insert of the same number, after which it draws again. A second card of the
 * kind in its life still fails on `union_card_one_live_per_kind` (the caller's ALREADY_EXISTS).
 * The candidates are `char(16)` as the column is: compared as text, the column is cast and its
 * unique index cannot answer, so each card scanned every card issued (0.44 s a card at 1.5 M).
 */
export async function insertCard(
  em: EntityManager,
  card: NewCard,
  numbers: CardNumberOptions = DEFAULT_CARD_NUMBERS,
): Promise<UnionCard> {
  const { serialSpace } = checkCardNumberOptions(numbers);
  for (let draw = 1; draw <= MAX_DRAWS; draw += 1) {
    const [inserted] = await em.execute<{ id: string }[]>(
      `insert into cards.union_card (number, member_id, kind, replaces_id, duplicates_id)
       select candidate.number, ?, ?, ?, ?
         from (select (body || cards.luhn_check_digit(body))::char(16) as number
                 from (select ? || ? || cards.random_card_serial(?) as body from generate_series(1, ?)) as drawn) as candidate
        where not exists (select 1 from cards.union_card taken where taken.number = candidate.number)
        limit 1
       on conflict (number) do nothing
       returning id`,
      [
        card.memberId,
        card.kind,
        card.replacesId,
        card.duplicatesId,
        CARD_NUMBER_PREFIX,
        card.subjectCode,
        serialSpace,
        CANDIDATES_PER_DRAW,
      ],
    );
    if (inserted) return em.findOneOrFail(UnionCard, { id: inserted.id });
  }
  throw new Error(
    `No free card number in region ${card.subjectCode} after ${MAX_DRAWS * CANDIDATES_PER_DRAW} random draws from ${serialSpace} serials`,
  );
}

/**
 * The card to change and its holder, once the viewer's scope over the holder is checked (a
 * missing card answers as one outside it), locked for the change (`select … for update`), so two
 * concurrent changes of one card are applied one after the other, the second seeing the first's
 * result. A card's holder never changes, so checking before the lock is safe.
 */
export async function lockHolderCard(
  em: EntityManager,
  scope: Scope,
  id: string,
  options: { self: boolean },
): Promise<{ card: UnionCard; member: MemberSummary }> {
  const field = 'cardId';
  const [found] = await em.execute<{ member_id: string }[]>('select member_id from cards.union_card where id = ?', [
    id,
  ]);
  const [member] = found ? await findMembers(em, [found.member_id]) : [];
  if (!member) throw missingTarget(scope, 'Card', field, id);
  await assertCoversHolder(scope, member, options);
  await em.execute('select id from cards.union_card where id = ? for update', [id]);
  return { card: await em.findOneOrFail(UnionCard, { id }, { refresh: true }), member };
}

/** Free-text reasons: optional, at most 1000 characters. */
export function checkReason(reason: string | null | undefined): string | null {
  const text = reason?.trim() ?? '';
  if (text.length > 1000)
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `reason: expected at most 1000 characters, got ${text.length}`, {
      field: 'reason',
    });
  return text.length > 0 ? text : null;
}
