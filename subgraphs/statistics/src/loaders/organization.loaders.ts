import type { EntityManager } from '@mikro-orm/postgresql';
import { cardsInUseSql } from '@registry/cards/contract';
import { memoized, pgArray } from '@registry/lib';
import { MEMBER_COMPLETENESS_V1, MEMBER_V1, MEMBERSHIP_EVENT_V1 } from '@registry/members/contract';
import { ORGANIZATION_V1, PASSPORT_V1, SUBTREE_V1 } from '@registry/organizations/contract';
import DataLoader from 'dataloader';
import type { CoverageFigures } from '../services/coverage-figures';
import { coverageFigures } from '../services/coverage-figures';

/** Admissions and exits in a subtree during a period (start exclusive, end inclusive). */
export interface MovementFigures {
  admitted: number;
  left: number;
}

/**
 * Members holding a card in use (an issued plastic or an active virtual card, not expired) and
 * members in the bonus program, counted per person: never more than the members on record.
 */
export interface CardFigures {
  plastic: number;
  virtual: number;
  bonusParticipants: number;
  bonusParticipantsViaApp: number;
}

/** Average share of mandatory fields filled, 0..1 (null when there is nothing to measure). */
export interface CompletenessFigures {
  passports: number | null;
  memberRecords: number | null;
}

/** Which coverage figures: members on `asOf` against the report of `reportDate` (null: the latest on or before `asOf`). */
export interface CoverageKey {
  asOf: string;
  reportDate: string | null;
}

export interface StatisticsLoaders {
  /** Report date, registry counts, members and report figures: one statement per batch (services/coverage-figures.ts). */
  coverageFigures(key: CoverageKey): DataLoader<string, CoverageFigures>;
  /** Keyed by period `start..end`. */
  movement(period: string): DataLoader<string, MovementFigures>;
  completeness: DataLoader<string, CompletenessFigures>;
  /** Card and bonus figures on a date (YYYY-MM-DD), from the cards subgraph's history. */
  cardFigures(asOf: string): DataLoader<string, CardFigures>;
  names: DataLoader<string, { name: string; code: string; level: string } | null>;
}

/**
 * One SQL statement per metric family and batch of organizations, whatever their number: the
 * gateway sends each level of `coverage` as one `_entities` batch.
 */
export function createStatisticsLoaders(em: EntityManager): StatisticsLoaders {
  const coverageFiguresLoader = memoized(
    ({ asOf, reportDate }: CoverageKey) =>
      new DataLoader<string, CoverageFigures>(async (ids) => {
        const byId = await coverageFigures(em, ids, asOf, reportDate);
        return ids.map(
          (id) => byId.get(id) ?? new Error(`Expected coverage figures of organization ${id} from PostgreSQL`),
        );
      }),
  );

  const movement = memoized(
    (period: string) =>
      new DataLoader<string, MovementFigures>(async (ids) => {
        const [start, end] = period.split('..');
        const rows = await em.execute<(MovementFigures & { id: string })[]>(
          `select s.ancestor_id as id,
                  count(*) filter (where e.kind in ('ADMITTED', 'IMPORTED', 'REINSTATED'))::int as admitted,
                  count(*) filter (where e.kind in ('LEFT', 'EXCLUDED', 'DECEASED'))::int as left
             from ${SUBTREE_V1} s
             join ${MEMBERSHIP_EVENT_V1} e on e.organization_id = s.descendant_id
              and e.occurred_on > ?::date and e.occurred_on <= ?::date
            where s.ancestor_id = any(?::uuid[])
            group by s.ancestor_id`,
          [start, end, pgArray(ids)],
        );
        const byId = new Map(rows.map(({ id, ...figures }) => [id, figures]));
        return ids.map((id) => byId.get(id) ?? { admitted: 0, left: 0 });
      }),
  );

  const completeness = new DataLoader<string, CompletenessFigures>(async (ids) => {
    const rows = await em.execute<(CompletenessFigures & { id: string })[]>(
      `select s.ancestor_id as id,
              (select avg(p.filled::numeric / p.required)::float8
                 from ${SUBTREE_V1} t
                 join ${ORGANIZATION_V1} o on o.id = t.descendant_id and o.status = 'ACTIVE'
                 join ${PASSPORT_V1} p on p.organization_id = o.id
                where t.ancestor_id = s.ancestor_id) as passports,
              (select avg(c.filled::numeric / c.required)::float8
                 from ${SUBTREE_V1} t
                 join ${MEMBER_V1} m on m.organization_id = t.descendant_id and m.status = 'ACTIVE'
                 join ${MEMBER_COMPLETENESS_V1} c on c.member_id = m.id
                where t.ancestor_id = s.ancestor_id) as "memberRecords"
         from (select distinct unnest(?::uuid[]) as ancestor_id) s`,
      [pgArray(ids)],
    );
    const byId = new Map(rows.map(({ id, ...figures }) => [id, figures]));
    return ids.map((id) => byId.get(id) ?? { passports: null, memberRecords: null });
  });

  // Card history is the cards subgraph's: its published function answers any date, today's too,
  // so coverage and rankings read one definition (cards' Migration20261201300004_card_history).
  const cardFigures = memoized(
    (asOf: string) =>
      new DataLoader<string, CardFigures>(async (ids) => {
        const rows = await em.execute<(CardFigures & { id: string })[]>(
          `select organization_id as id, plastic, virtual, bonus_participants as "bonusParticipants",
                  bonus_participants_via_app as "bonusParticipantsViaApp"
             from ${cardsInUseSql('?::uuid[]', '?::date')}`,
          [pgArray(ids), asOf],
        );
        const byId = new Map(rows.map(({ id, ...figures }) => [id, figures]));
        return ids.map(
          (id) => byId.get(id) ?? { plastic: 0, virtual: 0, bonusParticipants: 0, bonusParticipantsViaApp: 0 },
        );
      }),
  );

  const names = new DataLoader<string, { name: string; code: string; level: string } | null>(async (ids) => {
    const rows = await em.execute<{ id: string; name: string; code: string; level: string }[]>(
      `select id, name, code, level from ${ORGANIZATION_V1} where id = any(?::uuid[])`,
      [pgArray(ids)],
    );
    const byId = new Map(rows.map(({ id, ...row }) => [id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  return {
    // A fresh object in a fixed order: the memo key is its JSON, so a caller's object with other
    // properties or another order must not start a second batch.
    coverageFigures: (key) => coverageFiguresLoader({ asOf: key.asOf, reportDate: key.reportDate }),
    movement,
    completeness,
    cardFigures,
    names,
  };
}
