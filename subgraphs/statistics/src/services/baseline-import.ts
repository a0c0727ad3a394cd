import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { Ability, ErrorCode, pgArray, scopeOf } from '@registry/lib';
import { parse } from 'csv-parse/sync';
import { ORGANIZATION_V1 } from '@registry/organizations/contract';
import type { BaselineFigures, BaselineInput } from './baselines';
import { checkBaseline, checkHierarchy, FIGURE_LIMIT, upsert } from './baselines';

const BASELINE_COLUMNS = [
  'organization_code',
  'report_date',
  'members',
  'employees',
  'students',
  'primary_organizations',
  'territorial_organizations',
] as const;

/** The CSV's column for each field of the input: errors of the import name the file's columns. */
const COLUMN_OF: Readonly<Record<keyof BaselineInput, (typeof BASELINE_COLUMNS)[number]>> = {
  organizationId: 'organization_code',
  reportDate: 'report_date',
  members: 'members',
  employees: 'employees',
  students: 'students',
  primaryOrganizations: 'primary_organizations',
  territorialOrganizations: 'territorial_organizations',
};
const COLUMN_BY_FIELD: ReadonlyMap<string, string> = new Map(Object.entries(COLUMN_OF));
const columnOf = (field: string): string => COLUMN_BY_FIELD.get(field) ?? field;

export interface BaselineImportError {
  line: number;
  organizationCode: string | null;
  field: string;
  errorCode: string;
  message: string;
}

/**
 * Loads the statistical report of the whole union from CSV in one transaction: rows are checked
 * one by one, organizations resolved by registry code in one statement, good rows upserted in one
 * statement (re-importing a file changes nothing), bad rows reported by line. Every organization
 * the file names must be the caller's to manage, or nothing is written (FORBIDDEN).
 */
export async function importBaselines(
  em: EntityManager,
  viewer: Viewer,
  csv: string,
): Promise<{ rows: number; loaded: number; errors: BaselineImportError[] }> {
  const errors: BaselineImportError[] = [];
  let records: string[][];
  try {
    // Without `columns`, csv-parse returns each record as an array of strings (its types say any).
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    return {
      rows: 0,
      loaded: 0,
      errors: [
        {
          line: 0,
          organizationCode: null,
          field: 'file',
          errorCode: ErrorCode.BAD_USER_INPUT,
          message: `not a CSV file: ${String(error)}`,
        },
      ],
    };
  }
  const [header, ...body] = records;
  const columns = (header ?? []).map((column) => column.trim().toLowerCase());
  const missing = BASELINE_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    return {
      rows: body.length,
      loaded: 0,
      errors: [
        {
          line: 1,
          organizationCode: null,
          field: 'header',
          errorCode: ErrorCode.BAD_USER_INPUT,
          message: `expected columns ${BASELINE_COLUMNS.join(',')}; missing ${missing.join(', ')}`,
        },
      ],
    };
  }
  const cell = (row: string[], column: string): string => (row[columns.indexOf(column)] ?? '').trim();
  const codes = [...new Set(body.map((row) => cell(row, 'organization_code')))];
  return em.transactional(async (tx) => {
    const found = await tx.execute<{ id: string; code: string; level: string }[]>(
      `select id, code, level from ${ORGANIZATION_V1} where code = any(?::text[])`,
      [pgArray(codes)],
    );
    const idByCode = new Map(found.map((row) => [row.code, row.id]));
    const levelByCode = new Map(found.map((row) => [row.code, row.level]));
    await scopeOf(tx, viewer).assertCoversAll(
      found.map((row) => row.id),
      Ability.MANAGE,
    );
    const good: BaselineInput[] = [];
    const seen = new Set<string>();
    for (const [index, row] of body.entries()) {
      const line = index + 2;
      const code = cell(row, 'organization_code') || null;
      const organizationId = code ? idByCode.get(code) : undefined;
      if (!code || !organizationId) {
        errors.push({
          line,
          organizationCode: code,
          field: 'organization_code',
          errorCode: ErrorCode.NOT_FOUND,
          message: `no organization with code ${JSON.stringify(code)}`,
        });
        continue;
      }
      // A blank cell is an unknown figure (null); anything but digits is reported as typed.
      const unreadable: BaselineImportError[] = [];
      const figure = (field: keyof BaselineFigures): number | null => {
        const text = cell(row, COLUMN_OF[field]);
        if (text === '') return null;
        if (/^\d+$/.test(text)) return Number(text);
        unreadable.push({
          line,
          organizationCode: code,
          field: COLUMN_OF[field],
          errorCode: ErrorCode.BAD_USER_INPUT,
          message: `expected a whole number from 0 to ${FIGURE_LIMIT}, or a blank when unknown, got ${JSON.stringify(text)}`,
        });
        return null;
      };
      const input: BaselineInput = {
        organizationId,
        reportDate: cell(row, 'report_date'),
        members: figure('members'),
        employees: figure('employees'),
        students: figure('students'),
        primaryOrganizations: figure('primaryOrganizations'),
        territorialOrganizations: figure('territorialOrganizations'),
      };
      const problems = [...checkBaseline(input), ...checkHierarchy(levelByCode.get(code) ?? '', input)];
      errors.push(...unreadable);
      for (const problem of problems)
        errors.push({
          line,
          organizationCode: code,
          field: columnOf(problem.field),
          errorCode: problem.code,
          message: problem.message,
        });
      if (unreadable.length > 0) continue;
      const key = `${organizationId}|${input.reportDate}`;
      if (problems.length === 0 && seen.has(key)) {
        errors.push({
          line,
          organizationCode: code,
          field: 'organization_code',
          errorCode: ErrorCode.ALREADY_EXISTS,
          message: `${code} on ${input.reportDate} appears twice in the file`,
        });
      } else if (problems.length === 0) {
        seen.add(key);
        good.push(input);
      }
    }
    await upsert(tx, good, viewer.subject);
    return { rows: body.length, loaded: good.length, errors };
  });
}
