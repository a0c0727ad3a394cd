import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { Ability, DomainError, ErrorCode, isCalendarDate, notFound, pgArray } from '@registry/lib';
import { ORGANIZATION_V1 } from '@registry/organizations/contract';
import type { StatisticsLoaders } from '../loaders/organization.loaders';
import type { Value } from './formula';
import { evaluate } from './formula';

export interface TemplateRow {
  key: string;
  label: string;
  formula: string;
}

export interface FormTemplate {
  code: string;
  version: number;
  title: string;
  level: string;
  primaryTypes: string[] | null;
  rows: TemplateRow[];
}

export interface ReportForm {
  id: string;
  organizationId: string;
  formCode: string;
  formVersion: number;
  reportDate: string;
  periodStart: string;
  status: 'DRAFT' | 'SUBMITTED';
  values: Record<string, Value>;
  missingChildren: string[];
  submittedAt: Date | null;
  submittedBy: string | null;
}

/** Figures a parent form adds up from its children's submitted forms. */
const SUMMED_ROWS = ['members', 'employees', 'students', 'pensioners', 'youth', 'admitted', 'left'] as const;

// Report forms generated from the registry. A primary organization's form reads the registry's
// figures; a territorial, regional or the central council's (national) form adds up its
// children's SUBMITTED forms (a child's submitted figures are what it answers for) and lists the
// children that have not submitted.
// Layouts and formulas come from `statistics.form_template`, so a changed form is new data.
// Generating and submitting need MANAGE over the form's organization; reading it READ_FIGURES.

/** Generates the form of an organization for a report date (again: the figures are replaced). */
export async function generateReportForm(
  em: EntityManager,
  scope: Scope,
  loaders: StatisticsLoaders,
  organizationId: string,
  reportDate: string,
  periodStart?: string | null,
): Promise<ReportForm> {
  if (!isCalendarDate(reportDate))
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `reportDate: expected a calendar date, got ${JSON.stringify(reportDate)}`,
      { field: 'reportDate' },
    );
  const start = periodStart ?? yearBefore(reportDate);
  if (!isCalendarDate(start) || start >= reportDate) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `periodStart: expected a date before ${reportDate}, got ${JSON.stringify(start)}`,
      { field: 'periodStart' },
    );
  }
  // Before the organization is looked up, so that whether an id exists outside the scope stays unsaid.
  await scope.assertCovers(organizationId, Ability.MANAGE);
  return em.transactional(async (em) => {
    const organization = await requireOrganization(em, organizationId);
    const template = await templateFor(em, organization.level, organization.primary_type);
    const existing = await findForm(em, organizationId, template.code, reportDate);
    if (existing?.status === 'SUBMITTED') {
      throw new DomainError(
        ErrorCode.INVALID_STATE,
        `The ${template.code} form for ${reportDate} is already submitted`,
        { formId: existing.id },
      );
    }
    const { variables, missingChildren } =
      organization.level === 'PRIMARY'
        ? { variables: await registryFigures(loaders, organizationId, reportDate, start), missingChildren: [] }
        : await childrenFigures(em, loaders, organizationId, reportDate);
    const values = evaluateRows(template.rows, variables);
    const [row] = await em.execute<{ id: string }[]>(
      `insert into statistics.report_form (organization_id, form_code, form_version, report_date, period_start, "values", missing_children, generated_by)
       values (?, ?, ?, ?, ?, ?::jsonb, ?::uuid[], ?)
       on conflict (organization_id, form_code, report_date) do update set
         form_version = excluded.form_version, period_start = excluded.period_start, "values" = excluded."values",
         missing_children = excluded.missing_children, generated_at = now(), generated_by = excluded.generated_by
       returning id`,
      [
        organizationId,
        template.code,
        template.version,
        reportDate,
        start,
        JSON.stringify(values),
        pgArray(missingChildren),
        scope.viewer.subject,
      ],
    );
    if (!row) throw new Error('Expected the generated form back from PostgreSQL');
    return requireForm(em, row.id);
  });
}

