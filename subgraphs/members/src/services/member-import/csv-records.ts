/**
 * Reading CSV records with their line numbers, streamed: csv-parse's records become cells and the
 * line each record starts on, and a file that is not CSV becomes {@link MalformedCsv}.
 */
import { Readable } from 'node:stream';
import { ErrorCode } from '@registry/lib';
import { CsvError } from 'csv-parse';
import type { MemberImportError, MemberImportOutcome } from './outcome';
import { emptyOutcome } from './outcome';

/** A string source is fed to the parser in slices of this many characters. */
const SOURCE_SLICE = 64 * 1024;

/** The CSV: a whole string, or chunks as they arrive (an upload, a file stream). */
export type CsvSource = AsyncIterable<Buffer | string> | string;

/** The source as a stream for csv-parse. */
export function toReadable(source: CsvSource): Readable {
  return Readable.from(typeof source === 'string' ? slices(source) : source);
}

/**
 * A string source in slices: csv-parse parses a whole chunk at once, so one big string would be
 * parsed, and held as records, before the first row reaches the database.
 */
function* slices(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + SOURCE_SLICE, text.length);
    // Never between the two halves of a surrogate pair: each slice is encoded to UTF-8 on its own.
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < text.length) end += 1;
    yield text.slice(start, end);
    start = end;
  }
}

export interface CsvRecord {
  cells: string[];
  /** First line of the record in the file (a quoted cell may span lines; empty lines are skipped). */
  line: number;
}

/** The file is not CSV (an unclosed quote…): nothing is loaded, and the outcome says where. */
export class MalformedCsv extends Error {
  constructor(readonly outcome: MemberImportOutcome) {
    super('malformed CSV');
  }
}

/** What csv-parse yields with `info: true`. */
interface ParsedRecord {
  record: string[];
  info: { lines: number; empty_lines: number };
}

function isParsedRecord(value: unknown): value is ParsedRecord {
  if (typeof value !== 'object' || value === null || !('record' in value) || !('info' in value)) return false;
  const { record, info } = value;
  if (!Array.isArray(record) || typeof info !== 'object' || info === null || !('lines' in info) || !('empty_lines' in info)) return false;
  return typeof info.lines === 'number' && typeof info.empty_lines === 'number';
}

/**
 * Turns csv-parse's records into cells with the line each record starts on. csv-parse reports the
 * line a record ends on; the start is the previous record's end plus the empty lines skipped since.
 */
export class RecordReader {
  private lastLine = 0;
  private emptyLines = 0;
  /** Rows read and problems found so far, for the report of a file that turns out malformed. */
  rowsRead = 0;
  readonly problems: MemberImportError[] = [];

  constructor(private readonly records: AsyncIterator<unknown>) {}

  async next(): Promise<CsvRecord | null> {
    let item: IteratorResult<unknown>;
    try {
      item = await this.records.next();
    } catch (error) {
      if (error instanceof CsvError) throw this.malformed(error);
      throw error;
    }
    if (item.done) return null;
    if (!isParsedRecord(item.value)) throw new Error('csv-parse yielded a record without info; expected { record, info }');
    const { record, info } = item.value;
    const line = this.lastLine + 1 + (info.empty_lines - this.emptyLines);
    this.lastLine = info.lines;
    this.emptyLines = info.empty_lines;
    return { cells: record, line };
  }

  private malformed(error: CsvError): MalformedCsv {
    const line = typeof error['lines'] === 'number' ? error['lines'] : this.lastLine + 1;
    const problem: MemberImportError = {
      line,
      registrationNumber: null,
      field: 'file',
      errorCode: ErrorCode.BAD_USER_INPUT,
      message: `not a CSV file from line ${line} on (nothing was loaded): ${error.message}`,
    };
    return new MalformedCsv({ ...emptyOutcome(this.rowsRead), errors: [...this.problems, problem] });
  }
}
