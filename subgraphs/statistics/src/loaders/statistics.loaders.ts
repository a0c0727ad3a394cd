import type { EntityManager } from '@mikro-orm/postgresql';
import { createSubtreeLoaders, memoized, pgArray, today } from '@registry/lib';
import DataLoader from 'dataloader';
import type { BaselineFigures } from '../services/baselines';
import { effectiveBaselines, latestReportDate } from '../services/baselines';

/** Active organizations of a subtree in the registry (the organization itself included). */
export interface RegistryCounts {
  regional: number;
  territorial: number;
  primary: number;
}

/** Members of a subtree on the electronic record on a date. */
export interface MemberFigures {
  active: number;
  youth: number;
  employees: number;
  students: number;
  pensioners: number;
}

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

export interface StatisticsLoaders {
  registryCounts: DataLoader<string, RegistryCounts>;
  memberFigures(asOf: string): DataLoader<string, MemberFigures>;
  /** Keyed by period `start..end`. */
  movement(period: string): DataLoader<string, MovementFigures>;
  baselines(reportDate: string): DataLoader<string, BaselineFigures | null>;
  completeness: DataLoader<string, CompletenessFigures>;
  /** Today's card and bonus figures (card history is not kept as periods). */
  cardFigures: DataLoader<string, CardFigures>;
  names: DataLoader<string, { name: string; code: string; level: string } | null>;
  /** Which organizations lie in a scope's subtree (viewers' scope checks). */
  withinSubtreeOf: ReturnType<typeof createSubtreeLoaders>;
  /** The latest report date on or before a date, asked once per request however many organizations need it. */
  latestReportDate: DataLoader<string, string | null>;
}

/**
 * One SQL statement per metric family and batch of organizations, whatever their number: the
 * gateway sends each level of `coverage` as one `_entities` batch.
 */
