import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldProblem, Viewer } from '@registry/lib';
import { Ability, assertNoProblems, ErrorCode, isCalendarDate, isUuid, notFound, pgArray, scopeOf } from '@registry/lib';

/** The figures of the statistical report for one organization and date. */
export interface BaselineFigures {
  members: number;
  employees: number;
  students: number;
  primaryOrganizations: number;
  territorialOrganizations: number;
}

export interface BaselineInput extends BaselineFigures {
  organizationId: string;
  reportDate: string;
}

const FIGURES: readonly (keyof BaselineFigures)[] = ['members', 'employees', 'students', 'primaryOrganizations', 'territorialOrganizations'];
const LIMIT = 10_000_000;

export function checkBaseline(input: BaselineInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string): void => {
    problems.push({ field, code: ErrorCode.BAD_USER_INPUT, message });
  };
  if (!isUuid(input.organizationId)) bad('organizationId', `expected a UUID, got ${JSON.stringify(input.organizationId)}`);
  if (!isCalendarDate(input.reportDate)) bad('reportDate', `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(input.reportDate)}`);
  for (const figure of FIGURES) {
    const value = input[figure];
    if (!Number.isInteger(value) || value < 0 || value > LIMIT) bad(figure, `expected a whole number from 0 to ${LIMIT}, got ${value}`);
  }
  if (input.employees + input.students > input.members) {
    bad('members', `expected members ≥ employees + students (${input.employees} + ${input.students}), got ${input.members}`);
  }
  return problems;
}

/**
 * Enters or corrects the report's figures of one organization for one date (one statement,
 * upsert); needs MANAGE over the organization.
 */
export async function setBaseline(em: EntityManager, viewer: Viewer, input: BaselineInput): Promise<void> {
  assertNoProblems(checkBaseline(input));
  await scopeOf(em, viewer).assertCovers(input.organizationId, Ability.MANAGE);
  await em.transactional(async (tx) => {
    const [organization] = await tx.execute<{ id: string }[]>('select id from organizations.organization_v1 where id = ?', [input.organizationId]);
    if (!organization) throw notFound('Organization', 'organizationId', input.organizationId);
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
      ...FIGURES.map((figure) => pgArray(rows.map((row) => row[figure]))),
    ],
  );
}
