import { performance } from 'node:perf_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';
import { CopyFromStdin, today } from '@registry/lib';
import { importMembers } from '@registry/members';
import { readHeader, stagedLine } from '@registry/members/testing';
import type { MemberImportError } from '@registry/members';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import { snilsFor } from '../generator/members-csv';
import { BENCH_SERIAL_BASE, spelledSerial } from './admissions';

const HEADER =
  'registration_number,organization_code,last_name,first_name,middle_name,birth_date,sex,phone,email,snils,category,position,joined_on,consent_version,bonus_consent,guardian_name';
/** Import serials sit above the admissions' ones: no SNILS or name meets another. */
const IMPORT_SERIAL_BASE = BENCH_SERIAL_BASE + 100_000_000;

/** Q6 and its breakdown. */
export interface BulkImportResult {
  rows: number;
  created: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  rowsPerSecond: number;
  /** Node alone: csv-parse and the import's own row checks, no database (rows/s). */
  nodeRowsPerSecond: number;
  /** PostgreSQL alone: COPY of the same file into an unindexed temporary table (rows/s). */
  copyRowsPerSecond: number;
}

/**
 * A members file of `rows` new people (registration numbers `B…`, letters-only names, valid and
 * unused SNILS) spread over existing primary organizations, as one string.
 */
function newMembersCsv(primaryCodes: readonly string[], rows: number): string {
  const lines = [HEADER];
  for (let k = 0; k < rows; k += 1) {
    const serial = IMPORT_SERIAL_BASE + k;
    const code = primaryCodes[k % primaryCodes.length] ?? '';
    lines.push(
      `B${serial},${code},Импортова,Замера,Пакетовна${spelledSerial(serial)},1985-03-0${1 + (k % 9)},F,,,${snilsFor(serial)},EMPLOYEE,учитель,2015-09-01,2020-01,false,`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Q6: the members import service itself (no GraphQL) on a fresh file, in one transaction, as the
 * CLI and the mutation run it. Then the two ceilings of its pipeline on the same file, to show
 * where the time goes: the Node side alone and PostgreSQL's COPY alone.
 */
export async function measureBulkImport(
  members: MikroORM,
  databaseUrl: string,
  primaryCodes: readonly string[],
  rows: number,
): Promise<BulkImportResult> {
  const csv = newMembersCsv(primaryCodes, rows);
  const started = performance.now();
  const outcome = await importMembers(members.em.fork(), { actor: 'bench', source: csv });
  const seconds = (performance.now() - started) / 1000;
  const first = outcome.errors[0];
  return {
    rows,
    created: outcome.created,
    errors: outcome.errors.length,
    firstError: first ? `line ${first.line}: ${first.message}` : null,
    seconds,
    rowsPerSecond: outcome.created / seconds,
    nodeRowsPerSecond: nodeSide(csv),
    copyRowsPerSecond: await copySide(databaseUrl, csv),
  };
}

/** Rows per second of parsing and checking alone: what the import does in Node for every row. */
function nodeSide(csv: string): number {
  const started = performance.now();
  const records: { record: string[]; info: { lines: number } }[] = parse(csv, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  });
  const [head, ...body] = records;
  const header = head ? readHeader(head.record) : { problem: 'empty' };
  if ('problem' in header) throw new Error(`Expected the import's header, got: ${header.problem}`);
  const problems: MemberImportError[] = [];
  const on = today();
  for (const { record, info } of body) stagedLine({ cells: record, line: info.lines }, header, on, problems);
  if (problems.length > 0) throw new Error(`Expected valid rows, got ${JSON.stringify(problems[0])}`);
  return body.length / ((performance.now() - started) / 1000);
}

/** Rows per second PostgreSQL takes the same file at by COPY into a bare temporary table. */
async function copySide(databaseUrl: string, csv: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = HEADER.split(',')
      .map((name) => `${name} text`)
      .join(', ');
    await client.query(`create temp table bench_copy (${columns})`);
    const started = performance.now();
    const copy = new CopyFromStdin('copy bench_copy from stdin with (format csv, header true)');
    void client.query(copy);
    const bytes = Buffer.from(csv);
    for (let offset = 0; offset < bytes.length; offset += 256 * 1024)
      await copy.write(bytes.subarray(offset, offset + 256 * 1024));
    const copied = await copy.end();
    return copied / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}