export async function submitReportForm(em: EntityManager, scope: Scope, formId: string): Promise<ReportForm> {
  return em.transactional(async (em) => {
    const form = await requireForm(em, formId, true);
    await scope.assertCovers(form.organizationId, Ability.MANAGE);
    if (form.status !== 'DRAFT')
      throw new DomainError(ErrorCode.INVALID_STATE, `Form ${formId} is already ${form.status}`, {
        status: form.status,
      });
    await em.execute(
      `update statistics.report_form set status = 'SUBMITTED', submitted_at = now(), submitted_by = ? where id = ?`,
      [scope.viewer.subject, formId],
    );
    return requireForm(em, formId);
  });
}

async function registryFigures(
  loaders: StatisticsLoaders,
  organizationId: string,
  reportDate: string,
  start: string,
): Promise<Map<string, Value>> {
  const [{ members, registry, report }, movement] = await Promise.all([
    loaders.coverageFigures({ asOf: reportDate, reportDate }).load(organizationId),
    loaders.movement(`${start}..${reportDate}`).load(organizationId),
  ]);
  return new Map<string, Value>([
    ['members.active', members.active],
    ['members.employees', members.employees],
    ['members.students', members.students],
    ['members.pensioners', members.pensioners],
    ['members.youth', members.youth],
    ['movement.admitted', movement.admitted],
    ['movement.left', movement.left],
    ['organizations.primary', registry.primary],
    ['organizations.regional', registry.regional],
    ['organizations.territorial', registry.territorial],
    ['report.members', report?.members ?? null],
  ]);
}

async function childrenFigures(
  em: EntityManager,
  loaders: StatisticsLoaders,
  organizationId: string,
  reportDate: string,
) {
  const children = await em.execute<{ id: string; submitted: Record<string, Value> | null }[]>(
    `select o.id, f."values" as submitted
       from ${ORGANIZATION_V1} o
       left join statistics.report_form f on f.organization_id = o.id and f.report_date = ? and f.status = 'SUBMITTED'
      where o.parent_id = ? and o.status = 'ACTIVE'
      order by o.name`,
    [reportDate, organizationId],
  );
  const sums = new Map<string, number>(SUMMED_ROWS.map((key) => [key, 0]));
  for (const child of children) {
    for (const key of SUMMED_ROWS) sums.set(key, (sums.get(key) ?? 0) + (child.submitted?.[key] ?? 0));
  }
  const { registry, report } = await loaders.coverageFigures({ asOf: reportDate, reportDate }).load(organizationId);
  const variables = new Map<string, Value>([
    ['members.active', sums.get('members') ?? 0],
    ['members.employees', sums.get('employees') ?? 0],
    ['members.students', sums.get('students') ?? 0],
    ['members.pensioners', sums.get('pensioners') ?? 0],
    ['members.youth', sums.get('youth') ?? 0],
    ['movement.admitted', sums.get('admitted') ?? 0],
    ['movement.left', sums.get('left') ?? 0],
    ['organizations.primary', registry.primary],
    ['organizations.regional', registry.regional],
    ['organizations.territorial', registry.territorial],
    ['report.members', report?.members ?? null],
  ]);
  return {
    variables,
    missingChildren: children.filter((child) => child.submitted === null).map((child) => child.id),
  };
}

/** Rows in order; each row's value is also a name later rows may use. */
export function evaluateRows(rows: readonly TemplateRow[], figures: ReadonlyMap<string, Value>): Record<string, Value> {
  const variables = new Map(figures);
  const values: Record<string, Value> = {};
  for (const row of rows) {
    const value = evaluate(row.formula, variables);
    values[row.key] = value;
    variables.set(row.key, value);
  }
  return values;
}