export function createStatisticsLoaders(em: EntityManager): StatisticsLoaders {
  const registryCounts = new DataLoader<string, RegistryCounts>(async (ids) => {
    const rows = await em.execute<(RegistryCounts & { id: string })[]>(
      `select s.ancestor_id as id,
              count(*) filter (where o.level = 'REGIONAL')::int as regional,
              count(*) filter (where o.level = 'TERRITORIAL')::int as territorial,
              count(*) filter (where o.level = 'PRIMARY')::int as primary
         from organizations.subtree_v1 s join organizations.organization_v1 o on o.id = s.descendant_id and o.status = 'ACTIVE'
        where s.ancestor_id = any(?::uuid[])
        group by s.ancestor_id`,
      [pgArray(ids)],
    );
    const byId = new Map(rows.map(({ id, ...counts }) => [id, counts]));
    return ids.map((id) => byId.get(id) ?? { regional: 0, territorial: 0, primary: 0 });
  });

  const memberFigures = memoized(
    (asOf: string) =>
      new DataLoader<string, MemberFigures>(async (ids) => {
        // Today reads the current status; a past date reads the membership periods.
        const membership =
          asOf >= today()
            ? `join members.member_v1 m on m.organization_id = s.descendant_id and m.status = 'ACTIVE'`
            : `join members.membership_period_v1 p on p.organization_id = s.descendant_id
                 and p.valid_from <= ?::date and (p.valid_to is null or p.valid_to > ?::date)
               join members.member_v1 m on m.id = p.member_id`;
        const rows = await em.execute<(MemberFigures & { id: string })[]>(
          `select s.ancestor_id as id, count(*)::int as active,
                  count(*) filter (where m.birth_date > (?::date - interval '35 years'))::int as youth,
                  count(*) filter (where m.category = 'EMPLOYEE')::int as employees,
                  count(*) filter (where m.category = 'STUDENT')::int as students,
                  count(*) filter (where m.category = 'NON_WORKING_PENSIONER')::int as pensioners
             from organizations.subtree_v1 s ${membership}
            where s.ancestor_id = any(?::uuid[])
            group by s.ancestor_id`,
          asOf >= today() ? [asOf, pgArray(ids)] : [asOf, asOf, asOf, pgArray(ids)],
        );
        const byId = new Map(rows.map(({ id, ...figures }) => [id, figures]));
        return ids.map((id) => byId.get(id) ?? { active: 0, youth: 0, employees: 0, students: 0, pensioners: 0 });
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
             from organizations.subtree_v1 s
             join members.membership_event_v1 e on e.organization_id = s.descendant_id
              and e.occurred_on > ?::date and e.occurred_on <= ?::date
            where s.ancestor_id = any(?::uuid[])
            group by s.ancestor_id`,
          [start, end, pgArray(ids)],
        );
        const byId = new Map(rows.map(({ id, ...figures }) => [id, figures]));
        return ids.map((id) => byId.get(id) ?? { admitted: 0, left: 0 });
      }),
  );

  const baselines = memoized(
    (reportDate: string) =>
      new DataLoader<string, BaselineFigures | null>(async (ids) => {
        const byId = await effectiveBaselines(em, ids, reportDate);
        return ids.map((id) => byId.get(id) ?? null);
      }),
  );

  const completeness = new DataLoader<string, CompletenessFigures>(async (ids) => {
    const rows = await em.execute<(CompletenessFigures & { id: string })[]>(
      `select s.ancestor_id as id,
              (select avg(p.filled::numeric / p.required)::float8
                 from organizations.subtree_v1 t
                 join organizations.organization_v1 o on o.id = t.descendant_id and o.status = 'ACTIVE'
                 join organizations.passport_v1 p on p.organization_id = o.id
                where t.ancestor_id = s.ancestor_id) as passports,
              (select avg(c.filled::numeric / c.required)::float8
                 from organizations.subtree_v1 t
                 join members.member_v1 m on m.organization_id = t.descendant_id and m.status = 'ACTIVE'
                 join members.member_completeness_v1 c on c.member_id = m.id
                where t.ancestor_id = s.ancestor_id) as "memberRecords"
         from (select distinct unnest(?::uuid[]) as ancestor_id) s`,
      [pgArray(ids)],
    );
    const byId = new Map(rows.map(({ id, ...figures }) => [id, figures]));
    return ids.map((id) => byId.get(id) ?? { passports: null, memberRecords: null });
  });

  const cardFigures = new DataLoader<string, CardFigures>(async (ids) => {
    const rows = await em.execute<(CardFigures & { id: string })[]>(
      `select s.ancestor_id as id,
              count(*) filter (where exists (select 1 from cards.card_v1 c where c.member_id = m.id and c.kind = 'PLASTIC'
                and c.status = 'ISSUED' and c.expires_on >= current_date))::int as plastic,
              count(*) filter (where exists (select 1 from cards.card_v1 c where c.member_id = m.id and c.kind = 'VIRTUAL'
                and c.status = 'ACTIVE' and c.expires_on >= current_date))::int as virtual,
              count(b.member_id)::int as "bonusParticipants",
              count(b.member_id) filter (where b.channel = 'APP')::int as "bonusParticipantsViaApp"
         from organizations.subtree_v1 s
         join members.member_v1 m on m.organization_id = s.descendant_id and m.status = 'ACTIVE'
         left join cards.bonus_participant_v1 b on b.member_id = m.id and b.active
        where s.ancestor_id = any(?::uuid[])
        group by s.ancestor_id`,
      [pgArray(ids)],
    );
    const byId = new Map(rows.map(({ id, ...figures }) => [id, figures]));
    return ids.map((id) => byId.get(id) ?? { plastic: 0, virtual: 0, bonusParticipants: 0, bonusParticipantsViaApp: 0 });
  });

  const names = new DataLoader<string, { name: string; code: string; level: string } | null>(async (ids) => {
    const rows = await em.execute<{ id: string; name: string; code: string; level: string }[]>(
      'select id, name, code, level from organizations.organization_v1 where id = any(?::uuid[])',
      [pgArray(ids)],
    );
    const byId = new Map(rows.map(({ id, ...row }) => [id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const latestReportDateLoader = new DataLoader<string, string | null>((dates) => Promise.all(dates.map((date) => latestReportDate(em, date))));

  return {
    registryCounts,
    memberFigures,
    movement,
    baselines,
    completeness,
    cardFigures,
    names,
    latestReportDate: latestReportDateLoader,
    withinSubtreeOf: createSubtreeLoaders(em),
  };
}
