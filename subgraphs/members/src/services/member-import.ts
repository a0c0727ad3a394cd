/**
 * Bulk import of members from CSV: the union's existing lists, one or many primary organizations
 * per file. No GraphQL here; the mutation and the CLI (`cli/import-members.ts`) call
 * {@link importMembers}.
 *
 * Pipeline, all in one transaction:
 *  1. csv-parse streams the source. Each row is checked in Node with the rules admission uses
 *     (`checkPersonFields`, `checkConsent`), so the import cannot drift from them; no per-row SQL.
 *  2. Rows stream into a temporary staging table with `COPY … FROM STDIN` on the transaction's own
 *     pg connection, while parsing goes on. pg-copy-streams is not installed, so
 *     {@link CopyFromStdin} speaks the COPY sub-protocol itself through pg's documented
 *     "Submittable" hook (`client.query(objectWithSubmit)`), exactly as pg-copy-streams does.
 *  3. Set-based SQL checks what needs the database: organization codes against
 *     `organizations.organization_v1`, duplicates within the file, records already in the registry
 *     (by registration number, else by active SNILS) and twins of active members.
 *  4. Set-based writes: new members with their open period, IMPORTED event and `member.admitted`
 *     outbox row; changed members updated (a changed organization is a transfer today); identical
 *     rows are not touched, so importing the same file again changes nothing.
 *
 * Statements go through the raw pg client of the transaction (positional `$n` parameters, no
 * knex `?` rewriting), the same connection MikroORM's transaction uses.
 *
 * Where the time goes (100k new members, 2-core dev machine, embedded PostgreSQL): parsing and
 * the shared per-row rules ~2.5 s of Node CPU (COPY itself is cheap and overlaps it); set-based
 * checks ~1.5 s; the four inserts per new member ~5 s, bound by the schema (foreign-key checks on
 * periods and events, ICU-collated text indexes on member) — plain `insert … select` of the same
 * rows costs as much. Re-importing an unchanged file skips the inserts.
 */
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldProblem } from '@registry/lib';
import { cleanText, DomainError, ErrorCode, isCalendarDate, today } from '@registry/lib';
import { CsvError, parse } from 'csv-parse';
import type { Connection, Submittable } from 'pg';
import { Client } from 'pg';
import { MembershipEventKind } from '../entities/member-enums';
import type { Consent } from './consent';
import { checkConsent } from './consent';
import type { MemberEventType } from './outbox';
import { checkPersonFields } from './person-fields';

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
const UPDATABLE_COLUMNS: readonly MemberImportColumn[] = [
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

export interface MemberImportOptions {
  /** Who imports (token subject, or `cli:<user>`); written to events and outbox rows. */
  actor: string | null;
  /** The CSV: a whole string, or chunks as they arrive (an upload, a file stream). */
  source: AsyncIterable<Buffer | string> | string;
  /** Called with the number of rows read so far, every few thousand rows and once at the end of the file. */
  onProgress?: (rows: number) => void;
}

const PROGRESS_EVERY = 10_000;
/** COPY data is sent in chunks of about this many characters. */
const COPY_CHUNK = 256 * 1024;
/** A string source is fed to the parser in slices of this many characters. */
const SOURCE_SLICE = 64 * 1024;
const REGISTRATION_NUMBER = /^[\p{L}\p{N}./-]{1,20}$/u;

/**
 * Imports members from CSV in one transaction: bad rows are reported by line and code and left
 * out, good rows are created or updated, keyed by registration number or else by the SNILS of an
 * active member, so importing the same file again creates, updates and records nothing.
 * A header problem is a single error on line 1 and nothing is loaded; so is a file that is not CSV.
 */
export async function importMembers(em: EntityManager, options: MemberImportOptions): Promise<MemberImportOutcome> {
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true });
  const feeding = pipeline(toReadable(options.source), parser);
  // A failing source also fails the parser, and so surfaces from the record loop; this only keeps
  // the pipeline's own rejection from being reported as unhandled.
  feeding.catch(() => undefined);
  const reader = new RecordReader(parser[Symbol.asyncIterator]());
  try {
    const first = await reader.next();
    const header = first ? readHeader(first.cells) : { problem: 'the file is empty; expected a header row' };
    if ('problem' in header) {
      return { ...emptyOutcome(0), errors: [{ line: 1, registrationNumber: null, field: 'header', errorCode: ErrorCode.BAD_USER_INPUT, message: header.problem }] };
    }
    const outcome = await em.transactional((tx) => importInTransaction(tx, header, reader, options));
    await feeding;
    return outcome;
  } catch (error) {
    if (error instanceof MalformedCsv) return error.outcome;
    throw error;
  } finally {
    parser.destroy();
  }
}

