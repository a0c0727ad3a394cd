/**
 * The import checks rows in SQL (services/member-import/fast-checks.ts) and leaves to the rules of
 * admission (`checkRow` → `checkPersonFields`, `checkConsent`) whatever it cannot judge. These
 * tests hold the SQL to that promise: every row it accepts, the rules accept too, with the same
 * normalized values; and it does accept the usual rows, or the import would be slow.
 */
import { today, transactionClient } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberImportColumn } from '../src/services/member-import';
import { MEMBER_IMPORT_COLUMNS } from '../src/services/member-import';
import { readHeader } from '../src/services/member-import/columns';
import { FAST_LETTERS, fastCheckSql, JS_WHITE_SPACE } from '../src/services/member-import/fast-checks';
import type { RawRow, StagedRow } from '../src/services/member-import/row-checks';
import { checkRow } from '../src/services/member-import/row-checks';
import { createStagingTables } from '../src/services/member-import/staging';
import type { ImportWorld } from './import-fixtures';
import { BASE_ROW, badSnils, openImportWorld, snilsFor } from './import-fixtures';

let world: ImportWorld;
beforeAll(async () => {
  world = await openImportWorld();
});
afterAll(() => world.close());

const TODAY = today();
const dayAfter = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** A valid SNILS whose weighted sum leaves `remainder` mod 101 (99 and 100 are the edge cases of the rule). */
function snilsWithRemainder(remainder: number): string {
  for (let body = 100_000_000; ; body += 1) {
    const digits = String(body);
    const sum = [...digits].reduce((total, digit, index) => total + Number(digit) * (9 - index), 0);
    if (sum % 101 === remainder) return snilsFor(body);
  }
}
const year = Number(TODAY.slice(0, 4));
/** A birth date `age` years before the date of joining 2020-09-01, give or take a day. */
const bornAged = (age: number, dayAfter = false): string => `${2020 - age}-09-${dayAfter ? '02' : '01'}`;

type Row = Partial<Record<MemberImportColumn, string | null>>;
const BASE: Row = { ...BASE_ROW, registration_number: 'R-1', snils: snilsFor(100_000_001) };

