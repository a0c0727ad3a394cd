/**
 * Bulk import of members from CSV: the union's existing lists, one or many primary organizations
 * per file. No GraphQL here; the mutation and the CLI (`cli/import-members.ts`) call
 * {@link importMembers}.
 *
 * Pipeline, all in one transaction, with no per-row work in Node for a good row:
 *  1. The file's own bytes stream into a staging table of text columns by `COPY … FROM STDIN
 *     (format csv)` on the transaction's connection. Node only cuts records, counting cells and
 *     lines ({@link CsvScanner}), and keeps out, with a report line, what COPY would refuse.
 *  2. One statement checks and types every row (`fast-checks.ts`) and finds its organization and
 *     its record in the registry. Rows it cannot judge exactly go through admission's own rules in
 *     Node (`checkRow`: `checkPersonFields`, `checkConsent`), which also word the report.
 *  3. Set-based SQL checks what needs the database: organization codes against
 *     `ORGANIZATION_V1` (the organizations contract), then each row against its record (state, joining date,
 *     exit and transfer dates, twins of active members), then duplicates within the file (one
 *     hashing pass) among the rows still standing, so a refused row never blocks a later one.
 *  4. Set-based writes: new members with their open period and IMPORTED event, one
 *     `member.imported` outbox event; changed members updated (an empty cell keeps a field, `-`
 *     clears it; a changed organization is a transfer on `transferred_on`); exits (`status`,
 *     `left_on`, `exit_reason`) as `recordMemberExit` writes them, one outbox event per member;
 *     identical rows are not touched, so importing the same file again changes nothing. An import that adds at least a third of the registry it leaves builds the
 *     indexes and keys after its inserts (`bulk-load.ts`).
 *
 * Statements go through the raw pg client of the transaction (positional `$n` parameters, no
 * knex `?` rewriting), the same connection MikroORM's transaction uses.
 *
 * Each step is one statement over all staged rows, never a loop over them: an import's time is
 * per-row work (expressions, regular expressions, uuids, index entries), and a round trip or a
 * plan per row would multiply it. Where the time goes, step by step: docs/benchmarks.md ("From
 * source comments", members import).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { CopyFromStdin, ErrorCode, today, transactionClient } from '@registry/lib';
import type { Client } from 'pg';
import { dropIndexesAndKeys, restoreIndexesAndKeys, shouldLoadInBulk } from './member-import/bulk-load';
import type { Header } from './member-import/columns';
import { readHeader } from './member-import/columns';
import { CsvScanner, MalformedCsv } from './member-import/csv-scan';
import type { CsvSource } from './member-import/csv-source';
import { byteChunks } from './member-import/csv-source';
import { fastCheckSql } from './member-import/fast-checks';
import type { MemberImportError, MemberImportOutcome } from './member-import/outcome';
import { emptyOutcome } from './member-import/outcome';
import {
  checkDuplicatesInFile,
  checkOrganizations,
  checkRecordsOfRows,
  checkRowsAboutOneRecord,
  databaseErrors,
  matchFormerMembers,
  refuseRowsWithErrors,
} from './member-import/registry-checks';
import { countUpdates, createMembers, exitMembers, updateMembers } from './member-import/registry-writes';
import { copyRowsSql, createStagingTables, storeLineShifts } from './member-import/staging';
import { checkSuspects } from './member-import/suspects';

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
  let headerProblem = 'the file is empty; expected a header row';
  const scanner = new CsvScanner((cells) => {
    const header = readHeader(cells);
    if ('problem' in header) {
      headerProblem = header.problem;
      return null;
    }
    return header;
  });
  const chunks = byteChunks(options.source)[Symbol.asyncIterator]();
  try {
    // The header decides the COPY's columns: read up to it before the transaction starts.
    const first: Buffer[] = [];
    let ended = false;
    while (!scanner.headerSeen && !ended) {
      const chunk = await chunks.next();
      ended = chunk.done === true;
      first.push(...(chunk.done ? scanner.end() : scanner.push(chunk.value)));
    }
    const header = scanner.header;
    if (!header) {
      return {
        ...emptyOutcome(0),
        errors: [
          {
            line: 1,
            registrationNumber: null,
            field: 'header',
            errorCode: ErrorCode.BAD_USER_INPUT,
            message: headerProblem,
          },
        ],
      };
    }
    const feed: RowFeed = { scanner, header, first, chunks: ended ? null : chunks };
    return await em.transactional((tx) => importInTransaction(tx, feed, options));
  } catch (error) {
    if (error instanceof MalformedCsv) return error.outcome;
    throw error;
  } finally {
    await chunks.return(undefined);
  }
}

/** The error report as CSV (RFC 4180 quoting), for download next to the counts. */
export function errorReportCsv(errors: readonly MemberImportError[]): string {
  const lines = ['line,registration_number,field,error_code,message'];
  for (const error of errors) {
    lines.push(
      [String(error.line), error.registrationNumber ?? '', error.field, error.errorCode, error.message]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The file after its header: what the scanner already returned, and the chunks still to come (null at the end). */
interface RowFeed {
  scanner: CsvScanner;
  header: Header;
  first: Buffer[];
  chunks: AsyncIterator<Buffer> | null;
}

async function importInTransaction(
  tx: EntityManager,
  feed: RowFeed,
  options: MemberImportOptions,
): Promise<MemberImportOutcome> {
  const client = await transactionClient(tx, 'importMembers');
  // One date for the whole import, even across midnight.
  const todayDate = today();
  // Hash tables and sorts of a whole file stay in memory; local to the transaction.
  await client.query(`set local work_mem = '256MB'`);
  await createStagingTables(client);
  await stageRows(client, feed, options);
  const problems = [...feed.scanner.problems];
  await storeLineShifts(client, feed.scanner.lineShifts);
  await client.query(fastCheckSql(), [Number(todayDate.replace(/-/g, ''))]);
  await checkSuspects(client, feed.header, todayDate, (ord) => feed.scanner.lineOf(ord), problems);
  const database = await checkAndWrite(client, feed.header, options.actor, todayDate);
  // Problems the rules found come before the database's on the same line, each group in its own order.
  const errors = [...problems, ...database.errors].sort((a, b) => a.line - b.line);
  return {
    rows: feed.scanner.rows,
    created: database.created,
    updated: database.updated,
    unchanged: database.unchanged,
    errors,
  };
}

/**
 * Streams the file's records, as the file has them, into the staging table with `COPY … FROM
 * STDIN (format csv)` on the transaction's own connection while the rest of the file arrives.
 * pg-copy-streams is not installed, so {@link CopyFromStdin} speaks the COPY sub-protocol itself
 * through pg's documented "Submittable" hook (`client.query(objectWithSubmit)`).
 */
async function stageRows(client: Client, feed: RowFeed, options: MemberImportOptions): Promise<void> {
  const copy = new CopyFromStdin(copyRowsSql(feed.header));
  // Queued now, so the server gets ready while the first chunk is scanned.
  client.query(copy);
  let reported = 0;
  const send = async (pieces: readonly Buffer[]): Promise<void> => {
    if (pieces.length > 0) await copy.write(pieces.length === 1 && pieces[0] ? pieces[0] : Buffer.concat(pieces));
    if (feed.scanner.rows - reported >= PROGRESS_EVERY) {
      reported = feed.scanner.rows;
      options.onProgress?.(reported);
    }
  };
  try {
    await send(feed.first);
    if (feed.chunks) {
      for (let chunk = await feed.chunks.next(); !chunk.done; chunk = await feed.chunks.next())
        await send(feed.scanner.push(chunk.value));
      await send(feed.scanner.end());
    }
    await copy.end();
  } catch (error) {
    await copy.abort(error instanceof Error ? error.message : 'import failed');
    throw error;
  }
  options.onProgress?.(feed.scanner.rows);
}

interface DatabaseOutcome {
  created: number;
  updated: number;
  unchanged: number;
  errors: MemberImportError[];
}

async function checkAndWrite(
  client: Client,
  header: Header,
  actor: string | null,
  todayDate: string,
): Promise<DatabaseOutcome> {
  await matchFormerMembers(client);
  // A refused row is no row of its person: every refusal so far is applied before the duplicates
  // within the file are grouped, or a bad row would make a later good one "already on line n".
  if ((await checkOrganizations(client)) > 0) await refuseRowsWithErrors(client);
  let candidates = await countCandidates(client);
  const bulk = await shouldLoadInBulk(client, candidates.created);
  if ((await checkRecordsOfRows(client, candidates.matched > 0, !bulk)) > 0) await refuseRowsWithErrors(client);
  if ((await checkDuplicatesInFile(client)) > 0) await refuseRowsWithErrors(client);
  if (candidates.matched > 0 && (await checkRowsAboutOneRecord(client)) > 0) await refuseRowsWithErrors(client);
  candidates = await countCandidates(client);
  const deferred = bulk && candidates.created > 0 ? await dropIndexesAndKeys(client) : null;
  // The status-versus-period trigger would queue a check per row written (and pending trigger
  // events forbid the index rebuilds): the import checks its members in one statement instead.
  await client.query(`set local members.history_checked_by_writer = 'on'`);
  const created = await createMembers(client, actor, todayDate, candidates.largestNumber);
  if (deferred) await restoreIndexesAndKeys(client, deferred);
  if (candidates.matched > 0) await updateMembers(client, header, actor, todayDate);
  // After the updates (an exit row may also correct fields) and the inserts (a new row may be an exit of the past).
  await exitMembers(client, actor);
  const { updated, unchanged } = await countUpdates(client);
  await assertImportedHistoriesConsistent(client);
  return { created, updated, unchanged, errors: await databaseErrors(client) };
}

/** What the trigger `member_status_matches_period` checks, for every member the import wrote. */
async function assertImportedHistoriesConsistent(client: Client): Promise<void> {
  const result = await client.query<{ n: number }>(
    `select count(*)::int as n from members.member m
      where m.id in (select member_id from pg_temp.member_import_checked where valid)
        and (m.status = 'ACTIVE') <> exists (select from members.membership_period p where p.member_id = m.id and p.valid_to is null)`,
  );
  const broken = result.rows[0]?.n ?? 0;
  if (broken > 0)
    throw new Error(
      `Expected every imported member ACTIVE exactly when it has an open period, got ${broken} that are not`,
    );
  await client.query(`set local members.history_checked_by_writer = 'off'`);
}

interface Candidates {
  /** New records to write. */
  created: number;
  /** Rows about records the registry has. */
  matched: number;
  /** The largest registration number of a new record written as the sequence writes them (10 digits). */
  largestNumber: string | null;
}

/** Rows still to be written, in one pass. */
async function countCandidates(client: Client): Promise<Candidates> {
  const result = await client.query<{ created: number; matched: number; largest_number: string | null }>(
    `select count(*) filter (where is_new)::int as created, count(*) filter (where not is_new)::int as matched,
            max(registration_number::bigint) filter (where is_new and registration_number ~ '^[0-9]{10}$')::text as largest_number
       from pg_temp.member_import_checked where valid`,
  );
  const row = result.rows[0];
  return { created: row?.created ?? 0, matched: row?.matched ?? 0, largestNumber: row?.largest_number ?? null };
}
