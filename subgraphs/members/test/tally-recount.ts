import type { MikroORM } from '@mikro-orm/postgresql';
import { today } from '@registry/lib';
import { expect } from 'vitest';

/**
 * What the organization tally tests compare: the figures the triggers keep (today's tally, the
 * running totals by day) against the same figures counted member by member from the records and
 * their membership periods, the reading the tally replaced.
 */
export interface TallyRow {
  organization_id: string;
  active: number;
  employees: number;
  students: number;
  pensioners: number;
  youth: number;
}

type Run = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** A statement in a transaction of its own (autocommit), so its fold has run when it returns. */
export const runner =
  (orm: MikroORM): Run =>
  (sql, params = []) =>
    orm.em.fork().execute(sql, params);

/** Today's tally, organizations whose members all left (all zeros) left out. */
export const tally = async (orm: MikroORM): Promise<TallyRow[]> =>
  orm.em.fork().execute<TallyRow[]>(
    `select organization_id, active, employees, students, pensioners, youth from members.organization_tally
        where active <> 0 or employees <> 0 or students <> 0 or pensioners <> 0 or youth <> 0 order by organization_id`,
  );

/** The same figures counted from the members themselves. */
export const recount = async (orm: MikroORM): Promise<TallyRow[]> =>
  orm.em.fork().execute<TallyRow[]>(
    `select organization_id, count(*)::int as active,
            count(*) filter (where category = 'EMPLOYEE')::int as employees,
            count(*) filter (where category = 'STUDENT')::int as students,
            count(*) filter (where category = 'NON_WORKING_PENSIONER')::int as pensioners,
            count(*) filter (where birth_date > (select youth_cutoff from members.tally_state))::int as youth
       from members.member where status = 'ACTIVE' group by organization_id order by organization_id`,
  );

/** A day `years` years and `days` days from today, as YYYY-MM-DD. */
export const shifted = (years: number, days = 0): string => {
  const date = new Date(`${today()}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/**
 * Dates spanning the history: every first of January since 1990, the 1st and 15th of each month of
 * the last three years, today, the days movements were dated on and the days before them, and the
 * days members turn 35 and the days before (the youth boundary; 29 February births included).
 */
const historyDates = async (orm: MikroORM): Promise<string[]> => {
  const rows = await runner(orm)(
    `select distinct to_char(d, 'YYYY-MM-DD') as d from (
       select generate_series(date '1990-01-01', current_date, interval '1 year')::date as d
       union all select generate_series(date_trunc('month', current_date - interval '3 years'), current_date, interval '1 month')::date
       union all select generate_series(date_trunc('month', current_date - interval '3 years') + interval '14 days', current_date, interval '1 month')::date
       union all select current_date
       union all select day + shift from (
         select valid_from as day from members.membership_period union select valid_to from members.membership_period where valid_to is not null
         union select members.youth_ends_on(birth_date) from members.member) days, (values (0), (-1)) s(shift)) dates
      where d <= current_date order by 1`,
  );
  return rows.map((row) => String(row.d));
};

/**
 * Per date and organization, the figures of the day (the latest running totals on or before the
 * date) against the members counted one by one from their periods (with their record's category
 * and birth date, as memberCounts(asOf) always read them): the rows that differ, and how many rows
 * were compared.
 */
const pastMismatches = async (orm: MikroORM): Promise<{ compared: number; dates: number; differing: unknown[] }> => {
  const dates = await historyDates(orm);
  const rows = await runner(orm)(
    `with dates as (select unnest(?::date[]) as d),
     summed as (
       select distinct on (x.d, t.organization_id) x.d, t.organization_id, t.active, t.employees, t.students, t.pensioners, t.youth
         from dates x join members.organization_tally_by_day t on t.from_date <= x.d
        order by x.d, t.organization_id, t.from_date desc),
     recounted as (
       select x.d, p.organization_id, count(*)::int as active, count(*) filter (where m.category = 'EMPLOYEE')::int as employees,
              count(*) filter (where m.category = 'STUDENT')::int as students,
              count(*) filter (where m.category = 'NON_WORKING_PENSIONER')::int as pensioners,
              count(*) filter (where m.birth_date > x.d - interval '35 years')::int as youth
         from dates x
         join members.membership_period p on p.valid_from <= x.d and (p.valid_to is null or p.valid_to > x.d)
         join members.member m on m.id = p.member_id
        group by x.d, p.organization_id),
     paired as (
       select coalesce(s.d, r.d) as d, coalesce(s.organization_id, r.organization_id) as organization_id,
              row(s.active, s.employees, s.students, s.pensioners, s.youth)::text as summed,
              row(r.active, r.employees, r.students, r.pensioners, r.youth)::text as recounted,
              (s.active, s.employees, s.students, s.pensioners, s.youth) is not distinct from (r.active, r.employees, r.students, r.pensioners, r.youth)
                or (r.d is null and (s.active, s.employees, s.students, s.pensioners, s.youth) = (0, 0, 0, 0, 0)) as same
         from summed s full join recounted r on r.d = s.d and r.organization_id = s.organization_id)
     select to_char(d, 'YYYY-MM-DD') as d, organization_id, summed, recounted, same from paired`,
    [`{${dates.join(',')}}`],
  );
  return {
    compared: rows.filter((row) => row.same === true).length,
    dates: dates.length,
    differing: rows.filter((row) => row.same !== true),
  };
};

/** The figures of the day equal the recount on every date of the history, and that is not vacuously so. */
export const expectPastMatchesRecount = async (orm: MikroORM): Promise<void> => {
  const { compared, dates, differing } = await pastMismatches(orm);
  expect(differing).toEqual([]);
  expect(dates).toBeGreaterThan(60);
  expect(compared).toBeGreaterThan(100);
};

/** The running totals as stored, in key order. */
const rowsByDay = async (orm: MikroORM): Promise<Record<string, unknown>[]> =>
  runner(orm)(
    "select organization_id, to_char(from_date, 'YYYY-MM-DD') as from_date, active, employees, students, pensioners, youth from members.organization_tally_by_day order by 1, 2",
  );

/** The folds kept exactly the rows a rebuild from the periods writes (which it then leaves in place). */
export const expectRowsAsRebuilt = async (orm: MikroORM): Promise<void> => {
  const kept = await rowsByDay(orm);
  await runner(orm)('select members.rebuild_organization_tally_by_day()');
  expect(await rowsByDay(orm)).toEqual(kept);
  expect(kept.length).toBeGreaterThan(100);
};
