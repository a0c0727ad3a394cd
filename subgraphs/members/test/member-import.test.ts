import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberImportOutcome } from '../src/services/member-import';
import { errorReportCsv, importMembers, MEMBER_IMPORT_COLUMNS } from '../src/services/member-import';
import type { ImportWorld, MemberRow } from './import-fixtures';
import {
  BASE_ROW,
  chunked,
  csvFile,
  csvRow,
  generateMembersFile,
  HEADER,
  openImportWorld,
  snilsFor,
} from './import-fixtures';

let world: ImportWorld;
beforeAll(async () => {
  world = await openImportWorld();
});
afterAll(() => world.close());

const ACTOR = 'test-importer';
const today = new Date().toISOString().slice(0, 10);

const run = (
  source: string | AsyncIterable<Buffer>,
  onProgress?: (rows: number) => void,
): Promise<MemberImportOutcome> =>
  importMembers(world.orm.em.fork(), { actor: ACTOR, source, ...(onProgress ? { onProgress } : {}) });

const problems = (outcome: MemberImportOutcome) =>
  outcome.errors.map((error) => [error.line, error.field, error.errorCode]);

const countOf = (table: string, where = 'true') =>
  world.scalar(`select count(*) as n from members.${table} where ${where}`);

/** Definitions of the indexes and constraints of the member tables, and of the foreign keys pointing at them. */
const indexesAndKeys = async (): Promise<string[]> => {
  const rows = await world.orm.em.fork().execute<{ definition: string }[]>(
    `select pg_get_indexdef(indexrelid) as definition from pg_index
      where indrelid in ('members.member'::regclass, 'members.membership_period'::regclass, 'members.membership_event'::regclass)
     union all
     select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated from pg_constraint
      where conrelid in ('members.member'::regclass, 'members.membership_period'::regclass, 'members.membership_event'::regclass)
         or confrelid in ('members.member'::regclass, 'members.membership_period'::regclass, 'members.membership_event'::regclass)
     order by 1`,
  );
  return rows.map((row) => row.definition);
};

/** Four people of three organizations: a legacy number, a minor with a guardian, a pensioner, no SNILS. */
const LIST = csvFile([
  csvRow({ registration_number: '0000500000' }),
  csvRow({
    organization_code: 'P77-2',
    last_name: 'Сидоров',
    first_name: 'Пётр',
    middle_name: '',
    birth_date: '2008-03-01',
    sex: 'M',
    email: '',
    snils: snilsFor(100_000_001),
    category: 'STUDENT',
    joined_on: '2024-09-01',
    bonus_consent: '',
    guardian_name: 'Сидорова Анна Петровна',
  }),
  csvRow({
    organization_code: 'P50-1',
    last_name: 'Орлова',
    first_name: 'Нина',
    birth_date: '1955-01-02',
    snils: snilsFor(100_000_002),
    category: 'NON_WORKING_PENSIONER',
    bonus_consent: '1',
  }),
  csvRow({
    registration_number: 'ЛЕГ-17',
    last_name: 'Ким',
    first_name: 'Ольга',
    middle_name: '',
    birth_date: '1985-12-31',
    snils: '',
    email: '',
    phone: '',
  }),
]);

