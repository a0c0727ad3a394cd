/**
 * The members file as bytes, cut into records without decoding them: the import streams the file's
 * own bytes into COPY (format csv) and leaves every per-row check to the database, so Node only
 * finds where records end, counts their cells and lines, and keeps out what COPY would choke on.
 *
 * What it does, byte by byte (RFC 4180 with the tolerance csv-parse had with `bom`,
 * `skip_empty_lines` and `relax_column_count`):
 * - a UTF-8 BOM before the header is dropped; empty lines are skipped;
 * - CRLF, LF and CR all end a record; a record ending differently from the header is passed on
 *   with the header's ending, because COPY insists on one kind per file;
 * - a record with another number of cells than the header, a NUL byte (PostgreSQL text cannot
 *   hold it) or bytes that are not UTF-8 is reported on its line and kept out of COPY;
 * - a quote inside an unquoted cell, text after a closing quote or a quote left open at the end of
 *   the file is not CSV: {@link MalformedCsv}, nothing is loaded.
 *
 * Records that go to COPY are numbered 1, 2, … in order (the staging table's identity `ord`);
 * their lines in the file are `ord + shift`, where {@link CsvScanner.lineShifts} lists where the
 * shift changes (after a record spanning lines, an empty line or a refused record).
 */
import { isUtf8 } from 'node:buffer';
import { cleanText, ErrorCode } from '@registry/lib';
import type { Header } from './columns';
import type { MemberImportError, MemberImportOutcome } from './outcome';
import { emptyOutcome } from './outcome';

/** The file is not CSV (an unclosed quote…): nothing is loaded, and the outcome says where. */
export class MalformedCsv extends Error {
  constructor(readonly outcome: MemberImportOutcome) {
    super('malformed CSV');
  }
}

/** From this record on (1-based `ord`), a record's line in the file is `ord + shift`. */
export interface LineShift {
  fromOrd: number;
  shift: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;

type Ending = 'crlf' | 'lf' | 'cr' | 'none';
const ENDING_BYTES: Readonly<Record<Exclude<Ending, 'none'>, Buffer>> = {
  crlf: Buffer.from('\r\n'),
  lf: Buffer.from('\n'),
  cr: Buffer.from('\r'),
};

/**
 * Streams a CSV file's bytes: {@link push} each chunk as it comes and {@link end} at the end of the
 * file; each returns the bytes to send to COPY. The first record is the header: `readHeader` gets
 * its cells and returns the header (or null to stop: nothing more is scanned).
 */
export class CsvScanner {
  /** Data records read, refused ones included (empty lines are not records). */
  rows = 0;
  /** Records passed on to COPY, i.e. the last `ord` given. */
  passed = 0;
  /** Problems of refused records, by line. */
  readonly problems: MemberImportError[] = [];
  readonly lineShifts: LineShift[] = [];
  header: Header | null = null;
  /** The first record was read (the header, good or not). */
  headerSeen = false;

  private stopped = false;
  private started = false;
  private carry: Buffer = Buffer.alloc(0);
  /** The line the next record starts on. */
  private line = 1;
  private shift = Number.NaN;
  private ending: Exclude<Ending, 'none'> = 'lf';
  /** Set by {@link scanRecord}: where the record's bytes end, where the next record starts, its cells, line breaks inside and ending. */
  private recordEnd = 0;
  private nextStart = 0;
  private cells = 0;
  private innerLines = 0;
  private recordEnding: Ending = 'none';

  constructor(private readonly readHeader: (cells: string[]) => Header | null) {}

  /** The bytes of this chunk's complete records that go to COPY; an incomplete last record waits for the next chunk. */
  push(chunk: Buffer): Buffer[] {
    return this.scan(this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk, false);
  }

  /** The end of the file: the last record, even without a line ending. */
  end(): Buffer[] {
    const out = this.scan(this.carry, true);
    this.carry = Buffer.alloc(0);
    return out;
  }

