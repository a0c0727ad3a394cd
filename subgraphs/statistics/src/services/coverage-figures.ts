import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '@registry/lib';
import { subtreeMemberCountsSql } from '@registry/members/contract';
import { ORGANIZATION_V1, SUBTREE_V1 } from '@registry/organizations/contract';
import type { BaselineFigures } from './baselines';

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

/**
 * The figures nearly every coverage field, ranking and primary report form reads, for one
 * organization's subtree: its registry, its members on record and the report it is measured against.
 */
export interface CoverageFigures {
  /** The report date asked for, or the latest on or before `asOf`; null when no report was entered yet. */
  reportDate: string | null;
  registry: RegistryCounts;
  members: MemberFigures;
  /** The report's figures in effect on `reportDate`, or null when none are (nothing stated in the subtree). */
  report: BaselineFigures | null;
}

/** A piece of SQL and its `?` parameters, in order. */
export interface SqlFragment {
  text: string;
  params: unknown[];
}

/**
 * The rules of coverage figures as SQL, in ONE place: the `coverage` field's batches
 * (`coverageFigures`) and the flat `coverageTable` (services/coverage-table.ts) both build their
 * statement from it, so a change of a rule reaches both. Figures of organizations on `asOf`
 * against the report of `reportDate` (null: the latest report on or before `asOf`):
 *
 * - Members: the members subgraph's published `subtree_member_counts_v1`, which sums its
 *   organization tally (one row per organization, kept by its triggers) for today and the
 *   tally's dated deltas for a past date, so a past date reads one row per organization and change day, never a member.
 * - The report's figures in effect: a baseline an organization stated is used as is; where it stated
 *   none, it is the sum of its children's — i.e. the sum of the nearest stated organizations below
 *   it (a stated node hides everything under it, also the figures it left unknown). A figure is
 *   unknown (null) when any of those organizations left it unknown.
 * - Registry counts join every organization and count the active ones in the aggregate, rather than
 *   filtering the join: on a freshly loaded database (no table statistics yet) PostgreSQL estimated
 *   the filtered join at two rows and chose a nested loop over the whole subtree, many times slower
 *   than the hash join the aggregate gets (docs/benchmarks.md, "From source comments").
 *
 * `ids` is an SQL expression of type uuid[] (a parameter, or a subquery over an earlier CTE of the
 * caller's statement, cast to uuid[]: `any((select …))` would compare with each row of the
 * subquery instead); it is repeated where the rules need it. The result is the CTE list
 * `chosen, registry, on_record, report` (no leading `with`); select `COVERAGE_FIGURES_COLUMNS` with
 * `coverageFiguresJoins(idColumn)` and read each row with `toCoverageFigures`.
 */
export function coverageFiguresCtes(ids: SqlFragment, asOf: string, reportDate: string | null): SqlFragment {
  const chosen =
    reportDate === null
      ? '(select max(report_date) from statistics.report_baseline where report_date <= ?::date)'
      : '?::date';
  const text = `chosen as (select ${chosen} as report_date),
     registry as (
       select s.ancestor_id as id,
              count(*) filter (where o.status = 'ACTIVE' and o.level = 'REGIONAL')::int as regional,
              count(*) filter (where o.status = 'ACTIVE' and o.level = 'TERRITORIAL')::int as territorial,
              count(*) filter (where o.status = 'ACTIVE' and o.level = 'PRIMARY')::int as primary
         from ${SUBTREE_V1} s join ${ORGANIZATION_V1} o on o.id = s.descendant_id
        where s.ancestor_id = any(${ids.text})
        group by s.ancestor_id),
${ON_RECORD(ids.text)}
     report as (
       select x.ancestor_id as id,
              ${knownSum('members', 'members')}, ${knownSum('employees', 'employees')}, ${knownSum('students', 'students')},
              ${knownSum('primary_organizations', 'primary_organizations')},
              ${knownSum('territorial_organizations', 'territorial_organizations')}
         from ${SUBTREE_V1} x
         join statistics.report_baseline b on b.organization_id = x.descendant_id and b.report_date = (select report_date from chosen)
        where x.ancestor_id = any(${ids.text})
          and not exists (
            select 1
              from ${SUBTREE_V1} up
              join statistics.report_baseline s on s.organization_id = up.ancestor_id and s.report_date = b.report_date
              join ${SUBTREE_V1} inside on inside.ancestor_id = x.ancestor_id and inside.descendant_id = up.ancestor_id
             where up.descendant_id = b.organization_id and up.depth > 0)
        group by x.ancestor_id)`;
  return {
    text,
    params: [reportDate ?? asOf, ...ids.params, ...ids.params, asOf, ...ids.params],
  };
}

