/**
 * The temporary tables an import works in (dropped at commit), the COPY of the file's bytes into
 * the first of them, and the COPY text line of a row checked by the rules in Node.
 */
import { cleanText, copyValue, ErrorCode } from '@registry/lib';
import type { Client } from 'pg';
import type { Header } from './columns';
import { MEMBER_IMPORT_COLUMNS } from './columns';
import type { LineShift } from './csv-scan';
import type { MemberImportError } from './outcome';
import type { StagedRow } from './row-checks';
import { checkRow, readCells } from './row-checks';

/**
 * Creates the tables: the file's rows as text (`ord` numbers them in file order), where lines
 * shift against `ord`, the typed rows the rules decided on in Node, errors, updated members.
 * The text columns compare by code point (`collate "C"`): the checks look at characters, not at
 * how people sort them, and ICU comparisons cost several times more.
 */
export async function createStagingTables(client: Client): Promise<void> {
  // Dropped first in case an outer transaction already imported once (on commit drop has not run yet).
  await client.query(`drop table if exists pg_temp.member_import_row, pg_temp.member_import_line, pg_temp.member_import_suspect,
    pg_temp.member_import_checked, pg_temp.member_import_error, pg_temp.member_import_number, pg_temp.member_import_updated,
    pg_temp.member_import_exited`);
  await client.query(`
    create temp table member_import_row (
      ord bigint generated always as identity,
      ${MEMBER_IMPORT_COLUMNS.map((column) => `${column} text collate "C"`).join(', ')}
    ) on commit drop`);
  await client.query(
    'create temp table member_import_line (from_ord bigint primary key, shift integer not null) on commit drop',
  );
  await client.query(`
    create temp table member_import_suspect (
      ord bigint not null, registration_number text collate "C", organization_code text, last_name text, first_name text, middle_name text,
      birth_date date, sex char(1), phone text, email text, snils char(11) collate "C", category text, position text, joined_on date,
      consent_version text, bonus_consent boolean, guardian_name text, status text, left_on date, exit_reason text, transferred_on date,
      cleared text[], valid boolean not null
    ) on commit drop`);
  await client.query(`
    create temp table member_import_error (
      id bigint generated always as identity, ord bigint not null, registration_number text, field text not null, error_code text not null, message text not null
    ) on commit drop`);
  await client.query(`
    create temp table member_import_updated (
      member_id uuid not null, ord bigint not null, organization_id uuid not null, from_organization_id uuid not null,
      withdrew_bonus boolean not null, transferred_on date not null
    ) on commit drop`);
  await client.query(`
    create temp table member_import_exited (
      member_id uuid not null, ord bigint not null, is_new boolean not null, organization_id uuid not null, status text not null,
      left_on date not null, exit_reason text
    ) on commit drop`);
}

/** COPY of the file's records (no header: Node read it) into the text columns the header gives, in its order. */
export const copyRowsSql = (header: Header): string =>
  `copy pg_temp.member_import_row (${header.positions.map(([column]) => column).join(', ')}) from stdin with (format csv)`;

/** Records where lines shift against `ord`, so SQL can say which line a row is on. */
export async function storeLineShifts(client: Client, shifts: readonly LineShift[]): Promise<void> {
  await client.query(
    'insert into pg_temp.member_import_line (from_ord, shift) select * from unnest($1::bigint[], $2::int[])',
    [shifts.map((shift) => shift.fromOrd), shifts.map((shift) => shift.shift)],
  );
}

/** SQL: the file line of the staged row `ord` (an expression over `pg_temp.member_import_line`). */
export const lineOf = (ord: string): string =>
  `(${ord} + (select s.shift from pg_temp.member_import_line s where s.from_ord <= ${ord} order by s.from_ord desc limit 1))::int`;

/** A record's cells and a number to key it by: its line in the file, or its `ord` in staging. */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/** The suspect table's columns, in the order of {@link stagedLine}'s COPY lines. */
export const SUSPECT_COLUMNS = `ord, registration_number, organization_code, last_name, first_name, middle_name, birth_date, sex,
  phone, email, snils, category, position, joined_on, consent_version, bonus_consent, guardian_name, status, left_on, exit_reason,
  transferred_on, cleared, valid`;

/**
 * A record checked by the rules in Node (`checkRow`) as a COPY text line keyed by `record.line`,
 * its problems added to `problems` (with that same key as their line); null when the row cannot
 * even be staged. Invalid rows keep their keys and organization code, so the report can also say
 * what the database finds wrong with them.
 */
export function stagedLine(
  record: CsvRecord,
  header: Header,
  todayDate: string,
  problems: MemberImportError[],
): string | null {
  const { cells, line } = record;
  if (cells.length !== header.width) {
    const registrationNumber = cleanText(readCells(cells, header).registration_number) ?? null;
    const message = `expected ${header.width} cells as in the header, got ${cells.length}`;
    problems.push({ line, registrationNumber, field: 'row', errorCode: ErrorCode.BAD_USER_INPUT, message });
    return null;
  }
  const { staged, problems: rowProblems } = checkRow(readCells(cells, header), todayDate);
  for (const problem of rowProblems) {
    problems.push({
      line,
      registrationNumber: staged.registrationNumber,
      field: problem.field,
      errorCode: problem.code,
      message: problem.message,
    });
  }
  if (rowProblems.length === 0) return copyLine(line, staged, true);
  return copyLine(
    line,
    { ...INVALID_ROW, registrationNumber: staged.registrationNumber, organizationCode: staged.organizationCode },
    false,
  );
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
  status: null,
  leftOn: null,
  exitReason: null,
  transferredOn: null,
  cleared: null,
};

/** One staged row as a COPY text line, in {@link SUSPECT_COLUMNS} order. */
function copyLine(key: number, row: StagedRow, valid: boolean): string {
  const flag = row.bonusConsent === null ? '\\N' : row.bonusConsent ? 't' : 'f';
  return (
    `${key}\t${copyValue(row.registrationNumber)}\t${copyValue(row.organizationCode)}\t${copyValue(row.lastName)}\t` +
    `${copyValue(row.firstName)}\t${copyValue(row.middleName)}\t${copyValue(row.birthDate)}\t${copyValue(row.sex)}\t` +
    `${copyValue(row.phone)}\t${copyValue(row.email)}\t${copyValue(row.snils)}\t${copyValue(row.category)}\t` +
    `${copyValue(row.position)}\t${copyValue(row.joinedOn)}\t${copyValue(row.consentVersion)}\t${flag}\t` +
    `${copyValue(row.guardianName)}\t${copyValue(row.status)}\t${copyValue(row.leftOn)}\t${copyValue(row.exitReason)}\t` +
    // Column names only (no quoting needed in an array literal).
    `${copyValue(row.transferredOn)}\t${row.cleared ? `{${row.cleared.join(',')}}` : '\\N'}\t${valid ? 't' : 'f'}\n`
  );
}
