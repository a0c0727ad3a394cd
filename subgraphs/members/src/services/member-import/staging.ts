/** The temporary tables an import works in, and the COPY text line each checked record is staged as. */
import { cleanText, copyValue, ErrorCode } from '@registry/lib';
import type { Client } from 'pg';
import type { Header } from './columns';
import type { CsvRecord } from './csv-records';
import type { MemberImportError } from './outcome';
import type { StagedRow } from './row-checks';
import { checkRow, readCells } from './row-checks';

/** The staging table's columns, in the order of {@link stagedLine}'s COPY lines. */
export const STAGING_COLUMNS = `line, registration_number, organization_code, last_name, first_name, middle_name, birth_date, sex,
  phone, email, snils, category, position, joined_on, consent_version, bonus_consent, guardian_name, valid`;

/** Creates the staging table of rows, and those of errors and updated members, dropped at commit. */
export async function createStagingTables(client: Client): Promise<void> {
  // Dropped first in case an outer transaction already imported once (on commit drop has not run yet).
  await client.query(`drop table if exists pg_temp.member_import_row, pg_temp.member_import_error,
    pg_temp.member_import_candidate, pg_temp.member_import_updated`);
  await client.query(`
    create temp table member_import_row (
      line integer not null, registration_number text, organization_code text, last_name text, first_name text,
      middle_name text, birth_date text, sex text, phone text, email text, snils text, category text, position text,
      joined_on text, consent_version text, bonus_consent text, guardian_name text, valid boolean not null
    ) on commit drop`);
  await client.query(`
    create temp table member_import_error (
      line integer not null, registration_number text, field text not null, error_code text not null, message text not null
    ) on commit drop`);
  await client.query(`
    create temp table member_import_updated (
      member_id uuid not null, line integer not null, organization_id uuid not null, from_organization_id uuid not null,
      withdrew_bonus boolean not null
    ) on commit drop`);
}

/** The COPY line of one record, its problems added to `problems`; null when the row cannot even be staged. */
export function stagedLine(record: CsvRecord, header: Header, todayDate: string, problems: MemberImportError[]): string | null {
  const { cells, line } = record;
  if (cells.length !== header.width) {
    const registrationNumber = cleanText(readCells(cells, header).registration_number) ?? null;
    const message = `expected ${header.width} cells as in the header, got ${cells.length}`;
    problems.push({ line, registrationNumber, field: 'row', errorCode: ErrorCode.BAD_USER_INPUT, message });
    return null;
  }
  if (cells.some((cell) => cell.includes('\u0000'))) {
    problems.push({ line, registrationNumber: null, field: 'row', errorCode: ErrorCode.BAD_USER_INPUT, message: 'a cell contains a NUL character' });
    return null;
  }
  const { staged, problems: rowProblems } = checkRow(readCells(cells, header), todayDate);
  for (const problem of rowProblems) {
    problems.push({ line, registrationNumber: staged.registrationNumber, field: problem.field, errorCode: problem.code, message: problem.message });
  }
  if (rowProblems.length === 0) return copyLine(line, staged, true);
  return copyLine(line, { ...INVALID_ROW, registrationNumber: staged.registrationNumber, organizationCode: staged.organizationCode }, false);
}

/** What an invalid row stages besides its keys and organization code: nothing. */
const INVALID_ROW: StagedRow = {
  registrationNumber: null,
  organizationCode: null,
  lastName: null,
  firstName: null,
  middleName: null,
  birthDate: null,
  sex: null,
  phone: null,
  email: null,
  snils: null,
  category: null,
  position: null,
  joinedOn: null,
  consentVersion: null,
  bonusConsent: null,
  guardianName: null,
};

/** One staged row as a COPY text line, in {@link STAGING_COLUMNS} order. */
function copyLine(line: number, row: StagedRow, valid: boolean): string {
  const flag = row.bonusConsent === null ? '\\N' : row.bonusConsent ? 't' : 'f';
  return (
    `${line}\t${copyValue(row.registrationNumber)}\t${copyValue(row.organizationCode)}\t${copyValue(row.lastName)}\t` +
    `${copyValue(row.firstName)}\t${copyValue(row.middleName)}\t${copyValue(row.birthDate)}\t${copyValue(row.sex)}\t` +
    `${copyValue(row.phone)}\t${copyValue(row.email)}\t${copyValue(row.snils)}\t${copyValue(row.category)}\t` +
    `${copyValue(row.position)}\t${copyValue(row.joinedOn)}\t${copyValue(row.consentVersion)}\t${flag}\t` +
    `${copyValue(row.guardianName)}\t${valid ? 't' : 'f'}\n`
  );
}
