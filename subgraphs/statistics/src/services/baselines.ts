import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldProblem, Viewer } from '@registry/lib';
import {
  Ability,
  assertNoProblems,
  ErrorCode,
  isCalendarDate,
  isUuid,
  notFound,
  pgArray,
  scopeOf,
  today,
} from '@registry/lib';
import { ORGANIZATION_V1 } from '@registry/organizations/contract';

/**
 * The figures of the statistical report for one organization and date. Null: the report does not
 * give it (unknown) — never 0, which would read as "none" and make coverage look complete.
 */
export interface BaselineFigures {
  members: number | null;
  employees: number | null;
  students: number | null;
  primaryOrganizations: number | null;
  territorialOrganizations: number | null;
}

export interface BaselineInput extends BaselineFigures {
  organizationId: string;
  reportDate: string;
}

const FIGURES: readonly (keyof BaselineFigures)[] = [
  'members',
  'employees',
  'students',
  'primaryOrganizations',
  'territorialOrganizations',
];
export const FIGURE_LIMIT = 10_000_000;

/**
 * The checks of one report line that need no database. Field names are the input's; the CSV import
 * renames them to its columns. `latest` is the latest report date allowed (today: a report
 * describes a date that has come).
 */
export function checkBaseline(input: BaselineInput, latest: string = today()): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string): void => {
    problems.push({ field, code: ErrorCode.BAD_USER_INPUT, message });
  };
  if (!isUuid(input.organizationId))
    bad('organizationId', `expected a UUID, got ${JSON.stringify(input.organizationId)}`);
  if (!isCalendarDate(input.reportDate))
    bad('reportDate', `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(input.reportDate)}`);
  else if (input.reportDate > latest)
    bad('reportDate', `expected a report date on or before ${latest} (today), got ${input.reportDate}`);
  for (const figure of FIGURES) {
    const value = input[figure];
    if (value !== null && (!Number.isInteger(value) || value < 0 || value > FIGURE_LIMIT)) {
      bad(figure, `expected a whole number from 0 to ${FIGURE_LIMIT}, or none when unknown, got ${value}`);
    }
  }
  const { members, employees, students } = input;
  // Checked only where all three are known: an unknown part can be anything.
  if (members !== null && employees !== null && students !== null && employees + students > members) {
    bad('members', `expected members ≥ employees + students (${employees} + ${students}), got ${members}`);
  }
  return problems;
}

/**
 * What an organization of a level can have below it: a primary organization has neither primary
 * nor territorial organizations under it, a territorial one no territorial ones. A stated 0 or
 * an unknown figure passes.
 */
export function checkHierarchy(level: string, input: BaselineFigures): FieldProblem[] {
  const below: ('primaryOrganizations' | 'territorialOrganizations')[] =
    level === 'PRIMARY'
      ? ['primaryOrganizations', 'territorialOrganizations']
      : level === 'TERRITORIAL'
        ? ['territorialOrganizations']
        : [];
  const noun = { primaryOrganizations: 'primary', territorialOrganizations: 'territorial' } as const;
  return below.flatMap((figure) => {
    const value = input[figure];
    if (value === null || value === 0) return [];
    return [
      {
        field: figure,
        code: ErrorCode.INVALID_HIERARCHY,
        message: `a ${level.toLowerCase()} organization has no ${noun[figure]} organizations below it: expected 0 or none, got ${value}`,
      },
    ];
  });
}

/**
 * Enters or corrects the report's figures of one organization for one date (one statement,
 * upsert); needs MANAGE over the organization.
 */
export async function setBaseline(em: EntityManager, viewer: Viewer, input: BaselineInput): Promise<void> {
  assertNoProblems(checkBaseline(input));
  await scopeOf(em, viewer).assertCovers(input.organizationId, Ability.MANAGE);
  await em.transactional(async (tx) => {
    const [organization] = await tx.execute<{ id: string; level: string }[]>(
      `select id, level from ${ORGANIZATION_V1} where id = ?`,
      [input.organizationId],
    );
    if (!organization) throw notFound('Organization', 'organizationId', input.organizationId);
    assertNoProblems(checkHierarchy(organization.level, input));
    await upsert(tx, [input], viewer.subject);
  });
}

export async function upsert(em: EntityManager, rows: readonly BaselineInput[], actor: string | null): Promise<void> {
  if (rows.length === 0) return;
  await em.execute(
    `insert into statistics.report_baseline
       (organization_id, report_date, members, employees, students, primary_organizations, territorial_organizations, entered_by)
     select * , ?::varchar from unnest(?::uuid[], ?::date[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[])
     on conflict (organization_id, report_date) do update set
       members = excluded.members, employees = excluded.employees, students = excluded.students,
       primary_organizations = excluded.primary_organizations, territorial_organizations = excluded.territorial_organizations,
       entered_by = excluded.entered_by, entered_at = now()`,
    [
      actor,
      pgArray(rows.map((row) => row.organizationId)),
      pgArray(rows.map((row) => row.reportDate)),
      ...FIGURES.map((figure) => intArray(rows.map((row) => row[figure]))),
    ],
  );
}

/** An int[] literal with NULL for an unknown figure (lib's pgArray quotes every element, and "null" is no integer). */
const intArray = (values: readonly (number | null)[]): string =>
  `{${values.map((value) => (value === null ? 'NULL' : String(value))).join(',')}}`;