/** Values to try per column, good and bad; each is tried in an otherwise valid row. */
const VALUES: Partial<Record<MemberImportColumn, (string | null)[]>> = {
  registration_number: [
    null,
    '',
    'ЛЕГ-17',
    '0000500000',
    'a.b/c-d',
    'A'.repeat(20),
    'A'.repeat(21),
    'A B',
    ' A-1',
    'A-1 ',
    '①',
    'Ⅻ-1',
    'A_1',
    'ÀÉ-1',
  ],
  organization_code: [null, '', 'P77-2', ' P77-1', 'P77-1 ', 'P77\u00a01', 'P77\t1', 'P 77', 'P  77', 'Р77-1'],
  last_name: [
    null,
    '',
    ' ',
    'Петрова',
    'ПЕТРОВА',
    'Ёлкина',
    "O'Brien",
    'Петрова-Водкина',
    'де Голль',
    'de  Gaulle',
    ' Петрова',
    'Петрова ',
    'Петрова\t',
    'Петрова\u00a0Водкина',
    'Müller',
    'Łukasz',
    'Ǆ',
    'Ωμέγα',
    'Ⅻ',
    'Петров2',
    '-Петров',
    'Пётр.',
    'Ш'.repeat(100),
    'Ш'.repeat(101),
    'ʼАпостроф',
    'Іван',
    'Ӕ',
    'Ꙗ',
  ],
  first_name: ['', 'Мария', 'мария', 'Анна Мария', 'Анна  Мария', 'M.', "'Ann"],
  middle_name: [null, '', ' ', 'Ивановна', 'ивановна', 'Ивановна оглы', 'Ивановна-', 'Ивановна1', 'И'.repeat(101)],
  birth_date: [
    null,
    '',
    '1990-05-17',
    '1990-5-17',
    '1990-05-17 ',
    '1990/05/17',
    '19900517',
    '1990-02-29',
    '1992-02-29',
    '1900-02-29',
    '2000-02-29',
    '1990-13-01',
    '1990-00-10',
    '1990-04-31',
    '1990-12-31',
    '1990-12-32',
    '0990-01-01',
    bornAged(14),
    bornAged(14, true),
    bornAged(120),
    bornAged(121),
    bornAged(121, true),
    '2020-09-02',
    `${year + 1}-01-01`,
    '١٩٩٠-٠٥-١٧',
  ],
  joined_on: [null, '', '2020-09-01', TODAY, dayAfter(TODAY), '2020-02-30', '2020-9-01', ' 2020-09-01', '2999-01-01'],
  sex: [null, '', 'M', 'F', 'm', 'X', ' M', 'MF'],
  phone: [
    null,
    '',
    ' ',
    '+7 916 123-45-67',
    '8 (916) 123-45-67',
    '7 916 1234567',
    '+79161234567',
    '89161234567',
    '+8 916 123-45-67',
    '+7 916 123-45-6',
    '+7 916 123-45-678',
    '+7\t916 123 45 67',
    '+7 916 123\u00a045 67',
    '916 123-45-67',
    '+7 (916) 123-45-67 доб. 1',
    '+7-916-123-45-67',
    '((8))9161234567',
    '+7 916 123-45-6７',
    '99161234567',
    '+99161234567',
    '+7916123456',
    '7916123456789',
  ],
  email: [
    null,
    '',
    'maria@example.ru',
    'Maria@Example.RU',
    'maria@example',
    'maria@@example.ru',
    'mar ia@example.ru',
    ' maria@example.ru',
    'мария@пример.рф',
    `${'a'.repeat(64)}@example.ru`,
    `${'a'.repeat(65)}@example.ru`,
    `a@${'b'.repeat(249)}.ru`,
    `a@${'b'.repeat(250)}.ru`,
    'a@b.c',
    'a@b.cd',
    'a.b@c.d.ef',
    'Ä@example.ru',
  ],
  snils: [
    null,
    '',
    ' ',
    snilsFor(100_000_001),
    `${snilsFor(100_000_002).slice(0, 3)}-${snilsFor(100_000_002).slice(3, 6)}-${snilsFor(100_000_002).slice(6, 9)} ${snilsFor(100_000_002).slice(9)}`,
    badSnils(100_000_003),
    snilsWithRemainder(99),
    snilsWithRemainder(100),
    `${snilsWithRemainder(100).slice(0, 9)}01`,
    `${snilsWithRemainder(99).slice(0, 9)}00`,
    '00100199800',
    '00100199899',
    '00100199999',
    '1234567890',
    '123456789012',
    '1122334459a',
    '112\t233\t445 95',
    '11223344595 ',
  ],
  category: [
    null,
    '',
    'EMPLOYEE',
    'STUDENT',
    'NON_WORKING_PENSIONER',
    'TEMPORARILY_NOT_WORKING',
    'employee',
    ' EMPLOYEE',
    'RETIRED',
  ],
  position: [
    null,
    '',
    ' ',
    'учитель',
    'учитель физики',
    'учитель  физики',
    ' учитель',
    'учитель ',
    'учитель\nфизики',
    'учитель\u2028физики',
    'П'.repeat(200),
    'П'.repeat(201),
    '😀 учитель',
    'учитель\u200bфизики',
  ],
  consent_version: [null, '', ' ', '2026-01', ' 2026-01', 'v'.repeat(20), 'v'.repeat(21), '2026 01', '2026\u00a001'],
  bonus_consent: [null, '', 'true', 'false', 'TRUE', 'False', '1', '0', 'tRuE', 'yes', ' true'],
  guardian_name: [
    null,
    '',
    ' ',
    'Сидорова Анна Петровна',
    ' Сидорова',
    'Г'.repeat(300),
    'Г'.repeat(301),
    'Сидорова  Анна',
  ],
  status: [null, '', 'ACTIVE', 'LEFT', 'EXCLUDED', 'DECEASED', 'MERGED', 'left', ' LEFT', '-'],
  left_on: [null, '', '2024-01-31', '-', '2024-02-30', TODAY, dayAfter(TODAY)],
  exit_reason: [
    null,
    '',
    ' ',
    '-',
    'по собственному желанию',
    ' по собственному желанию',
    'по  собственному',
    'П'.repeat(1000),
    'П'.repeat(1001),
    '😀'.repeat(500),
    '😀'.repeat(501),
  ],
  transferred_on: [null, '', '2024-01-31', '-', '2019-01-01', dayAfter(TODAY)],
};

