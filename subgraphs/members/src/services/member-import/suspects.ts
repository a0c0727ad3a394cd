/**
 * The rows the SQL fast path left undecided (bad ones, and good ones it cannot judge: a name in
 * Greek letters, a phone written with a tab…) go through the rules themselves in Node, which also
 * word the report. Usually a few per cent of a file; read through a cursor, a page at a time.
 */
import { CopyFromStdin } from '@registry/lib';
import type { Client } from 'pg';
import type { Header } from './columns';
import type { MemberImportError } from './outcome';
import { MATCH_COLUMNS, withRecord } from './registry-checks';
import { stagedLine, SUSPECT_COLUMNS } from './staging';

const PAGE = 5_000;

/**
 * Checks the undecided rows with `checkRow` and writes the outcome into
 * `pg_temp.member_import_checked`: typed values of the good ones with their organization and
 * record, keys and organization code of the bad ones. Their problems are added to `problems`, on
 * their lines in the file (`lineOf(ord)`). Returns how many rows were undecided.
 */
export async function checkSuspects(
  client: Client,
  header: Header,
  todayDate: string,
  lineOf: (ord: number) => number,
  problems: MemberImportError[],
): Promise<number> {
  const columns = header.positions.map(([column]) => column);
  await client.query(`
    declare member_import_suspects no scroll cursor for
    select r.ord, ${columns.map((column) => `r.${column}`).join(', ')} from pg_temp.member_import_row r
     where r.ord in (select ord from pg_temp.member_import_checked where not valid) order by r.ord`);
  let suspects = 0;
  for (;;) {
    const page = await client.query<unknown[]>({ text: `fetch ${PAGE} from member_import_suspects`, rowMode: 'array' });
    if (page.rows.length === 0) break;
    suspects += page.rows.length;
    const lines: string[] = [];
    for (const [ord, ...cells] of page.rows) {
      const found: MemberImportError[] = [];
      // Keyed by ord in staging; the report wants the file's line.
      const line = stagedLine(
        { cells: cells.map((cell) => (typeof cell === 'string' ? cell : '')), line: Number(ord) },
        header,
        todayDate,
        found,
      );
      if (line !== null) lines.push(line);
      for (const problem of found) problems.push({ ...problem, line: lineOf(problem.line) });
    }
    const copy = new CopyFromStdin(`copy pg_temp.member_import_suspect (${SUSPECT_COLUMNS}) from stdin`);
    void client.query(copy);
    await copy.write(Buffer.from(lines.join('')));
    await copy.end();
  }
  await client.query('close member_import_suspects');
  if (suspects === 0) return 0;
  const assigned = [
    ...SUSPECT_COLUMNS.split(',')
      .map((column) => column.trim())
      .filter((column) => column !== 'ord'),
    ...MATCH_COLUMNS,
  ];
  await client.query(`
    update pg_temp.member_import_checked c set (${assigned.join(', ')}) = (${assigned.map((column) => `m.${column}`).join(', ')})
      from (${withRecord('select * from pg_temp.member_import_suspect')}) m
     where m.ord = c.ord`);
  return suspects;
}
