import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Header } from '../src/services/member-import/columns';
import { readHeader } from '../src/services/member-import/columns';
import { CsvScanner, decodeCells, MalformedCsv } from '../src/services/member-import/csv-scan';
import type { MemberImportError } from '../src/services/member-import/outcome';

const HEADER =
  'registration_number,organization_code,last_name,first_name,birth_date,category,joined_on,consent_version';

interface Scanned {
  /** What COPY gets, parsed back by csv-parse: one record per row that goes to the database, with its file line. */
  records: { cells: string[]; line: number }[];
  problems: MemberImportError[];
  rows: number;
  copied: string;
}

function header(cells: string[]): Header | null {
  const read = readHeader(cells);
  return 'problem' in read ? null : read;
}

/** Scans `file` fed in chunks of `size` bytes (the whole file at once by default). */
function scan(file: string | Buffer, size = Number.MAX_SAFE_INTEGER): Scanned {
  const bytes = typeof file === 'string' ? Buffer.from(file) : file;
  const scanner = new CsvScanner(header);
  const out: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size)
    out.push(...scanner.push(bytes.subarray(start, start + size)));
  out.push(...scanner.end());
  const copied = Buffer.concat(out).toString('utf8');
  const cells: string[][] = copied === '' ? [] : parse(copied, { relax_column_count: true });
  return {
    records: cells.map((row, index) => ({ cells: row, line: scanner.lineOf(index + 1) })),
    problems: scanner.problems,
    rows: scanner.rows,
    copied,
  };
}

const row = (number: string, last = 'Петрова'): string =>
  `${number},P77-1,${last},Мария,1990-05-17,EMPLOYEE,2020-09-01,2026-01`;

describe('CSV scanner: the file cut into records for COPY, with their lines', () => {
  it('passes records on untouched, and gives each the line it starts on', () => {
    const file = [
      HEADER,
      row('A-1'),
      '"A-2",P77-1,"Петрова, в девичестве Орлова",Мария,1990-05-17,EMPLOYEE,2020-09-01,2026-01',
      row('A-3'),
    ].join('\n');
    const scanned = scan(file);
    expect(scanned.records).toEqual([
      { cells: row('A-1').split(','), line: 2 },
      {
        cells: [
          'A-2',
          'P77-1',
          'Петрова, в девичестве Орлова',
          'Мария',
          '1990-05-17',
          'EMPLOYEE',
          '2020-09-01',
          '2026-01',
        ],
        line: 3,
      },
      { cells: row('A-3').split(','), line: 4 },
    ]);
    expect(scanned.rows).toBe(3);
    expect(scanned.problems).toEqual([]);
  });

  it('drops a BOM, skips empty lines and counts lines inside quoted cells', () => {
    const file = `\ufeff${HEADER}\n\n${row('B-1', '"Петрова\nОрлова"')}\r\n\n\n${row('B-2')}\n`;
    const scanned = scan(file);
    expect(scanned.records.map((record) => [record.cells[0], record.cells[2], record.line])).toEqual([
      ['B-1', 'Петрова\nОрлова', 3],
      ['B-2', 'Петрова', 7],
    ]);
  });

  it('gives COPY one kind of line ending: the header’s', () => {
    const scanned = scan(`${HEADER}\r\n${row('C-1')}\n${row('C-2')}\r${row('C-3')}\r\n${row('C-4')}`);
    expect(scanned.copied).toBe(`${row('C-1')}\r\n${row('C-2')}\r\n${row('C-3')}\r\n${row('C-4')}`);
    expect(scanned.records.map((record) => record.line)).toEqual([2, 3, 4, 5]);
  });

  it('reports a record with another number of cells, a NUL byte or bytes that are not UTF-8, and keeps it out of COPY', () => {
    const broken = Buffer.concat([
      Buffer.from(row('D-3').slice(0, 10)),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(row('D-3').slice(10)),
    ]);
    const file = Buffer.concat([
      Buffer.from(`${HEADER}\n${row('D-1')}\nD-2,P77-1,Петрова\n${row('D-4').replace('Мария', 'Ма\u0000рия')}\n`),
      broken,
      Buffer.from(`\n${row('D-5')}\n`),
    ]);
    const scanned = scan(file);
    expect(scanned.records.map((record) => [record.cells[0], record.line])).toEqual([
      ['D-1', 2],
      ['D-5', 6],
    ]);
    expect(
      scanned.problems.map((problem) => [problem.line, problem.registrationNumber, problem.field, problem.message]),
    ).toEqual([
      [3, 'D-2', 'row', 'expected 8 cells as in the header, got 3'],
      [4, null, 'row', 'a cell contains a NUL character'],
      [5, 'D-3', 'row', 'the row is not UTF-8 text'],
    ]);
    expect(scanned.rows).toBe(5);
  });

  it.each([
    ['a quote inside an unquoted cell', `${row('E-1')}\nE-2,P7"7,x,y,z,EMPLOYEE,2020-09-01,2026-01`, 3],
    ['text after a closing quote', `${row('E-1')}\nE-2,"P77"x,x,y,z,EMPLOYEE,2020-09-01,2026-01`, 3],
    ['a quote left open at the end', `${row('E-1')}\n${row('E-2')}\nE-3,"P77-1\n\n`, 6],
  ])('refuses a file with %s: nothing is loaded, the error says where', (_case, body, line) => {
    const attempt = (): Scanned => scan(`${HEADER}\n${body}`);
    expect(attempt).toThrow(MalformedCsv);
    try {
      attempt();
    } catch (error) {
      if (!(error instanceof MalformedCsv)) throw error;
      expect(error.outcome.errors.at(-1)).toMatchObject({ line, field: 'file', errorCode: 'BAD_USER_INPUT' });
    }
  });

  it('gives the same records, lines and problems however the file is cut into chunks', () => {
    const file = Buffer.from(
      [
        `\ufeff${HEADER}`,
        row('F-1', '"Ёлкина ""Ель"""'),
        '',
        row('F-2', '"Много\r\nстрок\nв ячейке"'),
        'F-3,лишняя',
        row('F-4', 'Ω'),
        `${row('F-5')}\r`,
        row('F-6'),
      ].join('\n'),
    );
    const whole = scan(file);
    expect(whole.records.map((record) => record.line)).toEqual([2, 4, 8, 9, 10]);
    for (let size = 1; size <= 40; size += 1) {
      const cut = scan(file, size);
      expect({ size, records: cut.records, problems: cut.problems, rows: cut.rows }).toEqual({
        size,
        records: whole.records,
        problems: whole.problems,
        rows: whole.rows,
      });
    }
  });

  it('reads the header, and stops at a header that is not a members file', () => {
    expect(decodeCells(Buffer.from('a,"b,c","d""e",'))).toEqual(['a', 'b,c', 'd"e', '']);
    const scanner = new CsvScanner(header);
    expect(scanner.push(Buffer.from(`name,notes\n${row('G-1')}\n`))).toEqual([]);
    expect(scanner.headerSeen).toBe(true);
    expect(scanner.header).toBeNull();
  });
});