/** A `-` and an empty cell in every column, and exits: rows of updates as much as of new records. */
function dashesAndExits(): Row[] {
  const rows: Row[] = [];
  for (const column of MEMBER_IMPORT_COLUMNS)
    rows.push({ ...BASE, [column]: '-' }, { ...BASE, [column]: '' }, { ...BASE, [column]: ' - ' });
  rows.push(
    { ...BASE, middle_name: '-', phone: '-', email: '-', sex: '-', position: '-', bonus_consent: '-' },
    { ...BASE, snils: '-' },
    { ...BASE, registration_number: null, snils: '-' },
  );
  const exits: Row[] = [];
  for (const status of ['LEFT', 'EXCLUDED', 'DECEASED', 'ACTIVE', null]) {
    for (const leftOn of [null, '', '2024-01-31', '2020-08-31', '2020-09-01', TODAY, dayAfter(TODAY)]) {
      for (const exitReason of [null, '', 'исключён за неуплату взносов', ' причина ']) {
        for (const transferredOn of [null, '2024-01-31'])
          exits.push({ ...BASE, status, left_on: leftOn, exit_reason: exitReason, transferred_on: transferredOn });
      }
    }
  }
  return [...rows, ...exits, ...exits.map((row) => ({ ...row, phone: '-', guardian_name: '-', email: null }))];
}

/** Rows to try: each value in the base row, minors with and without a guardian, rows without a registration number. */
function table(): Row[] {
  const rows: Row[] = [BASE];
  for (const [column, values] of Object.entries(VALUES)) {
    for (const value of values ?? []) rows.push({ ...BASE, [column]: value });
  }
  for (const guardian of [null, '', 'Сидорова Анна Петровна', ' ']) {
    for (const birth of [
      bornAged(13),
      bornAged(14, true),
      bornAged(14),
      bornAged(17),
      bornAged(18),
      bornAged(18, true),
      bornAged(120),
      bornAged(121, true),
    ])
      rows.push({ ...BASE, birth_date: birth, guardian_name: guardian });
  }
  for (const snils of [null, '', ' ', snilsFor(100_000_005)]) rows.push({ ...BASE, registration_number: null, snils });
  return rows;
}

/** Random rows: pieces of good values, odd characters and white space, mixed. */
function fuzz(count: number, seed: number): Row[] {
  let state = seed;
  const random = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const pieces = [
    'а',
    'Я',
    'ё',
    'Z',
    'é',
    'ß',
    'Ω',
    '-',
    "'",
    '.',
    ' ',
    '  ',
    '\t',
    '\u00a0',
    '\u3000',
    '1',
    '0',
    '9',
    '+',
    '(',
    ')',
    '@',
    '7',
    '8',
    ',',
    '"',
    '/',
    '①',
    '٣',
    '😀',
    '\u200b',
  ];
  const rows: Row[] = [];
  for (let index = 0; index < count; index += 1) {
    const row: Row = { ...BASE };
    for (const column of MEMBER_IMPORT_COLUMNS) {
      const roll = random();
      if (roll < 0.55) continue;
      const good = pick(VALUES[column] ?? [BASE[column] ?? null]);
      if (roll < 0.75) row[column] = good;
      else {
        // By code point: half a surrogate pair is no text at all.
        const base = Array.from(good ?? '');
        const at = Math.floor(random() * (base.length + 1));
        row[column] = [...base.slice(0, at), pick(pieces), ...base.slice(at + (random() < 0.5 ? 1 : 0))].join('');
      }
    }
    rows.push(row);
  }
  return rows;
}

