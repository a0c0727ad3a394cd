/**
 * The rules of one row, in Node: admission's own (`checkPersonFields`, `checkConsent`) plus what
 * only a file has. The import's SQL fast path (`fast-checks.ts`) takes the rows it can judge
 * exactly and leaves the others to these rules, which also word the report, so the import cannot
 * drift from admission.
 */
import type { FieldProblem } from '@registry/lib';
import { cleanText, DomainError, ErrorCode, isCalendarDate } from '@registry/lib';
import { ExitKind } from '../../entities/member-enums';
import type { Consent } from '../consent';
import { checkConsent } from '../consent';
import { checkReason } from '../membership.service';
import { checkPersonFields } from '../person-fields';
import type { Header, MemberImportColumn } from './columns';
import { CLEARABLE_COLUMNS, isRequiredColumn, MEMBER_IMPORT_COLUMNS } from './columns';

const REGISTRATION_NUMBER = /^[\p{L}\p{N}./-]{1,20}$/u;

export type RawRow = Partial<Record<MemberImportColumn, string>>;

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
  /** ACTIVE or an exit (LEFT, EXCLUDED, DECEASED); null: not given (a new record is ACTIVE, an update keeps its status). */
  status: string | null;
  leftOn: string | null;
  exitReason: string | null;
  transferredOn: string | null;
  /** Optional fields the row clears with `-` (bonus consent aside: its `-` is false), in column order; null for none. */
  cleared: string[] | null;
}

/** Statuses a row may give; the exits are those of `recordMemberExit`. */
const IMPORT_STATUSES: readonly string[] = ['ACTIVE', ...Object.values(ExitKind)];
const EXITS: ReadonlySet<string> = new Set(Object.values(ExitKind));

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
export function checkRow(given: RawRow, todayDate: string): { staged: StagedRow; problems: FieldProblem[] } {
  let problems: FieldProblem[] = [];
  const bad = (field: string, message: string, code: ErrorCode = ErrorCode.BAD_USER_INPUT): void => {
    problems.push({ field, code, message });
  };
  // `-` clears an optional field (read below as an empty cell, remembered in `cleared`); elsewhere
  // it is the row's only problem in that column, which the other rules then say nothing more about.
  const row: RawRow = { ...given };
  const cleared: string[] = [];
  const dashed = new Set<string>();
  const dashProblems: FieldProblem[] = [];
  for (const column of MEMBER_IMPORT_COLUMNS) {
    if (cleanText(given[column]) !== '-') continue;
    if (CLEARABLE_COLUMNS.includes(column)) {
      row[column] = '';
      if (column !== 'bonus_consent') cleared.push(column);
      continue;
    }
    dashed.add(column);
    const kind = isRequiredColumn(column) || column === 'registration_number' ? 'is required' : 'is not one';
    dashProblems.push({
      field: column,
      code: ErrorCode.BAD_USER_INPUT,
      message: `'-' clears an optional field; ${column} ${kind}`,
    });
  }
  const registrationNumber = dashed.has('registration_number') ? null : (cleanText(row.registration_number) ?? null);
  if (registrationNumber !== null && !REGISTRATION_NUMBER.test(registrationNumber)) {
    bad(
      'registration_number',
      `expected up to 20 letters, digits, '.', '/' or '-', got ${JSON.stringify(registrationNumber)}`,
    );
  }
  if (registrationNumber === null && !cleanText(row.snils)) {
    bad(
      'registration_number',
      'expected a registration_number or a snils: one of them finds the record again when the list is imported anew',
    );
  }
  const organizationCode = dashed.has('organization_code') ? null : (cleanText(row.organization_code) ?? null);
  if (organizationCode === null)
    bad('organization_code', "expected the registry code of the member's primary organization");
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
  // Blank or not given: null (a new record has no bonus consent, an update keeps the registry's); `-`: false.
  const bonusConsent =
    row.bonus_consent !== undefined && cleanText(given.bonus_consent) === '-'
      ? false
      : parseFlag(row.bonus_consent, bad);
  const consent = checkRowConsent(row, bonusConsent, person.fields.birthDate, joinedOn ?? todayDate, bad);
  const movement = checkMovement(row, joinedOn, todayDate, bad);

  const { fields } = person;
  problems = [...dashProblems, ...problems.filter((problem) => !dashed.has(problem.field))];
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
      bonusConsent: bonusConsent ?? null,
      guardianName: consent?.guardianName ?? null,
      ...movement,
      cleared: cleared.length > 0 ? cleared : null,
    },
  };
}

