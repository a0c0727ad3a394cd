/** The columns of a members file and its header row: which columns, in which order, which required. */

/** Columns of a members file, in this order; optional ones may be left out. */
export const MEMBER_IMPORT_COLUMNS = [
  'registration_number',
  'organization_code',
  'last_name',
  'first_name',
  'middle_name',
  'birth_date',
  'sex',
  'phone',
  'email',
  'snils',
  'category',
  'position',
  'joined_on',
  'consent_version',
  'bonus_consent',
  'guardian_name',
  'status',
  'left_on',
  'exit_reason',
  'transferred_on',
] as const;
export type MemberImportColumn = (typeof MEMBER_IMPORT_COLUMNS)[number];

const REQUIRED_COLUMNS: readonly MemberImportColumn[] = [
  'organization_code',
  'last_name',
  'first_name',
  'birth_date',
  'category',
  'joined_on',
  'consent_version',
];

/** Member columns an import may change on an existing record (same names in the file and the table). */
export const UPDATABLE_COLUMNS: readonly MemberImportColumn[] = [
  'last_name',
  'first_name',
  'middle_name',
  'birth_date',
  'sex',
  'phone',
  'email',
  'snils',
  'category',
  'position',
  'consent_version',
  'bonus_consent',
  'guardian_name',
];

/**
 * Optional fields of the member a `-` clears on an update (an empty cell keeps the registry's
 * value). `bonus_consent` is cleared to false, the others to null. A `-` in any other column is
 * a row error: keys and required fields cannot be cleared, and `-` is no status, date or reason.
 */
export const CLEARABLE_COLUMNS: readonly MemberImportColumn[] = [
  'middle_name',
  'sex',
  'phone',
  'email',
  'snils',
  'position',
  'bonus_consent',
  'guardian_name',
];

/** Clearable columns written as null when cleared, in column order (`cleared` of a staged row). */
export const NULLABLE_CLEARED: readonly MemberImportColumn[] = CLEARABLE_COLUMNS.filter(
  (column) => column !== 'bonus_consent',
);

/** Columns whose cell a row needs (besides a key): a `-` there is refused as "required". */
export const isRequiredColumn = (column: MemberImportColumn): boolean => REQUIRED_COLUMNS.includes(column);

/** The header row as read: its width and the columns it gives. */
export interface Header {
  width: number;
  /** Given columns with their positions, in file order. */
  positions: readonly (readonly [MemberImportColumn, number])[];
  given: ReadonlySet<MemberImportColumn>;
}

const COLUMN_ORDER: ReadonlyMap<string, number> = new Map(
  MEMBER_IMPORT_COLUMNS.map((column, index) => [column, index]),
);
const isColumn = (name: string): name is MemberImportColumn => COLUMN_ORDER.has(name);

/** The header row: the columns given, or why the file cannot be read as a members file. */
export function readHeader(cells: readonly string[]): Header | { problem: string } {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const problems: string[] = [];
  const unknown = names.filter((name) => !isColumn(name));
  if (unknown.length > 0) problems.push(`unexpected ${unknown.map((name) => JSON.stringify(name)).join(', ')}`);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) problems.push(`repeated ${[...new Set(repeated)].join(', ')}`);
  const known = names.filter(isColumn);
  const missing = REQUIRED_COLUMNS.filter((column) => !known.includes(column));
  if (missing.length > 0) problems.push(`missing ${missing.join(', ')}`);
  // Every row needs one of them to find its record again: without both columns every row would
  // fail alike, so the header says it once.
  if (!known.includes('registration_number') && !known.includes('snils'))
    problems.push('missing registration_number or snils (each row needs one of them)');
  const order = known.map((name) => COLUMN_ORDER.get(name) ?? 0);
  if (repeated.length === 0 && order.some((position, index) => index > 0 && position < (order[index - 1] ?? 0))) {
    problems.push(`out of order: ${known.join(',')}`);
  }
  if (problems.length > 0) {
    return {
      problem: `expected the columns ${MEMBER_IMPORT_COLUMNS.join(',')} in this order (optional ones may be left out); ${problems.join('; ')}`,
    };
  }
  const positions = names.flatMap((name, index) => (isColumn(name) ? [[name, index] as const] : []));
  return { width: cells.length, positions, given: new Set(known) };
}