interface Judged {
  row: Row;
  sql: (StagedRow & { valid: boolean }) | null;
  js: { staged: StagedRow; problems: unknown[] };
}

/** Runs rows through the SQL fast path (in a transaction that is rolled back) and through the rules. */
async function judge(
  rows: readonly Row[],
  columns: readonly MemberImportColumn[] = MEMBER_IMPORT_COLUMNS,
): Promise<Judged[]> {
  const header = readHeader([...columns]);
  if ('problem' in header) throw new Error(header.problem);
  const results = new Map<number, StagedRow & { valid: boolean }>();
  await world.orm.em
    .fork()
    .transactional(async (tx) => {
      const client = await transactionClient(tx, 'judge');
      await createStagingTables(client);
      await client.query(
        `insert into pg_temp.member_import_row (${columns.join(', ')})
         select ${columns.map((column) => `x->>'${column}'`).join(', ')} from jsonb_array_elements($1::jsonb) with ordinality as r(x, n) order by n`,
        [JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? null]))))],
      );
      await client.query(fastCheckSql(), [Number(TODAY.replace(/-/g, ''))]);
      const checked = await client.query<
        Record<string, string | boolean | string[] | null> & { ord: string; valid: boolean }
      >(
        `select ord, valid, registration_number, organization_code, last_name, first_name, middle_name, to_char(birth_date, 'YYYY-MM-DD') as birth_date,
                sex::text as sex, phone, email, snils::text as snils, category, position, to_char(joined_on, 'YYYY-MM-DD') as joined_on, consent_version,
                bonus_consent, guardian_name, status, to_char(left_on, 'YYYY-MM-DD') as left_on, exit_reason,
                to_char(transferred_on, 'YYYY-MM-DD') as transferred_on, cleared
           from pg_temp.member_import_checked`,
      );
      for (const found of checked.rows) {
        const text = (column: string): string | null => {
          const value = found[column];
          return typeof value === 'string' ? value : null;
        };
        results.set(Number(found.ord), {
          valid: found.valid,
          registrationNumber: text('registration_number'),
          organizationCode: text('organization_code'),
          lastName: text('last_name'),
          firstName: text('first_name'),
          middleName: text('middle_name'),
          birthDate: text('birth_date'),
          sex: text('sex'),
          phone: text('phone'),
          email: text('email'),
          snils: text('snils'),
          category: text('category'),
          position: text('position'),
          joinedOn: text('joined_on'),
          consentVersion: text('consent_version'),
          bonusConsent: typeof found['bonus_consent'] === 'boolean' ? found['bonus_consent'] : null,
          guardianName: text('guardian_name'),
          status: text('status'),
          leftOn: text('left_on'),
          exitReason: text('exit_reason'),
          transferredOn: text('transferred_on'),
          cleared: Array.isArray(found['cleared']) ? found['cleared'] : null,
        });
      }
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return rows.map((row, index) => {
    // What csv-parse gave the rules: every given cell a string, empty for nothing.
    const raw: RawRow = Object.fromEntries(columns.map((column) => [column, row[column] ?? '']));
    return { row, sql: results.get(index + 1) ?? null, js: checkRow(raw, TODAY) };
  });
}

class RolledBack extends Error {}

/** Rows the fast path took that the rules refuse or normalize otherwise: must be none. */
function disagreements(judged: readonly Judged[]): { row: Row; sql: unknown; js: unknown }[] {
  return judged
    .filter(
      ({ sql, js }) =>
        sql?.valid === true &&
        (js.problems.length > 0 ||
          JSON.stringify({ ...sql, valid: undefined }) !== JSON.stringify({ ...js.staged, valid: undefined })),
    )
    .map(({ row, sql, js }) => ({ row, sql, js }));
}