/** The error report as CSV (RFC 4180 quoting), for download next to the counts. */
export function errorReportCsv(errors: readonly MemberImportError[]): string {
  const lines = ['line,registration_number,field,error_code,message'];
  for (const error of errors) {
    lines.push([String(error.line), error.registrationNumber ?? '', error.field, error.errorCode, error.message].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

const emptyOutcome = (rows: number): MemberImportOutcome => ({ rows, created: 0, updated: 0, unchanged: 0, errors: [] });

function toReadable(source: MemberImportOptions['source']): Readable {
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

// ---------------------------------------------------------------------------------------------
// Reading CSV records with their line numbers

interface CsvRecord {
  cells: string[];
  /** First line of the record in the file (a quoted cell may span lines; empty lines are skipped). */
  line: number;
}

/** The file is not CSV (an unclosed quote…): nothing is loaded, and the outcome says where. */
class MalformedCsv extends Error {
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
class RecordReader {
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

// ---------------------------------------------------------------------------------------------
// The header

interface Header {
  width: number;
  /** Given columns with their positions, in file order. */
  positions: readonly (readonly [MemberImportColumn, number])[];
  given: ReadonlySet<MemberImportColumn>;
}

const COLUMN_ORDER: ReadonlyMap<string, number> = new Map(MEMBER_IMPORT_COLUMNS.map((column, index) => [column, index]));
const isColumn = (name: string): name is MemberImportColumn => COLUMN_ORDER.has(name);

function readHeader(cells: readonly string[]): Header | { problem: string } {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const problems: string[] = [];
  const unknown = names.filter((name) => !isColumn(name));
  if (unknown.length > 0) problems.push(`unexpected ${unknown.map((name) => JSON.stringify(name)).join(', ')}`);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) problems.push(`repeated ${[...new Set(repeated)].join(', ')}`);
  const known = names.filter(isColumn);
  const missing = REQUIRED_COLUMNS.filter((column) => !known.includes(column));
  if (missing.length > 0) problems.push(`missing ${missing.join(', ')}`);
  const order = known.map((name) => COLUMN_ORDER.get(name) ?? 0);
  if (repeated.length === 0 && order.some((position, index) => index > 0 && position < (order[index - 1] ?? 0))) {
    problems.push(`out of order: ${known.join(',')}`);
  }
  if (problems.length > 0) {
    return { problem: `expected the columns ${MEMBER_IMPORT_COLUMNS.join(',')} in this order (optional ones may be left out); ${problems.join('; ')}` };
  }
  const positions = names.flatMap((name, index) => (isColumn(name) ? [[name, index] as const] : []));
  return { width: cells.length, positions, given: new Set(known) };
}

// ---------------------------------------------------------------------------------------------
// Checking one row (Node, with the admission rules)

type RawRow = { [column in MemberImportColumn]?: string };

/** A row as staged: normalized text, null for blank or not given. */
interface StagedRow {
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

function readCells(cells: readonly string[], header: Header): RawRow {
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
function checkRow(row: RawRow, todayDate: string): { staged: StagedRow; problems: FieldProblem[] } {
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
    { required: true, on: joinedOn ?? todayDate },
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

// ---------------------------------------------------------------------------------------------
// COPY … FROM STDIN without pg-copy-streams

/** The part of pg's Connection the COPY sub-protocol needs: present in pg 8, not in @types/pg. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  readonly stream: Duplex;
}

function isCopyConnection(value: unknown): value is CopyConnection {
  return (
    typeof value === 'object' &&
    value !== null &&
    'sendCopyFromChunk' in value &&
    typeof value.sendCopyFromChunk === 'function' &&
    'endCopyFrom' in value &&
    typeof value.endCopyFrom === 'function' &&
    'sendCopyFail' in value &&
    typeof value.sendCopyFail === 'function' &&
    'stream' in value
  );
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  // Whoever awaits it sees the rejection; nobody awaiting it is not a crash.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * `COPY … FROM STDIN` on a pg client. pg hands any object with `submit(connection)` its
 * connection and then calls the object's `handle*` methods as the server answers: the
 * "Submittable" interface pg-cursor and pg-copy-streams are built on. Writes wait for the socket
 * to drain, so a fast parser cannot buffer a whole file in memory.
 */
class CopyFromStdin implements Submittable {
  private state: 'copying' | 'ending' | 'done' = 'copying';
  private rowCount = 0;
  private connection: CopyConnection | null = null;
  private readonly started = deferred<CopyConnection>();
  private readonly finished = deferred<number>();

  constructor(private readonly text: string) {}

  /** pg: our turn on the connection. Returning an error makes pg fail this query without sending it. */
  submit(connection: Connection): Error | undefined {
    if (!isCopyConnection(connection)) return new Error('this pg version has no COPY methods on its connection (sendCopyFromChunk…)');
    this.connection = connection;
    connection.query(this.text);
    return undefined;
  }

  /** pg: the server is ready for data. */
  handleCopyInResponse(): void {
    if (this.connection) this.started.resolve(this.connection);
  }

  /** pg: `COPY <n>`. */
  handleCommandComplete(message: unknown): void {
    const text = typeof message === 'object' && message !== null && 'text' in message ? String(message.text) : '';
    this.rowCount = Number(/^COPY (\d+)/.exec(text)?.[1] ?? 0);
  }

  handleReadyForQuery(): void {
    this.state = 'done';
    this.finished.resolve(this.rowCount);
  }

  /** pg: the server refused (a bad row, our CopyFail) or the connection broke. */
  handleError(error: Error): void {
    this.state = 'done';
    this.started.reject(error);
    this.finished.reject(error);
  }

  /** pg calls this for COPY TO only; present so any message finds a handler. */
  handleCopyData(): void {}

  async write(chunk: Buffer): Promise<void> {
    const connection = await this.started.promise;
    if (this.state !== 'copying') return this.finished.promise.then(() => undefined);
    connection.sendCopyFromChunk(chunk);
    if (connection.stream.writableNeedDrain) await this.drained(connection.stream);
  }

  /** Ends the data; resolves to the number of rows the server took. */
  async end(): Promise<number> {
    const connection = await this.started.promise;
    if (this.state === 'copying') {
      this.state = 'ending';
      connection.endCopyFrom();
    }
    return this.finished.promise;
  }

  /** Makes the server drop the COPY, so the connection can roll the transaction back. */
  async abort(reason: string): Promise<void> {
    const connection = await this.started.promise.catch(() => null);
    if (connection && this.state === 'copying') {
      this.state = 'ending';
      connection.sendCopyFail(reason);
    }
    await this.finished.promise.catch(() => undefined);
  }

  private async drained(stream: Duplex): Promise<void> {
    const stop = new AbortController();
    const drain = once(stream, 'drain', { signal: stop.signal });
    drain.catch(() => undefined);
    try {
      await Promise.race([drain, this.finished.promise]);
    } finally {
      stop.abort();
    }
  }
}

/** Collects COPY text lines and sends them in chunks. */
class CopyWriter {
  private lines: string[] = [];
  private size = 0;

  constructor(private readonly copy: CopyFromStdin) {}

  async add(line: string): Promise<void> {
    this.lines.push(line);
    this.size += line.length;
    if (this.size >= COPY_CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const chunk = Buffer.from(this.lines.join(''));
    this.lines = [];
    this.size = 0;
    await this.copy.write(chunk);
  }
}

/** COPY's text format: \N is null; backslash, tab and line breaks are escaped. */
function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character] ?? character) : value;
}
const COPY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

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

// ---------------------------------------------------------------------------------------------
// The transaction

/** What knex's transaction object offers: a client whose connection is the transaction's own. */
interface KnexTransactionLike {
  client: { acquireConnection(): Promise<unknown> };
}

function isKnexTransaction(value: unknown): value is KnexTransactionLike {
  // A knex instance, transactions included, is a function with properties.
  if (typeof value !== 'function' || !('client' in value)) return false;
  const { client } = value;
  return typeof client === 'object' && client !== null && 'acquireConnection' in client && typeof client.acquireConnection === 'function';
}

/**
 * The pg client running the transaction. MikroORM's transaction context is a knex transaction,
 * whose `client` is a per-transaction client: its `acquireConnection()` returns the transaction's
 * connection, never a pooled one (knex `lib/execution/transaction.js`, `makeTxClient`).
 */
async function transactionClient(tx: EntityManager): Promise<Client> {
  const context: unknown = tx.getTransactionContext();
  if (!isKnexTransaction(context)) throw new Error('importMembers must run inside em.transactional (expected a knex transaction context)');
  const connection = await context.client.acquireConnection();
  if (!(connection instanceof Client)) throw new Error('expected the transaction to run on a pg Client');
  return connection;
}

async function importInTransaction(tx: EntityManager, header: Header, reader: RecordReader, options: MemberImportOptions): Promise<MemberImportOutcome> {
  const client = await transactionClient(tx);
  // One date for the whole import, even across midnight.
  const todayDate = today();
  await createStagingTables(client);
  const rows = await stageRows(client, header, reader, options, todayDate);
  const database = await checkAndWrite(client, header, options.actor, todayDate);
  const errors = [...reader.problems, ...database.errors].sort((a, b) => a.line - b.line);
  return { rows, created: database.created, updated: database.updated, unchanged: database.unchanged, errors };
}

const STAGING_COLUMNS = `line, registration_number, organization_code, last_name, first_name, middle_name, birth_date, sex,
  phone, email, snils, category, position, joined_on, consent_version, bonus_consent, guardian_name, valid`;

async function createStagingTables(client: Client): Promise<void> {
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

/**
 * Reads the rest of the file, checks each row and streams it into the staging table. Rows with
 * problems are staged too (as invalid, with their keys and organization code), so the report can
 * also say what the database finds wrong with them.
 */
async function stageRows(client: Client, header: Header, reader: RecordReader, options: MemberImportOptions, todayDate: string): Promise<number> {
  const copy = new CopyFromStdin(`copy pg_temp.member_import_row (${STAGING_COLUMNS}) from stdin`);
  const writer = new CopyWriter(copy);
  // Queued now, so the server gets ready while the first rows are parsed.
  client.query(copy);
  try {
    for (let record = await reader.next(); record; record = await reader.next()) {
      reader.rowsRead += 1;
      const line = stagedLine(record, header, todayDate, reader.problems);
      if (line !== null) await writer.add(line);
      if (reader.rowsRead % PROGRESS_EVERY === 0) options.onProgress?.(reader.rowsRead);
    }
    await writer.flush();
    await copy.end();
  } catch (error) {
    await copy.abort(error instanceof Error ? error.message : 'import failed');
    throw error;
  }
  options.onProgress?.(reader.rowsRead);
  await client.query('analyze pg_temp.member_import_row');
  return reader.rowsRead;
}

/** The COPY line of one record, its problems added to `problems`; null when the row cannot even be staged. */
function stagedLine(record: CsvRecord, header: Header, todayDate: string, problems: MemberImportError[]): string | null {
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

// ---------------------------------------------------------------------------------------------
// Set-based checks and writes

interface DatabaseOutcome {
  created: number;
  updated: number;
  unchanged: number;
  errors: MemberImportError[];
}

async function checkAndWrite(client: Client, header: Header, actor: string | null, todayDate: string): Promise<DatabaseOutcome> {
  await checkOrganizations(client);
  await checkDuplicatesInFile(client);
  await matchRegistry(client);
  await checkAgainstRegistry(client);
  await client.query('delete from pg_temp.member_import_candidate c using pg_temp.member_import_error e where e.line = c.line');
  const created = await createMembers(client, actor, todayDate);
  const { updated, unchanged } = await updateMembers(client, header, actor, todayDate);
  return { created, updated, unchanged, errors: await databaseErrors(client) };
}

const INSERT_ERROR = 'insert into pg_temp.member_import_error (line, registration_number, field, error_code, message)';

/** Members belong to active primary organizations (as in admission); checked for every staged row. */
async function checkOrganizations(client: Client): Promise<void> {
  await client.query(
    `${INSERT_ERROR}
     select r.line, r.registration_number, 'organization_code',
            case when o.id is null then $1 when o.level <> 'PRIMARY' then $2 else $3 end,
            case when o.id is null then format('no organization has the registry code %s', r.organization_code)
                 when o.level <> 'PRIMARY' then format('members belong to primary organizations; %s is %s', r.organization_code, o.level)
                 else format('organization %s is %s', r.organization_code, o.status) end
       from pg_temp.member_import_row r
       left join organizations.organization_v1 o on o.code = r.organization_code
      where r.organization_code is not null and (o.id is null or o.level <> 'PRIMARY' or o.status <> 'ACTIVE')`,
    [ErrorCode.NOT_FOUND, ErrorCode.INVALID_HIERARCHY, ErrorCode.INVALID_STATE],
  );
}

/**
 * The first well-formed row with a registration number, a SNILS or a person (full name and birth
 * date, the admission's twin rule) wins; later rows with the same one are reported, once each.
 * Partitions compare bytes (`collate "C"`): the database's ICU collation is deterministic, so
 * equality is the same, and sorting by bytes is several times cheaper than by ICU.
 */
async function checkDuplicatesInFile(client: Client): Promise<void> {
  await client.query(
    `with keyed as (
       select line, registration_number,
              case when registration_number is not null then min(line) over (partition by registration_number collate "C") end as number_line,
              case when snils is not null then min(line) over (partition by snils collate "C") end as snils_line,
              min(line) over (partition by lower(last_name) collate "C", lower(first_name) collate "C",
                                           coalesce(lower(middle_name), '') collate "C", birth_date collate "C") as person_line
         from pg_temp.member_import_row where valid)
     ${INSERT_ERROR}
     select line, registration_number,
            case when number_line < line then 'registration_number' when snils_line < line then 'snils' else 'last_name' end,
            case when number_line < line or snils_line < line then $1 else $2 end,
            case when number_line < line then format('registration number %s is already on line %s', registration_number, number_line)
                 when snils_line < line then format('this SNILS is already on line %s', snils_line)
                 else format('the same person (full name and birth date) is already on line %s', person_line) end
       from keyed
      where number_line < line or snils_line < line or person_line < line`,
    [ErrorCode.ALREADY_EXISTS, ErrorCode.DUPLICATE_PERSON],
  );
}

/**
 * Rows that passed so far, typed, with the record each one is about: by registration number when
 * given, else by the SNILS of an active member. Hash joins, not a lookup per row.
 */
async function matchRegistry(client: Client): Promise<void> {
  await client.query(`
    create temp table member_import_candidate on commit drop as
    select r.line, r.registration_number, o.id as organization_id,
           r.last_name, r.first_name, r.middle_name, r.birth_date::date as birth_date, r.sex::char(1) as sex, r.phone, r.email,
           r.snils::char(11) as snils, r.category, r.position, r.joined_on::date as joined_on, r.consent_version,
           r.bonus_consent::boolean as bonus_consent, r.guardian_name,
           coalesce(by_number.id, by_snils.id) is null as is_new,
           coalesce(by_number.id, by_snils.id, gen_random_uuid()) as member_id,
           coalesce(by_number.registration_number, by_snils.registration_number) as member_registration_number,
           coalesce(by_number.status, by_snils.status) as member_status,
           coalesce(by_number.organization_id, by_snils.organization_id) as member_organization_id,
           coalesce(by_number.joined_on, by_snils.joined_on) as member_joined_on,
           coalesce(by_number.bonus_consent, by_snils.bonus_consent) as member_bonus_consent
      from pg_temp.member_import_row r
      join organizations.organization_v1 o on o.code = r.organization_code
      left join members.member by_number on by_number.registration_number = r.registration_number
      left join members.member by_snils
        on r.registration_number is null and by_snils.snils = r.snils::char(11) and by_snils.status = 'ACTIVE'
     where r.valid and not exists (select from pg_temp.member_import_error e where e.line = r.line)`);
  await client.query('analyze pg_temp.member_import_candidate');
}

/**
 * What the registry forbids: two rows about one record, a record that is no longer active, a
 * different date of joining (history, not a list's business), and a twin of another active
 * member — same SNILS, or same full name and birth date, as admission refuses.
 */
async function checkAgainstRegistry(client: Client): Promise<void> {
  await client.query(
    `${INSERT_ERROR}
     select line, registration_number, 'registration_number', $1,
            format('line %s of the file is already about member %s', first_line, member_registration_number)
       from (select line, registration_number, member_registration_number, min(line) over (partition by member_id) as first_line
               from pg_temp.member_import_candidate where not is_new) same
      where first_line < line`,
    [ErrorCode.ALREADY_EXISTS],
  );
  await client.query(
    `${INSERT_ERROR}
     select line, registration_number, 'registration_number', $1,
            format('member %s is %s in the registry; reinstate them before importing them again', member_registration_number, member_status)
       from pg_temp.member_import_candidate where not is_new and member_status <> 'ACTIVE'`,
    [ErrorCode.INVALID_STATE],
  );
  await client.query(
    `${INSERT_ERROR}
     select line, registration_number, 'joined_on', $1,
            format('member %s joined on %s by the registry; a date of joining is history, which an import does not rewrite',
                   member_registration_number, to_char(member_joined_on, 'YYYY-MM-DD'))
       from pg_temp.member_import_candidate where not is_new and member_joined_on <> joined_on`,
    [ErrorCode.BAD_USER_INPUT],
  );
  await client.query(
    `with twins as (
       select c.line, c.registration_number, 1 as rank, 'snils' as field, m.registration_number as twin
         from pg_temp.member_import_candidate c
         join members.member m on m.snils = c.snils and m.status = 'ACTIVE' and m.id <> c.member_id
       union all
       select c.line, c.registration_number, 2, 'last_name', m.registration_number
         from pg_temp.member_import_candidate c
         join members.member m
           on lower(m.last_name) = lower(c.last_name) and lower(m.first_name) = lower(c.first_name) and m.birth_date = c.birth_date
          and coalesce(lower(m.middle_name), '') = coalesce(lower(c.middle_name), '') and m.status = 'ACTIVE' and m.id <> c.member_id)
     ${INSERT_ERROR}
     select distinct on (line) line, registration_number, field, $1,
            format('this person is already an active member (registration number %s)', twin)
       from twins order by line, rank`,
    [ErrorCode.DUPLICATE_PERSON],
  );
}

const ADMITTED: MemberEventType = 'member.admitted';
const TRANSFERRED: MemberEventType = 'member.transferred';
const BONUS_WITHDRAWN: MemberEventType = 'member.bonus_consent_withdrawn';
/** Reason written on transfers an import makes. */
const IMPORT_REASON = 'import';

/**
 * New records, in file order: a registration number from the file or the sequence, the open
 * period from the date of joining, the IMPORTED event and the `member.admitted` outbox row.
 */
async function createMembers(client: Client, actor: string | null, todayDate: string): Promise<number> {
  // Numbers the file brings in the sequence's own shape must not be handed out again later.
  await client.query(`
    select setval('members.registration_number_seq', given.n)
      from (select max(registration_number::bigint) as n from pg_temp.member_import_candidate
             where is_new and registration_number ~ '^[0-9]{10}$') given,
           members.registration_number_seq s
     where given.n >= s.last_value`);
  const inserted = await client.query(
    `insert into members.member (id, registration_number, last_name, first_name, middle_name, birth_date, sex, phone, email,
       snils, category, position, organization_id, joined_on, consent_version, consent_given_on, bonus_consent, bonus_consent_on,
       guardian_name, guardian_consent_on)
     select member_id, coalesce(registration_number, lpad(nextval('members.registration_number_seq')::text, 10, '0')),
            last_name, first_name, middle_name, birth_date, sex, phone, email, snils, category, position, organization_id,
            joined_on, consent_version, $1::date, coalesce(bonus_consent, false), case when bonus_consent then $1::date end,
            guardian_name, case when guardian_name is not null then $1::date end
       from pg_temp.member_import_candidate where is_new order by line`,
    [todayDate],
  );
  await client.query(
    `insert into members.membership_period (member_id, organization_id, valid_from)
     select member_id, organization_id, joined_on from pg_temp.member_import_candidate where is_new order by line`,
  );
  await client.query(
    `insert into members.membership_event (member_id, kind, occurred_on, organization_id, actor)
     select member_id, $1, joined_on, organization_id, $2 from pg_temp.member_import_candidate where is_new order by line`,
    [MembershipEventKind.IMPORTED, actor],
  );
  await client.query(
    `insert into members.outbox_event (type, aggregate_id, payload)
     select $1, member_id, jsonb_build_object('version', 1, 'memberId', member_id, 'organizationId', organization_id,
              'occurredOn', to_char(joined_on, 'YYYY-MM-DD'), 'actor', $2::text, 'source', 'import')
       from pg_temp.member_import_candidate where is_new order by line`,
    [ADMITTED, actor],
  );
  return inserted.rowCount ?? 0;
}

/**
 * Existing records whose data differ from the file. Only the file's columns are compared and
 * written (a column left out of the file keeps the registry's value). A new organization is a
 * transfer today: the open period closes, a new one opens, with its event and outbox row.
 * Consent dates follow the consents; withdrawing the bonus consent is announced as members do.
 */
async function updateMembers(client: Client, header: Header, actor: string | null, todayDate: string): Promise<{ updated: number; unchanged: number }> {
  const columns = [...UPDATABLE_COLUMNS.filter((column) => header.given.has(column)), 'organization_id'];
  const consentDates = [
    `consent_given_on = case when m.consent_version is distinct from c.consent_version then $1::date else m.consent_given_on end`,
    ...(header.given.has('bonus_consent')
      ? [`bonus_consent_on = case when m.bonus_consent is distinct from c.bonus_consent then $1::date else m.bonus_consent_on end`]
      : []),
    ...(header.given.has('guardian_name')
      ? [`guardian_consent_on = case when c.guardian_name is null then null
            when m.guardian_name is distinct from c.guardian_name then $1::date else m.guardian_consent_on end`]
      : []),
  ];
  const changed = await client.query(
    `with changed as (
       update members.member m
          set ${columns.map((column) => `${column} = c.${column}`).join(', ')}, ${consentDates.join(', ')}, updated_at = now()
         from pg_temp.member_import_candidate c
        where m.id = c.member_id and not c.is_new
          and (${columns.map((column) => `m.${column}`).join(', ')}) is distinct from (${columns.map((column) => `c.${column}`).join(', ')})
       returning m.id, c.line, c.organization_id, c.member_organization_id, coalesce(c.member_bonus_consent and not c.bonus_consent, false) as withdrew)
     insert into pg_temp.member_import_updated (member_id, line, organization_id, from_organization_id, withdrew_bonus)
     select id, line, organization_id, member_organization_id, withdrew from changed`,
    [todayDate],
  );
  await recordTransfers(client, actor, todayDate);
  await client.query(
    `insert into members.outbox_event (type, aggregate_id, payload)
     select $1, member_id, jsonb_build_object('version', 1, 'memberId', member_id, 'occurredOn', $2::text, 'actor', $3::text)
       from pg_temp.member_import_updated where withdrew_bonus order by line`,
    [BONUS_WITHDRAWN, todayDate, actor],
  );
  const [matched] = (await client.query<{ n: number }>('select count(*)::int as n from pg_temp.member_import_candidate where not is_new')).rows;
  const updated = changed.rowCount ?? 0;
  return { updated, unchanged: (matched?.n ?? 0) - updated };
}

async function recordTransfers(client: Client, actor: string | null, todayDate: string): Promise<void> {
  const moved = 'from pg_temp.member_import_updated u where u.organization_id <> u.from_organization_id';
  // Closed before the new period opens: one open period per member is a unique index.
  await client.query(
    `update members.membership_period p set valid_to = $1::date ${moved} and p.member_id = u.member_id and p.valid_to is null`,
    [todayDate],
  );
  await client.query(
    `insert into members.membership_period (member_id, organization_id, valid_from)
     select u.member_id, u.organization_id, $1::date ${moved} order by u.line`,
    [todayDate],
  );
  await client.query(
    `insert into members.membership_event (member_id, kind, occurred_on, organization_id, from_organization_id, reason, actor)
     select u.member_id, $2, $1::date, u.organization_id, u.from_organization_id, $3, $4 ${moved} order by u.line`,
    [todayDate, MembershipEventKind.TRANSFERRED, IMPORT_REASON, actor],
  );
  await client.query(
    `insert into members.outbox_event (type, aggregate_id, payload)
     select $2, u.member_id, jsonb_build_object('version', 1, 'memberId', u.member_id, 'organizationId', u.organization_id,
              'fromOrganizationId', u.from_organization_id, 'occurredOn', $1::text, 'reason', $3::text, 'actor', $4::text)
       ${moved} order by u.line`,
    [todayDate, TRANSFERRED, IMPORT_REASON, actor],
  );
}

async function databaseErrors(client: Client): Promise<MemberImportError[]> {
  const result = await client.query<{ line: number; registration_number: string | null; field: string; error_code: string; message: string }>(
    'select line, registration_number, field, error_code, message from pg_temp.member_import_error order by line',
  );
  return result.rows.map((row) => ({
    line: row.line,
    registrationNumber: row.registration_number,
    field: row.field,
    errorCode: row.error_code,
    message: row.message,
  }));
}