/** Members on record on `asOf` (one row per organization and, for a past date, per change day). */
const ON_RECORD = (ids: string): string => `
     on_record as (
       select ancestor_id as id, active, youth, employees, students, pensioners
         from ${subtreeMemberCountsSql(ids, '?::date')}),`;

/**
 * The sum of a figure over the nearest stated organizations, or null when any of them left it
 * unknown: a partial sum would pass for the whole (a region whose one territorial did not give its
 * primaries would seem to have fewer), and the honest answer is "unknown".
 */
const knownSum = (column: string, alias: string): string =>
  `case when bool_and(b.${column} is not null) then sum(b.${column})::int end as ${alias}`;

/** The figures' columns, flat (no JSON to build and parse per row: the table reads thousands). */
export const COVERAGE_FIGURES_COLUMNS = `to_char(c.report_date, 'YYYY-MM-DD') as cf_report_date,
            coalesce(g.regional, 0) as cf_regional, coalesce(g.territorial, 0) as cf_territorial, coalesce(g.primary, 0) as cf_primary,
            coalesce(m.active, 0) as cf_active, coalesce(m.youth, 0) as cf_youth, coalesce(m.employees, 0) as cf_employees,
            coalesce(m.students, 0) as cf_students, coalesce(m.pensioners, 0) as cf_pensioners,
            r.id is not null as cf_reported, r.members as cf_report_members, r.employees as cf_report_employees, r.students as cf_report_students,
            r.primary_organizations as cf_report_primary, r.territorial_organizations as cf_report_territorial`;

/** Joins the figures' CTEs to the caller's organizations, whose id is `idColumn`. */
export const coverageFiguresJoins = (idColumn: string): string => `cross join chosen c
       left join registry g on g.id = ${idColumn}
       left join on_record m on m.id = ${idColumn}
       left join report r on r.id = ${idColumn}`;

/** One row's `COVERAGE_FIGURES_COLUMNS`. */
export interface CoverageFiguresRow {
  cf_report_date: string | null;
  cf_regional: number;
  cf_territorial: number;
  cf_primary: number;
  cf_active: number;
  cf_youth: number;
  cf_employees: number;
  cf_students: number;
  cf_pensioners: number;
  cf_reported: boolean;
  cf_report_members: number | null;
  cf_report_employees: number | null;
  cf_report_students: number | null;
  cf_report_primary: number | null;
  cf_report_territorial: number | null;
}

export function toCoverageFigures(row: CoverageFiguresRow): CoverageFigures {
  return {
    reportDate: row.cf_report_date,
    registry: { regional: row.cf_regional, territorial: row.cf_territorial, primary: row.cf_primary },
    members: {
      active: row.cf_active,
      youth: row.cf_youth,
      employees: row.cf_employees,
      students: row.cf_students,
      pensioners: row.cf_pensioners,
    },
    report: row.cf_reported
      ? {
          members: row.cf_report_members,
          employees: row.cf_report_employees,
          students: row.cf_report_students,
          primaryOrganizations: row.cf_report_primary,
          territorialOrganizations: row.cf_report_territorial,
        }
      : null,
  };
}

/**
 * Coverage figures of organizations, in ONE statement for any number of them: the gateway sends
 * each tree level as one `_entities` batch, and a statement per metric (report date, registry,
 * members, report) made each level cost four round trips where one suffices.
 */
export async function coverageFigures(
  em: EntityManager,
  organizationIds: readonly string[],
  asOf: string,
  reportDate: string | null,
): Promise<Map<string, CoverageFigures>> {
  const ids = pgArray(organizationIds);
  const ctes = coverageFiguresCtes({ text: '?::uuid[]', params: [ids] }, asOf, reportDate);
  const rows = await em.execute<(CoverageFiguresRow & { id: string })[]>(
    `with ${ctes.text}
     select i.id, ${COVERAGE_FIGURES_COLUMNS}
       from unnest(?::uuid[]) as i(id)
       ${coverageFiguresJoins('i.id')}`,
    [...ctes.params, ids],
  );
  return new Map(rows.map((row) => [row.id, toCoverageFigures(row)]));
}
