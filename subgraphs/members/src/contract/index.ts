import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '@registry/lib';

/**
 * The members subgraph's contract with the other subgraphs of the same database
 * (`@registry/members/contract`, the only module they may import from this package): the names
 * of its published views and functions, SQL builders for statements that compose them, typed
 * queries, their row types and the domain constants the SQL is built from. Readers never write
 * these names themselves; test/contract.test.ts pins the columns and compares the youth rule of
 * TypeScript with the SQL's.
 */

/** Youngest age at which one may join (students of colleges, with a guardian's consent until ADULT_AGE). */
export const MIN_AGE = 14;
/** From this age no guardian's consent is needed. */
export const ADULT_AGE = 18;
/** "Youth" in every figure is a member under this age on the date counted (`youth_ends_on` in SQL). */
export const YOUTH_AGE = 35;

/** id, registration_number, organization_id, status, category, birth_date, joined_on, bonus_consent: no names or contacts. */
export const MEMBER_V1 = 'members.member_v1';
/** member_id, organization_id, valid_from, valid_to: where a member belonged when, `[from, to)`. */
export const MEMBERSHIP_PERIOD_V1 = 'members.membership_period_v1';
/** member_id, kind, occurred_on, organization_id, from_organization_id. */
export const MEMBERSHIP_EVENT_V1 = 'members.membership_event_v1';
/** id, type, aggregate_id, payload, occurred_at: domain events in id order (docs/events.md). */
export const OUTBOX_EVENT_V1 = 'members.outbox_event_v1';
/** member_id, filled, required: the optional fields of a member's record that are filled. */
export const MEMBER_COMPLETENESS_V1 = 'members.member_completeness_v1';

/** A row of `subtree_member_counts_v1`: members of one organization's subtree on record on a date. */
export interface SubtreeMemberCountsRow {
  ancestor_id: string;
  active: number;
  /** Under {@link YOUTH_AGE}. */
  youth: number;
  employees: number;
  students: number;
  pensioners: number;
}

/**
 * The call of `subtree_member_counts_v1(ids, as_of)` as a FROM item, for a statement that joins it
 * (statistics' coverage figures): `ids` an SQL expression of type uuid[], `asOf` one of type date.
 * One row per organization of `ids` with members on record; organizations without are absent.
 */
export const subtreeMemberCountsSql = (ids: string, asOf: string): string =>
  `members.subtree_member_counts_v1(${ids}, ${asOf})`;

/** Members on record on `asOf` in each subtree of `ids`, by the organization's id (absent: none). */
export async function subtreeMemberCounts(
  em: EntityManager,
  ids: readonly string[],
  asOf: string,
): Promise<Map<string, SubtreeMemberCountsRow>> {
  const rows = await em.execute<SubtreeMemberCountsRow[]>(
    `select ancestor_id, active, youth, employees, students, pensioners from ${subtreeMemberCountsSql('?::uuid[]', '?::date')}`,
    [pgArray(ids), asOf],
  );
  return new Map(rows.map((row) => [row.ancestor_id, row]));
}
