/** What an import reports: counts and the problems of each refused row. */

/** One problem of one row; a row may have several. `line` is the row's first line in the file. */
export interface MemberImportError {
  line: number;
  registrationNumber: string | null;
  field: string;
  errorCode: string;
  message: string;
}

export interface MemberImportOutcome {
  /** Data rows read (the header not counted). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Problems by line; rows with a problem were not loaded. */
  errors: MemberImportError[];
}

/** The outcome of an import that loaded nothing. */
export const emptyOutcome = (rows: number): MemberImportOutcome => ({
  rows,
  created: 0,
  updated: 0,
  unchanged: 0,
  errors: [],
});
