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
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CopyFromStdin, CopyWriter, ErrorCode, today, transactionClient } from '@registry/lib';
import { parse } from 'csv-parse';
import type { Client } from 'pg';
import type { Header } from './member-import/columns';
import { readHeader } from './member-import/columns';
import type { CsvSource } from './member-import/csv-records';
import { MalformedCsv, RecordReader, toReadable } from './member-import/csv-records';
import type { MemberImportError, MemberImportOutcome } from './member-import/outcome';
import { emptyOutcome } from './member-import/outcome';
import { checkAgainstRegistry, checkDuplicatesInFile, checkOrganizations, databaseErrors, matchRegistry } from './member-import/registry-checks';
import { createMembers, updateMembers } from './member-import/registry-writes';
import { createStagingTables, STAGING_COLUMNS, stagedLine } from './member-import/staging';

export type { MemberImportColumn } from './member-import/columns';
export { MEMBER_IMPORT_COLUMNS } from './member-import/columns';
export type { MemberImportError, MemberImportOutcome } from './member-import/outcome';

export interface MemberImportOptions {
  /** Who imports (token subject, or `cli:<user>`); written to events and outbox rows. */
  actor: string | null;
  /** The CSV: a whole string, or chunks as they arrive (an upload, a file stream). */
  source: CsvSource;
  /** Called with the number of rows read so far, every few thousand rows and once at the end of the file. */
  onProgress?: (rows: number) => void;
}

const PROGRESS_EVERY = 10_000;

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

async function importInTransaction(tx: EntityManager, header: Header, reader: RecordReader, options: MemberImportOptions): Promise<MemberImportOutcome> {
  const client = await transactionClient(tx, 'importMembers');
  // One date for the whole import, even across midnight.
  const todayDate = today();
  await createStagingTables(client);
  const rows = await stageRows(client, header, reader, options, todayDate);
  const database = await checkAndWrite(client, header, options.actor, todayDate);
  const errors = [...reader.problems, ...database.errors].sort((a, b) => a.line - b.line);
  return { rows, created: database.created, updated: database.updated, unchanged: database.unchanged, errors };
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