describe('bulk import of members from CSV', () => {
  it('loads a list: records, open periods, IMPORTED events and one member.imported outbox row', async () => {
    const seen: number[] = [];
    const outcome = await run(LIST, (rows) => seen.push(rows));
    expect(outcome).toEqual({ rows: 4, created: 4, updated: 0, unchanged: 0, errors: [] });
    expect(seen.at(-1)).toBe(4);

    const members = await world.orm.em.fork().execute<
      {
        registration_number: string;
        last_name: string;
        organization_id: string;
        bonus_consent: boolean;
        guardian_name: string | null;
        snils: string | null;
        phone: string | null;
      }[]
    >('select registration_number, last_name, organization_id, bonus_consent, guardian_name, snils, phone from members.member order by registration_number');
    // The file's own number in the sequence's shape pushes the sequence past it.
    expect(members.map((m) => [m.registration_number, m.last_name])).toEqual([
      ['0000500000', 'Петрова'],
      ['0000500001', 'Сидоров'],
      ['0000500002', 'Орлова'],
      ['ЛЕГ-17', 'Ким'],
    ]);
    expect(members[0]).toMatchObject({
      organization_id: world.org('P77-1'),
      bonus_consent: true,
      snils: '11223344595',
      phone: '+79161234567',
    });
    expect(members[1]).toMatchObject({
      organization_id: world.org('P77-2'),
      bonus_consent: false,
      guardian_name: 'Сидорова Анна Петровна',
    });

    expect(
      await countOf(
        'membership_period',
        `valid_to is null and valid_from = (select joined_on from members.member m where m.id = member_id)`,
      ),
    ).toBe(4);
    expect(await countOf('membership_event', `kind = 'IMPORTED' and actor = '${ACTOR}'`)).toBe(4);
    // One outbox event for the whole import, not one per member (docs/events.md).
    const imported = await world.orm.em
      .fork()
      .execute<{ payload: Record<string, unknown>; aggregate_id: string }[]>(
        `select payload, aggregate_id from members.outbox_event where type = 'member.imported'`,
      );
    expect(imported).toEqual([
      {
        aggregate_id: expect.any(String),
        payload: {
          version: 1,
          importId: imported[0]?.aggregate_id,
          created: 4,
          occurredOn: today,
          actor: ACTOR,
          source: 'import',
        },
      },
    ]);
    expect(await countOf('outbox_event', `type = 'member.admitted'`)).toBe(0);
  });

  it('changes nothing when the same list comes again, as a string or as an upload stream', async () => {
    const before = await Promise.all([
      countOf('membership_event'),
      countOf('outbox_event'),
      countOf('membership_period'),
    ]);
    const stamp = await world.scalar('select extract(epoch from max(updated_at)) as n from members.member');
    expect(await run(LIST)).toEqual({ rows: 4, created: 0, updated: 0, unchanged: 4, errors: [] });
    expect(await run(chunked(LIST, 7))).toEqual({ rows: 4, created: 0, updated: 0, unchanged: 4, errors: [] });
    expect(
      await Promise.all([countOf('membership_event'), countOf('outbox_event'), countOf('membership_period')]),
    ).toEqual(before);
    expect(await world.scalar('select extract(epoch from max(updated_at)) as n from members.member')).toBe(stamp);
  });

  it('updates changed records; a new organization is a transfer today, a withdrawn bonus consent is announced', async () => {
    const changed = csvFile([
      csvRow({ registration_number: '0000500000', phone: '8 (916) 765-43-21' }),
      csvRow({
        registration_number: '0000500001',
        organization_code: 'P77-1',
        last_name: 'Сидоров',
        first_name: 'Пётр',
        middle_name: '',
        birth_date: '2008-03-01',
        sex: 'M',
        email: '',
        snils: snilsFor(100_000_001),
        category: 'STUDENT',
        joined_on: '2024-09-01',
        bonus_consent: '',
        guardian_name: 'Сидорова Анна Петровна',
      }),
      // Found by SNILS (no number given): only the bonus consent changes.
      csvRow({
        organization_code: 'P50-1',
        last_name: 'Орлова',
        first_name: 'Нина',
        birth_date: '1955-01-02',
        snils: snilsFor(100_000_002),
        category: 'NON_WORKING_PENSIONER',
        bonus_consent: 'false',
      }),
      csvRow({
        registration_number: 'ЛЕГ-17',
        last_name: 'Ким',
        first_name: 'Ольга',
        middle_name: '',
        birth_date: '1985-12-31',
        snils: '',
        email: '',
        phone: '',
      }),
    ]);
    expect(await run(changed)).toEqual({ rows: 4, created: 0, updated: 3, unchanged: 1, errors: [] });
    expect(await world.scalar(`select count(*) as n from members.member where phone = '+79167654321'`)).toBe(1);

    const periods = await world.orm.em.fork().execute<{ organization_id: string; from: string; to: string | null }[]>(
      `select p.organization_id, to_char(p.valid_from, 'YYYY-MM-DD') as from, to_char(p.valid_to, 'YYYY-MM-DD') as to
         from members.membership_period p join members.member m on m.id = p.member_id
        where m.registration_number = '0000500001' order by p.id`,
    );
    expect(periods).toEqual([
      { organization_id: world.org('P77-2'), from: '2024-09-01', to: today },
      { organization_id: world.org('P77-1'), from: today, to: null },
    ]);
    expect(
      await countOf(
        'membership_event',
        `kind = 'TRANSFERRED' and from_organization_id = '${world.org('P77-2')}' and actor = '${ACTOR}'`,
      ),
    ).toBe(1);
    const outbox = await world.orm.em
      .fork()
      .execute<{ type: string; payload: Record<string, unknown> }[]>(
        `select type, payload from members.outbox_event where type <> 'member.imported' order by id`,
      );
    expect(outbox).toEqual([
      {
        type: 'member.transferred',
        payload: expect.objectContaining({
          version: 1,
          organizationId: world.org('P77-1'),
          fromOrganizationId: world.org('P77-2'),
          occurredOn: today,
          actor: ACTOR,
        }),
      },
      {
        type: 'member.bonus_consent_withdrawn',
        payload: expect.objectContaining({ version: 1, occurredOn: today, actor: ACTOR }),
      },
    ]);
    expect(await run(changed)).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
  });

  it('reports each bad row by line, field and code, and loads the good ones', async () => {
    const members = await countOf('member');
    const file = [
      HEADER,
      csvRow({ last_name: 'Новикова', first_name: 'Алла', snils: '112-233-445 96' }),
      csvRow({ last_name: 'Новикова', first_name: 'Вера', birth_date: '2031-01-01', snils: snilsFor(100_000_010) }),
      csvRow({ last_name: 'Новикова', first_name: 'Галина', birth_date: '2010-01-01', snils: snilsFor(100_000_011) }),
      csvRow({ last_name: 'Новикова', first_name: 'Дарья', organization_code: 'P00-0', snils: snilsFor(100_000_012) }),
      csvRow({ last_name: 'Новикова', first_name: 'Елена', organization_code: 'T77', snils: snilsFor(100_000_013) }),
      csvRow({ last_name: 'Новикова', first_name: 'Жанна', organization_code: 'P77-9', snils: snilsFor(100_000_014) }),
      csvRow({ last_name: 'Новикова', first_name: 'Зоя', consent_version: '', snils: snilsFor(100_000_015) }),
      // 16 on the day of joining, without a guardian.
      csvRow({ last_name: 'Новикова', first_name: 'Инна', birth_date: '2004-01-01', snils: snilsFor(100_000_016) }),
      csvRow({ last_name: '', snils: snilsFor(100_000_017) }),
      csvRow({ last_name: 'Щ'.repeat(101), snils: snilsFor(100_000_018) }),
      // Good: loaded.
      csvRow({ registration_number: 'N-1', last_name: 'Белкина', snils: snilsFor(100_000_019) }),
      csvRow({ registration_number: 'N-1', last_name: 'Белкина', first_name: 'Анна', snils: snilsFor(100_000_020) }),
      csvRow({ last_name: 'Белкина', first_name: 'Юлия', snils: snilsFor(100_000_019) }),
      csvRow({ registration_number: '', last_name: 'Белкина', first_name: 'Вера', snils: '' }),
      // The SNILS of Петрова, active under 0000500000, on a new number.
      csvRow({ registration_number: 'N-2', last_name: 'Петрова', first_name: 'Анна' }),
      'N-3,P77-1,Лишняя',
      '',
      // Good, with a position over two lines: the next row's line number counts both.
      csvRow({
        registration_number: 'N-4',
        last_name: 'Белкина',
        first_name: 'Зоя',
        snils: snilsFor(100_000_021),
        position: 'учитель,\nзавуч',
      }),
      csvRow({
        registration_number: 'N-5',
        last_name: 'Белкина',
        first_name: 'Ия',
        snils: snilsFor(100_000_022),
        joined_on: '2999-01-01',
        bonus_consent: 'yes',
      }),
      // The person of line 19 again, written in capitals, under another number and SNILS.
      csvRow({
        registration_number: 'N-6',
        last_name: 'БЕЛКИНА',
        first_name: 'ЗОЯ',
        middle_name: 'ИВАНОВНА',
        snils: snilsFor(100_000_024),
      }),
    ].join('\n');
    const outcome = await run(file);
    expect(problems(outcome)).toEqual([
      [2, 'snils', 'INVALID_SNILS'],
      [3, 'birth_date', 'BAD_USER_INPUT'],
      [4, 'birth_date', 'BAD_USER_INPUT'],
      [5, 'organization_code', 'NOT_FOUND'],
      [6, 'organization_code', 'INVALID_HIERARCHY'],
      [7, 'organization_code', 'INVALID_STATE'],
      [8, 'consent_version', 'CONSENT_REQUIRED'],
      [9, 'guardian_name', 'CONSENT_REQUIRED'],
      [10, 'last_name', 'BAD_USER_INPUT'],
      [11, 'last_name', 'BAD_USER_INPUT'],
      [13, 'registration_number', 'ALREADY_EXISTS'],
      [14, 'snils', 'ALREADY_EXISTS'],
      [15, 'registration_number', 'BAD_USER_INPUT'],
      [16, 'snils', 'DUPLICATE_PERSON'],
      [17, 'row', 'BAD_USER_INPUT'],
      [21, 'joined_on', 'BAD_USER_INPUT'],
      [21, 'bonus_consent', 'BAD_USER_INPUT'],
      [22, 'last_name', 'DUPLICATE_PERSON'],
    ]);
    expect(outcome).toMatchObject({ rows: 19, created: 2, updated: 0, unchanged: 0 });
    expect(outcome.errors.find((error) => error.line === 22)?.message).toBe(
      'the same person (full name and birth date) is already on line 19',
    );
    expect(outcome.errors.find((error) => error.line === 13)).toMatchObject({
      registrationNumber: 'N-1',
      message: 'registration number N-1 is already on line 12',
    });
    expect(outcome.errors.find((error) => error.line === 16)?.message).toBe(
      'this person is already an active member (registration number 0000500000)',
    );
    expect(await countOf('member')).toBe(members + 2);
    expect(
      await world.scalar(
        `select count(*) as n from members.member where registration_number in ('N-1', 'N-4') and last_name = 'Белкина'`,
      ),
    ).toBe(2);
  });

  it('refuses records the registry holds differently: no longer active, another date of joining', async () => {
    await world.orm.em.fork().execute(
      // A record and its period change together: the database checks that status and open period agree.
      `with gone as (update members.member set status = 'LEFT', status_changed_on = current_date where registration_number = 'ЛЕГ-17' returning id)
       update members.membership_period set valid_to = current_date where member_id in (select id from gone) and valid_to is null`,
    );
    const outcome = await run(
      csvFile([
        csvRow({
          registration_number: 'ЛЕГ-17',
          last_name: 'Ким',
          first_name: 'Ольга',
          middle_name: '',
          birth_date: '1985-12-31',
          snils: '',
          email: '',
          phone: '',
        }),
        csvRow({ registration_number: '0000500000', joined_on: '2019-09-01' }),
      ]),
    );
    expect(problems(outcome)).toEqual([
      [2, 'registration_number', 'INVALID_STATE'],
      [3, 'joined_on', 'BAD_USER_INPUT'],
    ]);
    expect(outcome).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 0 });
  });

  it('keeps what the registry knows of columns the file leaves out, and creates records without them', async () => {
    const columns = MEMBER_IMPORT_COLUMNS.filter(
      (column) => !['phone', 'email', 'position', 'bonus_consent'].includes(column),
    );
    const line = (row: MemberRow) => columns.map((column) => row[column] ?? BASE_ROW[column]).join(',');
    const outcome = await run(
      [
        columns.join(','),
        line({ registration_number: '0000500000' }),
        line({ registration_number: 'O-1', last_name: 'Кравец', snils: snilsFor(100_000_050) }),
      ].join('\n'),
    );
    expect(outcome).toEqual({ rows: 2, created: 1, updated: 0, unchanged: 1, errors: [] });
    const [kept, created] = await world.orm.em
      .fork()
      .execute<{ phone: string | null; position: string | null; bonus_consent: boolean }[]>(
        `select phone, position, bonus_consent from members.member where registration_number in ('0000500000', 'O-1') order by registration_number`,
      );
    expect(kept).toEqual({ phone: '+79167654321', position: 'учитель', bonus_consent: true });
    expect(created).toEqual({ phone: null, position: null, bonus_consent: false });
  });

  it.each([
    ['an unknown column', `${HEADER},notes`, 'unexpected "notes"'],
    ['a missing required column', HEADER.replace(',consent_version', ''), 'missing consent_version'],
    ['columns out of order', HEADER.replace('last_name,first_name', 'first_name,last_name'), 'out of order'],
    // Issue 12: a file without either key column answered one identical error per row.
    [
      'neither registration_number nor snils',
      HEADER.replace('registration_number,', '').replace(',snils', ''),
      'missing registration_number or snils (each row needs one of them)',
    ],
    ['nothing at all (an empty file)', '', 'the file is empty'],
  ])('refuses a header with %s: one error on line 1, nothing loaded', async (_case, header, message) => {
    const members = await countOf('member');
    const outcome = await run(header === '' ? '' : `${header}\n${csvRow({ registration_number: 'H-1', snils: '' })}`);
    expect(outcome.errors).toEqual([
      expect.objectContaining({ line: 1, field: 'header', errorCode: 'BAD_USER_INPUT' }),
    ]);
    expect(outcome.errors[0]?.message).toContain(message);
    expect(outcome).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(await countOf('member')).toBe(members);
  });

  it('loads nothing from a file that stops being CSV, and says where', async () => {
    const members = await countOf('member');
    const outcome = await run(
      csvFile([
        csvRow({ registration_number: 'Q-1', last_name: 'Фомина', snils: snilsFor(100_000_030) }),
        'Q-2,P77-1,"Фомина',
      ]),
    );
    expect(outcome.errors.map((error) => [error.field, error.errorCode])).toEqual([['file', 'BAD_USER_INPUT']]);
    expect(outcome).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(await countOf('member')).toBe(members);
  });

  it('keeps a character whose UTF-16 halves fall on both sides of a slice of a long string source', async () => {
    const row = (position: string) =>
      csvRow({ registration_number: 'S-1', last_name: 'Тихонова', snils: snilsFor(100_000_040), position });
    const start = `${HEADER}\n${row('\u0001')}`.indexOf('\u0001');
    // Empty lines (skipped) push the emoji's first half to index 65535, the last of the first 64 Ki-character slice.
    const file = `${HEADER}\n${'\n'.repeat(65_535 - start)}${row('😀 учитель')}`;
    expect(file.charCodeAt(65_535)).toBe('😀'.charCodeAt(0));
    expect(await run(file)).toMatchObject({ created: 1, errors: [] });
    expect(
      await world.scalar(
        `select count(*) as n from members.member where registration_number = 'S-1' and position = ?`,
        ['😀 учитель'],
      ),
    ).toBe(1);
  });

  it('writes the error report as CSV with quoting', () => {
    const report = errorReportCsv([
      {
        line: 7,
        registrationNumber: null,
        field: 'last_name',
        errorCode: 'BAD_USER_INPUT',
        message: 'expected letters, got "a,b"',
      },
      { line: 9, registrationNumber: 'N-1', field: 'row', errorCode: 'BAD_USER_INPUT', message: 'two\nlines' },
    ]);
    expect(report).toBe(
      'line,registration_number,field,error_code,message\r\n7,,last_name,BAD_USER_INPUT,"expected letters, got ""a,b"""\r\n9,N-1,row,BAD_USER_INPUT,"two\nlines"\r\n',
    );
  });

  it('reads Windows files and rows the SQL checks leave to the rules; reports rows that are not text', async () => {
    const file = Buffer.concat([
      Buffer.from(`\ufeff${HEADER}\r\n`),
      // Greek letters and a no-break space: the SQL checks leave them to the rules, which take them.
      Buffer.from(
        `${csvRow({ registration_number: 'W-1', last_name: 'Ωμέγα', snils: snilsFor(100_000_060), position: ' учитель\u00a0 физики' })}\r\n`,
      ),
      Buffer.from(
        `${csvRow({ registration_number: 'W-2', last_name: 'Нуль\u0000', snils: snilsFor(100_000_061) })}\r\n`,
      ),
      Buffer.from(csvRow({ registration_number: 'W-3', snils: snilsFor(100_000_062) }).replace('Петрова', 'Пет')),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from(
        `\r\n\r\n${csvRow({ registration_number: 'W-4', last_name: 'Уэйн', first_name: 'Ἀλέξανδρος', snils: snilsFor(100_000_063) })}`,
      ),
    ]);
    async function* upload(): AsyncGenerator<Buffer> {
      for (let start = 0; start < file.length; start += 50) yield file.subarray(start, start + 50);
    }
    const outcome = await run(upload());
    expect(outcome.errors.map((error) => [error.line, error.registrationNumber, error.field, error.message])).toEqual([
      [3, null, 'row', 'a cell contains a NUL character'],
      [4, 'W-3', 'row', 'the row is not UTF-8 text'],
    ]);
    expect(outcome).toMatchObject({ rows: 4, created: 2, updated: 0, unchanged: 0 });
    const loaded = await world.orm.em
      .fork()
      .execute<{ registration_number: string; last_name: string; first_name: string; position: string | null }[]>(
        `select registration_number, last_name, first_name, position from members.member where registration_number in ('W-1', 'W-4') order by 1`,
      );
    expect(loaded).toEqual([
      { registration_number: 'W-1', last_name: 'Ωμέγα', first_name: 'Мария', position: 'учитель физики' },
      { registration_number: 'W-4', last_name: 'Уэйн', first_name: 'Ἀλέξανδρος', position: 'учитель' },
    ]);
  });

  it('finds twins of active members also when the file outgrows the registry (indexes built after the load)', async () => {
    const members = await countOf('member');
    const newcomers = Array.from({ length: 2 * members }, (_, k) =>
      csvRow({
        registration_number: `T-${k}`,
        last_name: 'Тарасова',
        first_name: 'Нина',
        middle_name: `Петровна${'абвгдежзик'[k % 10]}${'абвгдежзик'[Math.floor(k / 10) % 10]}`,
        snils: snilsFor(100_000_100 + k),
      }),
    );
    const outcome = await run(
      csvFile([
        ...newcomers,
        // Орлова of the first list, under a new number and SNILS; Петрова's SNILS on someone else.
        csvRow({
          registration_number: 'T-X',
          organization_code: 'P50-1',
          last_name: 'ОРЛОВА',
          first_name: 'нина',
          middle_name: 'ИВАНОВНА',
          birth_date: '1955-01-02',
          snils: snilsFor(100_000_099),
          category: 'NON_WORKING_PENSIONER',
        }),
        csvRow({ registration_number: 'T-Y', last_name: 'Иная', first_name: 'Ирина' }),
      ]),
    );
    expect(
      outcome.errors.map((error) => [error.registrationNumber, error.field, error.errorCode, error.message]),
    ).toEqual([
      [
        'T-X',
        'last_name',
        'DUPLICATE_PERSON',
        'this person is already an active member (registration number 0000500002)',
      ],
      ['T-Y', 'snils', 'DUPLICATE_PERSON', 'this person is already an active member (registration number 0000500000)'],
    ]);
    expect(outcome.created).toBe(newcomers.length);
    expect(await countOf('member')).toBe(members + newcomers.length);
  });

  it('loads a generated 100,000-row file and reports exactly its bad rows', async () => {
    const file = generateMembersFile(100_000);
    const members = await countOf('member');
    const schema = await indexesAndKeys();
    const started = performance.now();
    const outcome = await run(chunked(file.csv, 64 * 1024));
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `member import: 100,000 rows in ${seconds.toFixed(2)} s, ${Math.round(100_000 / seconds).toLocaleString('en')} rows/s`,
    );
    expect(outcome).toMatchObject({ rows: 100_000, created: file.good, updated: 0, unchanged: 0 });
    expect(
      outcome.errors.map((error) => ({ line: error.line, field: error.field, errorCode: error.errorCode })),
    ).toEqual(file.bad);
    expect(await countOf('member')).toBe(members + file.good);
    // The file more than doubles the registry: indexes and keys were dropped and built again, as they were.
    expect(await indexesAndKeys()).toEqual(schema);
    const outbox = await countOf('outbox_event');
    expect(
      await countOf('outbox_event', `type = 'member.imported' and (payload->>'created')::int = ${file.good}`),
    ).toBe(1);

    const again = await run(file.csv);
    expect(again).toMatchObject({ rows: 100_000, created: 0, updated: 0, unchanged: file.good });
    expect(again.errors).toHaveLength(file.bad.length);
    expect(await countOf('outbox_event')).toBe(outbox);
  }, 60_000);
});
