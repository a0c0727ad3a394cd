/**
 * The rules of one row, in Node: admission's own (`checkPersonFields`, `checkConsent`) plus what
 * only a file has. The import's SQL fast path (`fast-checks.ts`) takes the rows it can judge
 * exactly and leaves the others to these rules, which also word the report, so the import cannot
 * drift from admission.
 */
import type { FieldProblem } from '@registry/lib';
import { cleanText, DomainError, ErrorCode, isCalendarDate } from '@registry/lib';
import type { Consent } from '../consent';
import { checkConsent } from '../consent';
import { checkPersonFields } from '../person-fields';
import type { Header, MemberImportColumn } from './columns';

const REGISTRATION_NUMBER = /^[\p{L}\p{N}./-]{1,20}$/u;

export type RawRow = { [column in MemberImportColumn]?: string };

/** A row as staged: normalized text, null for blank or not given. */
export interface StagedRow {
  registrationNumber: string | null;
  organizationCode: string | null;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  birthDate: string | null;
  sex: string | null;
  phone: string | null;
  email: string | null;
  snils: string | null;
  category: string | null;
  position: string | null;
  joinedOn: string | null;
  consentVersion: string | null;
  bonusConsent: boolean | null;
  guardianName: string | null;
}

/** The cells of a row by column name; a column the header does not give is left out. */
export function readCells(cells: readonly string[], header: Header): RawRow {
  const row: RawRow = {};
  for (const [column, position] of header.positions) row[column] = cells[position] ?? '';
  return row;
}

/** camelCase field names of the shared rules → the file's column names, so the report points at columns. */
const columnOf = (field: string): string => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * Checks a row with the rules of admission: person fields as of the date of joining (age, dates
 * in the past), consent (no consent, no record; a guardian under 18), plus what only a file has —
 * a key to find the record again on the next import, and the organization's code.
 */
export function checkRow(row: RawRow, todayDate: string): { staged: StagedRow; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string, code: ErrorCode = ErrorCode.BAD_USER_INPUT): void => {
    problems.push({ field, code, message });
  };
  const registrationNumber = cleanText(row.registration_number) ?? null;
  if (registrationNumber !== null && !REGISTRATION_NUMBER.test(registrationNumber)) {
    bad('registration_number', `expected up to 20 letters, digits, '.', '/' or '-', got ${JSON.stringify(registrationNumber)}`);
  }
  if (registrationNumber === null && !cleanText(row.snils)) {
    bad('registration_number', 'expected a registration_number or a snils: one of them finds the record again when the list is imported anew');
  }
  const organizationCode = cleanText(row.organization_code) ?? null;
  if (organizationCode === null) bad('organization_code', "expected the registry code of the member's primary organization");
  const joinedOn = checkJoinedOn(row.joined_on, todayDate, bad);

  const person = checkPersonFields(
    {
      lastName: row.last_name,
      firstName: row.first_name,
      middleName: row.middle_name,
      birthDate: row.birth_date,
      sex: row.sex,
      phone: row.phone,
      email: row.email,
      snils: row.snils,
      category: row.category,
      position: row.position,
    },
    { required: true, on: joinedOn ?? todayDate, ...(joinedOn ? { onField: 'joinedOn' } : {}) },
  );
  for (const problem of person.problems) bad(columnOf(problem.field), problem.message, problem.code);
  const bonusConsent = parseFlag(row.bonus_consent, bad);
  const consent = checkRowConsent(row, bonusConsent, person.fields.birthDate, joinedOn ?? todayDate, bad);

  const { fields } = person;
  return {
    problems,
    staged: {
      registrationNumber,
      organizationCode,
      lastName: fields.lastName ?? null,
      firstName: fields.firstName ?? null,
      middleName: fields.middleName ?? null,
      birthDate: fields.birthDate ?? null,
      sex: fields.sex ?? null,
      phone: fields.phone ?? null,
      email: fields.email ?? null,
      snils: fields.snils ?? null,
      category: fields.category ?? null,
      position: fields.position ?? null,
      joinedOn,
      consentVersion: consent?.consentVersion ?? null,
      // Not given → null (an update keeps the registry's value); given blank → no consent.
      bonusConsent: row.bonus_consent === undefined ? null : (consent?.bonusConsent ?? false),
      guardianName: consent?.guardianName ?? null,
    },
  };
}

type Complain = (field: string, message: string, code?: ErrorCode) => void;

/** The date of joining: required, a calendar date, not in the future (as in admission). */
function checkJoinedOn(raw: string | undefined, todayDate: string, bad: Complain): string | null {
  const value = cleanText(raw);
  if (!value) bad('joined_on', 'expected the date of joining YYYY-MM-DD');
  else if (!isCalendarDate(value)) bad('joined_on', `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  else if (value > todayDate) bad('joined_on', `expected a date up to today, got ${value}`);
  else return value;
  return null;
}

/** true/false/1/0, any case; blank is null. */
function parseFlag(raw: string | undefined, bad: Complain): boolean | null | undefined {
  const value = cleanText(raw);
  if (value === undefined || value === null) return value;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  bad('bonus_consent', `expected true, false, 1, 0 or nothing, got ${JSON.stringify(value)}`);
  return null;
}

function checkRowConsent(
  row: RawRow,
  bonusConsent: boolean | null | undefined,
  birthDate: string | undefined,
  on: string,
  bad: Complain,
): Consent | null {
  try {
    return checkConsent({ consentVersion: row.consent_version, bonusConsent, guardianName: row.guardian_name }, birthDate, on);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const field = typeof error.details['field'] === 'string' ? error.details['field'] : 'consentVersion';
    // The shared rule prefixes its message with the field, which the report has in its own column.
    bad(columnOf(field), error.message.replace(`${field}: `, ''), error.code);
    return null;
  }
}
