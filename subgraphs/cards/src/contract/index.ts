import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '@registry/lib';

/**
 * The cards subgraph's contract with the other subgraphs of the same database
 * (`@registry/cards/contract`, the only module they may import from this package): its published
 * function for statistics, an SQL builder for statements that join it, a typed query and the row
 * type. Card numbers and keys are never published. test/contract.test.ts pins the columns.
 */

/** id, member_id, kind, status, issued_on, expires_on: no numbers. No other subgraph reads it yet. */
export const CARD_V1 = 'cards.card_v1';
/** member_id, channel, active, enrolled_at. No other subgraph reads it yet. */
export const BONUS_PARTICIPANT_V1 = 'cards.bonus_participant_v1';

/** A row of `cards_in_use_v1`: card and bonus figures of one organization's subtree on a date. */
export interface CardsInUseRow {
  organization_id: string;
  plastic: number;
  virtual: number;
  bonus_participants: number;
  bonus_participants_via_app: number;
}

/**
 * The call of `cards_in_use_v1(ids, as_of)` as a FROM item, for a statement that joins it
 * (statistics' coverage table): `ids` an SQL expression of type uuid[], `asOf` one of type date.
 */
export const cardsInUseSql = (ids: string, asOf: string): string => `cards.cards_in_use_v1(${ids}, ${asOf})`;

/** Card and bonus figures on `asOf` of each subtree of `ids`, by the organization's id (absent: none). */
export async function cardsInUseBySubtree(
  em: EntityManager,
  ids: readonly string[],
  asOf: string,
): Promise<Map<string, CardsInUseRow>> {
  const rows = await em.execute<CardsInUseRow[]>(
    `select organization_id, plastic, virtual, bonus_participants, bonus_participants_via_app from ${cardsInUseSql('?::uuid[]', '?::date')}`,
    [pgArray(ids), asOf],
  );
  return new Map(rows.map((row) => [row.organization_id, row]));
}