type Complain = (field: string, message: string, code?: ErrorCode) => void;

/** The date of joining: required, a calendar date, not in the future (as in admission). */
function checkJoinedOn(raw: string | undefined, todayDate: string, bad: Complain): string | null {
  const value = cleanText(raw);
  if (!value) bad('joined_on', 'expected the date of joining YYYY-MM-DD');
  else if (!isCalendarDate(value))
    bad('joined_on', `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  else if (value > todayDate) bad('joined_on', `expected a date up to today, got ${value}`);
  else return value;
  return null;
}

/**
 * The status columns: an exit needs its date (not in the future, not before joining) and, for an
 * exclusion, its reason, as `recordMemberExit` does; `left_on` and `exit_reason` come only with an
 * exit, and a transfer (`transferred_on`) never with one. What the registry knows (the current
 * period's start, the record's status) is checked in SQL (`registry-checks.ts`).
 */
function checkMovement(
  row: RawRow,
  joinedOn: string | null,
  todayDate: string,
  bad: Complain,
): Pick<StagedRow, 'status' | 'leftOn' | 'exitReason' | 'transferredOn'> {
  let status = cleanText(row.status) ?? null;
  if (status !== null && !IMPORT_STATUSES.includes(status)) {
    bad('status', `expected ${IMPORT_STATUSES.join(', ')} or nothing, got ${JSON.stringify(status)}`);
    status = null;
  }
  const exiting = status !== null && EXITS.has(status);
  const leftOnCell = cleanText(row.left_on) ?? null;
  let leftOn: string | null = null;
  if (exiting)
    leftOn = checkDate('left_on', leftOnCell, `the date of the exit with status ${status}`, joinedOn, todayDate, bad);
  else if (leftOnCell !== null)
    bad(
      'left_on',
      `expected no left_on without an exit status (${[...EXITS].join(', ')}), got ${JSON.stringify(leftOnCell)}`,
    );
  let exitReason: string | null = null;
  if (exiting) {
    try {
      exitReason = checkReason(row.exit_reason, status === ExitKind.EXCLUDED);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      bad('exit_reason', error.message.replace('reason: ', ''), error.code);
    }
  } else if ((row.exit_reason ?? '').trim() !== '') {
    bad(
      'exit_reason',
      `expected no exit_reason without an exit status (${[...EXITS].join(', ')}), got ${JSON.stringify(row.exit_reason)}`,
    );
  }
  const transferredOnCell = cleanText(row.transferred_on) ?? null;
  let transferredOn: string | null = null;
  if (transferredOnCell !== null && exiting)
    bad('transferred_on', 'expected no transferred_on on a row with an exit: a transfer and an exit are two imports');
  else if (transferredOnCell !== null)
    transferredOn = checkDate(
      'transferred_on',
      transferredOnCell,
      'the date of the transfer',
      joinedOn,
      todayDate,
      bad,
    );
  return { status, leftOn, exitReason, transferredOn };
}

/** A movement's date: given, a calendar date, from the date of joining to today. */
function checkDate(
  field: string,
  value: string | null,
  what: string,
  joinedOn: string | null,
  todayDate: string,
  bad: Complain,
): string | null {
  if (value === null) bad(field, `expected ${what}, YYYY-MM-DD`);
  else if (!isCalendarDate(value))
    bad(field, `expected ${what} as a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  else if (value > todayDate || (joinedOn !== null && value < joinedOn))
    bad(field, `expected ${what} from ${joinedOn ?? 'joined_on'} to today, got ${value}`);
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
    return checkConsent(
      { consentVersion: row.consent_version, bonusConsent, guardianName: row.guardian_name },
      birthDate,
      on,
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const field = typeof error.details['field'] === 'string' ? error.details['field'] : 'consentVersion';
    // The shared rule prefixes its message with the field, which the report has in its own column.
    bad(columnOf(field), error.message.replace(`${field}: `, ''), error.code);
    return null;
  }
}