describe('the SQL fast path of the import and the rules of admission', () => {
  it('takes only letters that are letters to the rules, and sees white space as JavaScript does', () => {
    for (const [from, to] of FAST_LETTERS) {
      for (let code = from; code <= to; code += 1)
        expect([code, /^\p{L}$/u.test(String.fromCodePoint(code))]).toEqual([code, true]);
    }
    const inRanges = (code: number): boolean => JS_WHITE_SPACE.some(([from, to]) => code >= from && code <= to);
    for (let code = 0; code <= 0xffff; code += 1)
      expect([code, inRanges(code)]).toEqual([code, /\s/.test(String.fromCharCode(code))]);
  });

  it('accepts no row the rules refuse, and normalizes as they do: a table of good and bad values', async () => {
    const judged = await judge(table());
    expect(disagreements(judged)).toEqual([]);
    // Rows the rules refuse are left to them; rows the fast path leaves are only a few of the good ones.
    const accepted = judged.filter(({ sql }) => sql?.valid).length;
    const good = judged.filter(({ js }) => js.problems.length === 0).length;
    expect(accepted).toBeGreaterThan(good * 0.6);
  });

  it('takes the usual shapes of a members list', async () => {
    const usual: Row[] = [
      BASE,
      { ...BASE, phone: '8 (916) 123-45-67', email: 'Maria@Example.RU', snils: '112-233-445 95' },
      {
        ...BASE,
        registration_number: null,
        last_name: 'Ёлкина-Сидорова',
        middle_name: null,
        sex: null,
        phone: null,
        email: null,
        position: null,
        bonus_consent: null,
      },
      {
        ...BASE,
        last_name: "O'Brien",
        first_name: 'Mary Ann',
        category: 'STUDENT',
        birth_date: bornAged(16),
        guardian_name: 'Сидорова Анна Петровна',
      },
      {
        ...BASE,
        category: 'NON_WORKING_PENSIONER',
        birth_date: '1950-02-28',
        bonus_consent: '1',
        snils: '00100199800',
      },
    ];
    const judged = await judge(usual);
    expect(judged.map(({ sql }) => sql?.valid)).toEqual(usual.map(() => true));
    expect(disagreements(judged)).toEqual([]);
  });

  it('judges `-`, empty cells and exits alike: what the fast path takes, the rules take with the same values and cleared fields', async () => {
    const rows = dashesAndExits();
    const judged = await judge(rows);
    expect(disagreements(judged)).toEqual([]);
    // The usual exit rows and clearing `-` stay on the fast path.
    const fast = (row: Row): boolean | undefined => judged.find((item) => item.row === row)?.sql?.valid;
    const usual = rows.filter(
      (row) =>
        row.status === 'LEFT' &&
        row.left_on === '2024-01-31' &&
        row.exit_reason === null &&
        row.transferred_on === null,
    );
    expect(usual.map(fast)).toEqual(usual.map(() => true));
    const cleared = judged.find(({ row }) => row.middle_name === '-' && row.phone === '-');
    expect(cleared?.sql).toMatchObject({
      valid: true,
      middleName: null,
      phone: null,
      bonusConsent: false,
      cleared: ['middle_name', 'sex', 'phone', 'email', 'position'],
    });
    // Rows the rules refuse are refused by both (the fast path leaves them), the rules naming the column.
    const dashed = judged.find(({ row }) => row.last_name === '-');
    expect(dashed?.js.problems).toEqual([
      { field: 'last_name', code: 'BAD_USER_INPUT', message: "'-' clears an optional field; last_name is required" },
    ]);
    expect(dashed?.sql?.valid).toBe(false);
  });

  it('accepts no row the rules refuse: random rows, and files without the optional columns', async () => {
    expect(disagreements(await judge(fuzz(3_000, 20_261_124)))).toEqual([]);
    const columns = MEMBER_IMPORT_COLUMNS.filter(
      (column) => !['phone', 'email', 'bonus_consent', 'guardian_name', 'registration_number'].includes(column),
    );
    expect(disagreements(await judge([...table(), ...fuzz(500, 7)], columns))).toEqual([]);
  });
});