  /** Line of a passed record in the file. */
  lineOf(ord: number): number {
    let low = 0;
    let high = this.lineShifts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineShifts[middle]?.fromOrd ?? 0) <= ord) low = middle;
      else high = middle - 1;
    }
    return ord + (this.lineShifts[low]?.shift ?? 0);
  }

  private scan(input: Buffer, final: boolean): Buffer[] {
    if (this.stopped) return [];
    let buffer = input;
    if (!this.started) {
      if (buffer.length < BOM.length && !final) {
        this.carry = buffer;
        return [];
      }
      this.started = true;
      if (buffer.subarray(0, BOM.length).equals(BOM)) buffer = buffer.subarray(BOM.length);
    }
    // One check of the whole chunk; only a chunk with a NUL or broken UTF-8 is checked record by record.
    const complete = final ? buffer.length : utf8Boundary(buffer);
    const eachRecord = buffer.indexOf(0) !== -1 || !isUtf8(buffer.subarray(0, complete));
    const out: Buffer[] = [];
    let runStart = 0;
    let position = 0;
    // takeHeader, called in the loop, may set `stopped`; TypeScript keeps the narrowing from above.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- see above
    while (position < buffer.length && !this.stopped) {
      const start = position;
      if (!this.scanRecord(buffer, start, final)) break;
      position = this.nextStart;
      const recordLine = this.line;
      this.line += this.innerLines + (this.recordEnding === 'none' ? 0 : 1);
      if (this.recordEnd === start) {
        // An empty line: skipped, like csv-parse's skip_empty_lines.
        if (runStart < start) out.push(buffer.subarray(runStart, start));
        runStart = position;
        continue;
      }
      if (!this.headerSeen) {
        this.takeHeader(buffer.subarray(start, this.recordEnd), this.recordEnding);
        runStart = position;
        continue;
      }
      this.rows += 1;
      const problem = this.problemOf(buffer.subarray(start, this.recordEnd), recordLine, eachRecord);
      if (problem) {
        this.problems.push(problem);
        if (runStart < start) out.push(buffer.subarray(runStart, start));
        runStart = position;
        continue;
      }
      this.passed += 1;
      if (recordLine - this.passed !== this.shift) {
        this.shift = recordLine - this.passed;
        this.lineShifts.push({ fromOrd: this.passed, shift: this.shift });
      }
      if (this.recordEnding !== 'none' && this.recordEnding !== this.ending) {
        out.push(buffer.subarray(runStart, this.recordEnd), ENDING_BYTES[this.ending]);
        runStart = position;
      }
    }
    if (runStart < position) out.push(buffer.subarray(runStart, position));
    // The incomplete last record is scanned again, from its start, with the next chunk.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by takeHeader, as above
    this.carry = final || this.stopped ? Buffer.alloc(0) : Buffer.from(buffer.subarray(position));
    return out;
  }

  private takeHeader(bytes: Buffer, ending: Ending): void {
    this.headerSeen = true;
    this.header = this.readHeader(decodeCells(bytes));
    if (!this.header) this.stopped = true;
    if (ending !== 'none') this.ending = ending;
  }

  /** Why a record cannot go to COPY, or null. */
  private problemOf(bytes: Buffer, line: number, eachRecord: boolean): MemberImportError | null {
    const header = this.header;
    if (!header) return null;
    const refuse = (message: string, registrationNumber: string | null): MemberImportError => ({
      line,
      registrationNumber,
      field: 'row',
      errorCode: ErrorCode.BAD_USER_INPUT,
      message,
    });
    if (this.cells !== header.width) {
      return refuse(
        `expected ${header.width} cells as in the header, got ${this.cells}`,
        registrationNumberOf(bytes, header),
      );
    }
    if (!eachRecord) return null;
    if (bytes.indexOf(0) !== -1) return refuse('a cell contains a NUL character', null);
    if (!isUtf8(bytes)) return refuse('the row is not UTF-8 text', registrationNumberOf(bytes, header));
    return null;
  }

  /**
   * Scans one record from `start`. False when the buffer ends first (and more may come). Inside
   * quotes anything goes; a line break there is a line of the file but not the record's end.
   */
  private scanRecord(buffer: Buffer, start: number, final: boolean): boolean {
    const length = buffer.length;
    let state = FIELD_START;
    let cells = 1;
    let inner = 0;
    for (let index = start; index < length; index += 1) {
      const byte = buffer[index];
      if (state === QUOTED) {
        if (byte === QUOTE) state = AFTER_QUOTE;
        else if (byte === LF) inner += 1;
        else if (byte === CR) {
          if (index + 1 === length && !final) return false;
          if (buffer[index + 1] !== LF) inner += 1;
        }
        continue;
      }
      if (byte === COMMA) {
        cells += 1;
        state = FIELD_START;
      } else if (byte === LF || byte === CR) {
        if (byte === CR && index + 1 === length && !final) return false;
        const crlf = byte === CR && buffer[index + 1] === LF;
        this.finish(index, crlf ? index + 2 : index + 1, cells, inner, crlf ? 'crlf' : byte === LF ? 'lf' : 'cr');
        return true;
      } else if (byte === QUOTE) {
        if (state === UNQUOTED) throw this.malformed(inner, 'a quote inside a cell that does not start with one');
        state = QUOTED;
      } else if (state === AFTER_QUOTE) {
        throw this.malformed(inner, 'text after the closing quote of a cell');
      } else state = UNQUOTED;
    }
    if (!final) return false;
    if (state === QUOTED) throw this.malformed(inner, 'a quoted cell is not closed at the end of the file');
    this.finish(length, length, cells, inner, 'none');
    return true;
  }

  private finish(end: number, next: number, cells: number, inner: number, ending: Ending): void {
    this.recordEnd = end;
    this.nextStart = next;
    this.cells = cells;
    this.innerLines = inner;
    this.recordEnding = ending;
  }

  private malformed(innerLines: number, reason: string): MalformedCsv {
    const line = this.line + innerLines;
    const problem: MemberImportError = {
      line,
      registrationNumber: null,
      field: 'file',
      errorCode: ErrorCode.BAD_USER_INPUT,
      message: `not a CSV file from line ${line} on (nothing was loaded): ${reason}`,
    };
    return new MalformedCsv({ ...emptyOutcome(this.rows), errors: [...this.problems, problem] });
  }
}

/** The cleaned registration number of a refused record, for its report line. */
function registrationNumberOf(bytes: Buffer, header: Header): string | null {
  const position = header.positions.find(([column]) => column === 'registration_number')?.[1];
  return position === undefined ? null : (cleanText(decodeCells(bytes)[position]) ?? null);
}

/** The cells of one record already known to be well-formed CSV (the header, a refused record). */
export function decodeCells(bytes: Buffer): string[] {
  const text = bytes.toString('utf8');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    if (quoted) {
      if (character !== '"') cell += character;
      else if (text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else quoted = false;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      cells.push(cell);
      cell = '';
    } else cell += character;
  }
  cells.push(cell);
  return cells;
}

/** Where the buffer's last whole UTF-8 character ends: a chunk may stop inside one. */
function utf8Boundary(buffer: Buffer): number {
  for (let back = 1; back <= 3 && back <= buffer.length; back += 1) {
    const byte = buffer[buffer.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0x80) return buffer.length;
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return size > back ? buffer.length - back : buffer.length;
  }
  return buffer.length;
}