async function templateFor(em: EntityManager, level: string, primaryType: string | null): Promise<FormTemplate> {
  const rows = await em.execute<(Omit<FormTemplate, 'primaryTypes'> & { primary_types: string[] | null })[]>(
    `select distinct on (code) code, version, title, level, primary_types, rows from statistics.form_template
      where level = ? and (primary_types is null or ? = any(primary_types))
      order by code, version desc`,
    [level, primaryType ?? ''],
  );
  const [template] = rows;
  if (!template)
    throw new DomainError(ErrorCode.INVALID_HIERARCHY, `No report form is defined for a ${level} organization`, {
      level,
    });
  const { primary_types: primaryTypes, ...rest } = template;
  return { ...rest, primaryTypes };
}

export async function templateByCode(em: EntityManager, code: string, version: number): Promise<FormTemplate> {
  const [template] = await em.execute<(Omit<FormTemplate, 'primaryTypes'> & { primary_types: string[] | null })[]>(
    'select code, version, title, level, primary_types, rows from statistics.form_template where code = ? and version = ?',
    [code, version],
  );
  if (!template) throw notFound('Form template', 'code', code);
  const { primary_types: primaryTypes, ...rest } = template;
  return { ...rest, primaryTypes };
}

async function requireOrganization(
  em: EntityManager,
  id: string,
): Promise<{ id: string; level: string; primary_type: string | null }> {
  const [organization] = await em.execute<{ id: string; level: string; primary_type: string | null; status: string }[]>(
    `select id, level, primary_type, status from ${ORGANIZATION_V1} where id = ?`,
    [id],
  );
  if (!organization) throw notFound('Organization', 'organizationId', id);
  if (organization.status !== 'ACTIVE')
    throw new DomainError(ErrorCode.INVALID_STATE, `Organization ${id} is ${organization.status}`, {
      status: organization.status,
    });
  return organization;
}

const FORM_COLUMNS = `id, organization_id as "organizationId", form_code as "formCode", form_version as "formVersion",
  to_char(report_date, 'YYYY-MM-DD') as "reportDate", to_char(period_start, 'YYYY-MM-DD') as "periodStart", status, "values",
  missing_children as "missingChildren", to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "submittedAt", submitted_by as "submittedBy"`;

/** A form row as raw SQL gives it: the driver hands timestamps over as text. */
type FormRow = Omit<ReportForm, 'submittedAt'> & { submittedAt: string | null };

/**
 * The one place a form row becomes a `ReportForm`: raw SQL returns timestamps as text
 * ("2026-12-01 05:38:57.114239+00"), which the DateTime scalar refuses, so FORM_COLUMNS prints
 * `submitted_at` as ISO 8601 in UTC and every read of a form goes through here and gets a Date.
 */
function toReportForm(row: FormRow): ReportForm {
  return { ...row, submittedAt: row.submittedAt === null ? null : new Date(row.submittedAt) };
}

async function findForm(
  em: EntityManager,
  organizationId: string,
  formCode: string,
  reportDate: string,
): Promise<ReportForm | undefined> {
  const [form] = await em.execute<FormRow[]>(
    `select ${FORM_COLUMNS} from statistics.report_form where organization_id = ? and form_code = ? and report_date = ?`,
    [organizationId, formCode, reportDate],
  );
  return form && toReportForm(form);
}

async function requireForm(em: EntityManager, id: string, lock = false): Promise<ReportForm> {
  const [form] = await em.execute<FormRow[]>(
    `select ${FORM_COLUMNS} from statistics.report_form where id = ?${lock ? ' for update' : ''}`,
    [id],
  );
  if (!form) throw notFound('Report form', 'id', id);
  return toReportForm(form);
}

/** A form the caller may read: its organization's figures are in the caller's READ_FIGURES scope. */
export async function requireReadableForm(em: EntityManager, scope: Scope, id: string): Promise<ReportForm> {
  const form = await requireForm(em, id);
  await scope.assertCovers(form.organizationId, Ability.READ_FIGURES);
  return form;
}

const yearBefore = (date: string): string => `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
