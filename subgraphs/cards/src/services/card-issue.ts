import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { DomainError, ErrorCode, isUuid } from '@registry/lib';
import { UnionCard } from '../entities/union-card';
import { CARD_NUMBER_PREFIX } from './card-number';
import { assertCoversHolder, missingTarget } from './holder-scope';
import type { MemberSummary } from './member-directory';
import { findMembers } from './member-directory';

/** Cards are valid five years, to the end of the month (the month is what a card shows). */
export const CARD_VALIDITY_YEARS = 5;

/** Last day of the month `CARD_VALIDITY_YEARS` after `from` (YYYY-MM-DD). */
export function expiryFrom(from: string): string {
  const [year, month] = from.split('-').map(Number);
  if (year === undefined || month === undefined) throw new Error(`Expected a date YYYY-MM-DD, got ${from}`);
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year + CARD_VALIDITY_YEARS, month, 0)).toISOString().slice(0, 10);
}

/** A new card number for a member of `subjectCode`: the serial from the sequence, the check digit from SQL. */
export async function nextCardNumber(em: EntityManager, subjectCode: string): Promise<string> {
  const [row] = await em.execute<{ number: string }[]>(
    `select body || cards.luhn_check_digit(body) as number
       from (select ? || ? || lpad(nextval('cards.card_serial_seq')::text, 9, '0') as body) as next`,
    [CARD_NUMBER_PREFIX, subjectCode],
  );
  if (!row) throw new Error('Expected a number from cards.card_serial_seq, got no row');
  return row.number;
}

/**
 * The card to change and its holder, once the viewer's scope over the holder is checked (a
 * missing card answers as one outside it), locked for the change (`select … for update`), so two
 * concurrent changes of one card are applied one after the other, the second seeing the first's
 * result. A card's holder never changes, so checking before the lock is safe.
 */
export async function lockHolderCard(em: EntityManager, scope: Scope, id: string, options: { self: boolean }): Promise<{ card: UnionCard; member: MemberSummary }> {
  const field = 'cardId';
  if (!isUuid(id)) throw new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: expected a UUID, got ${JSON.stringify(id)}`, { field });
  const [found] = await em.execute<{ member_id: string }[]>('select member_id from cards.union_card where id = ?', [id]);
  const [member] = found ? await findMembers(em, [found.member_id]) : [];
  if (!member) throw missingTarget(scope, 'Card', field, id);
  await assertCoversHolder(scope, member, options);
  await em.execute('select id from cards.union_card where id = ? for update', [id]);
  return { card: await em.findOneOrFail(UnionCard, { id }, { refresh: true }), member };
}

/** Free-text reasons: optional, at most 1000 characters. */
export function checkReason(reason: string | null | undefined): string | null {
  const text = reason?.trim() ?? '';
  if (text.length > 1000) throw new DomainError(ErrorCode.BAD_USER_INPUT, `reason: expected at most 1000 characters, got ${text.length}`, { field: 'reason' });
  return text.length > 0 ? text : null;
}
