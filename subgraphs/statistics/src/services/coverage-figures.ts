import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '@registry/lib';
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

/**
 * The figures of the organizations `ids` (an SQL expression of type uuid[]: a parameter, or a
 * subquery over an earlier CTE of the caller's statement) on `asOf` against the report of
 * `reportDate` (null: the latest report on or before `asOf`), as a FROM item with one row per id:
 * `statistics.coverage_figures`, where the rules are (migration …200003). Select
 * `COVERAGE_FIGURES_COLUMNS` from it under the alias `f` and read each row with `toCoverageFigures`.
 */
export const coverageFiguresSql = (ids: string, asOf: string, reportDate: string): string =>
  `statistics.coverage_figures(${ids}, ${asOf}, ${reportDate})`;

/** The figures' columns, flat (no JSON to build and parse per row: the table reads thousands). */
export const COVERAGE_FIGURES_COLUMNS = `f.cf_report_date, f.cf_regional, f.cf_territorial, f.cf_primary,
            f.cf_active, f.cf_youth, f.cf_employees, f.cf_students, f.cf_pensioners,
            f.cf_reported, f.cf_report_members, f.cf_report_employees, f.cf_report_students,
            f.cf_report_primary, f.cf_report_territorial`;

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
  const rows = await em.execute<(CoverageFiguresRow & { id: string })[]>(
    `select f.id, ${COVERAGE_FIGURES_COLUMNS} from ${coverageFiguresSql('?::uuid[]', '?::date', '?::date')} f`,
    [pgArray(organizationIds), asOf, reportDate],
  );
  return new Map(rows.map((row) => [row.id, toCoverageFigures(row)]));
}
