import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { Ability, ErrorCode, pgArray, scopeOf } from '@registry/lib';
import { parse } from 'csv-parse/sync';
import type { BaselineInput } from './baselines';
import { checkBaseline, upsert } from './baselines';

export const BASELINE_COLUMNS = [
  'organization_code',
  'report_date',
  'members',
  'employees',
  'students',
  'primary_organizations',
  'territorial_organizations',
] as const;

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
export async function importBaselines(em: EntityManager, viewer: Viewer, csv: string): Promise<{ rows: number; loaded: number; errors: BaselineImportError[] }> {
  const errors: BaselineImportError[] = [];
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    return { rows: 0, loaded: 0, errors: [{ line: 0, organizationCode: null, field: 'file', errorCode: ErrorCode.BAD_USER_INPUT, message: `not a CSV file: ${String(error)}` }] };
  }
  const [header, ...body] = records;
  const columns = (header ?? []).map((column) => column.trim().toLowerCase());
  const missing = BASELINE_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    return { rows: body.length, loaded: 0, errors: [{ line: 1, organizationCode: null, field: 'header', errorCode: ErrorCode.BAD_USER_INPUT, message: `expected columns ${BASELINE_COLUMNS.join(',')}; missing ${missing.join(', ')}` }] };
  }
  const cell = (row: string[], column: string): string => (row[columns.indexOf(column)] ?? '').trim();
  const codes = [...new Set(body.map((row) => cell(row, 'organization_code')))];
  return em.transactional(async (tx) => {
    const found = await tx.execute<{ id: string; code: string }[]>('select id, code from organizations.organization_v1 where code = any(?::text[])', [pgArray(codes)]);
    const idByCode = new Map(found.map((row) => [row.code, row.id]));
    await scopeOf(tx, viewer).assertCoversAll(found.map((row) => row.id), Ability.MANAGE);
    const good: BaselineInput[] = [];
    const seen = new Set<string>();
    for (const [index, row] of body.entries()) {
      const line = index + 2;
      const code = cell(row, 'organization_code') || null;
      const organizationId = code ? idByCode.get(code) : undefined;
      if (!code || !organizationId) {
        errors.push({ line, organizationCode: code, field: 'organization_code', errorCode: ErrorCode.NOT_FOUND, message: `no organization with code ${JSON.stringify(code)}` });
        continue;
      }
      const number = (column: string): number => (/^\d+$/.test(cell(row, column)) ? Number(cell(row, column)) : Number.NaN);
      const input: BaselineInput = {
        organizationId,
        reportDate: cell(row, 'report_date'),
        members: number('members'),
        employees: number('employees'),
        students: number('students'),
        primaryOrganizations: number('primary_organizations'),
        territorialOrganizations: number('territorial_organizations'),
      };
      const problems = checkBaseline(input);
      for (const problem of problems) errors.push({ line, organizationCode: code, field: problem.field, errorCode: problem.code, message: problem.message });
      const key = `${organizationId}|${input.reportDate}`;
      if (problems.length === 0 && seen.has(key)) {
        errors.push({ line, organizationCode: code, field: 'organization_code', errorCode: ErrorCode.ALREADY_EXISTS, message: `${code} on ${input.reportDate} appears twice in the file` });
      } else if (problems.length === 0) {
        seen.add(key);
        good.push(input);
      }
    }
    await upsert(tx, good, viewer.subject);
    return { rows: body.length, loaded: good.length, errors };
  });
}
