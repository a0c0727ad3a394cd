/**
 * Issue 12: updates by import. A refused row does not stand for its person in the file's
 * duplicate grouping; on an update an empty cell keeps the registry's value and `-` clears an
 * optional field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberImportOutcome } from '../src/services/member-import';
import { importMembers } from '../src/services/member-import';
import type { ImportWorld } from './import-fixtures';
import { csvFile, csvRow, openImportWorld } from './import-fixtures';

let world: ImportWorld;
beforeAll(async () => {
  world = await openImportWorld();
});
afterAll(() => world.close());

const run = (source: string): Promise<MemberImportOutcome> =>
  importMembers(world.orm.em.fork(), { actor: 'test-importer', source });
const problems = (outcome: MemberImportOutcome) =>
  outcome.errors.map((error) => [error.line, error.field, error.errorCode]);

interface Person {
  middle_name: string | null;
  phone: string | null;
  email: string | null;
  snils: string | null;
  position: string | null;
  sex: string | null;
  bonus_consent: boolean;
}
const person = async (registrationNumber: string): Promise<Person | undefined> => {
  const [row] = await world.orm.em
    .fork()
    .execute<Person[]>(
      'select middle_name, phone, email, snils, position, sex, bonus_consent from members.member where registration_number = ?',
      [registrationNumber],
    );
  return row;
};

describe('updates by import', () => {
  it('loads the member the later tests update', async () => {
    expect(await run(csvFile([csvRow({ registration_number: 'U-1' })]))).toMatchObject({ created: 1, errors: [] });
  });

  it('a refused row does not block a later valid row for the same person', async () => {
    const outcome = await run(
      csvFile([
        // Refused by the database (no such organization): it is no row of this person.
        csvRow({ registration_number: 'U-1', organization_code: 'P99-404', position: 'завуч' }),
        csvRow({ registration_number: 'U-1', position: 'завуч' }),
      ]),
    );
    expect(problems(outcome)).toEqual([[2, 'organization_code', 'NOT_FOUND']]);
    expect(outcome).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect((await person('U-1'))?.position).toBe('завуч');
  });

  it('an empty cell on an update keeps the field, so a list without SNILS does not wipe them', async () => {
    const outcome = await run(
      csvFile([
        csvRow({
          registration_number: 'U-1',
          snils: '',
          phone: '',
          email: '',
          middle_name: '',
          position: '',
          sex: '',
          bonus_consent: '',
        }),
      ]),
    );
    expect(outcome).toEqual({ rows: 1, created: 0, updated: 0, unchanged: 1, errors: [] });
    expect(await person('U-1')).toEqual({
      middle_name: 'Ивановна',
      phone: '+79161234567',
      email: 'maria@example.ru',
      snils: '11223344595',
      position: 'завуч',
      sex: 'F',
      bonus_consent: true,
    });
  });

  it('a `-` clears an optional field on an update', async () => {
    const outcome = await run(
      csvFile([
        csvRow({
          registration_number: 'U-1',
          phone: '-',
          email: ' - ',
          middle_name: '-',
          position: '-',
          sex: '-',
          bonus_consent: '-',
        }),
      ]),
    );
    expect(outcome).toEqual({ rows: 1, created: 0, updated: 1, unchanged: 0, errors: [] });
    expect(await person('U-1')).toEqual({
      middle_name: null,
      phone: null,
      email: null,
      snils: '11223344595',
      position: null,
      sex: null,
      bonus_consent: false,
    });
    expect(await run(csvFile([csvRow({ registration_number: 'U-1', snils: '-' })]))).toMatchObject({
      updated: 1,
      errors: [],
    });
    expect((await person('U-1'))?.snils).toBeNull();
  });

  it('a `-` in a required column is a row error naming the column; a new member takes empty and `-` optional cells as nothing', async () => {
    const outcome = await run(
      csvFile([
        csvRow({ registration_number: 'U-1', last_name: '-' }),
        csvRow({ registration_number: 'U-1', organization_code: '-' }),
        csvRow({ registration_number: 'U-1', consent_version: '-' }),
        csvRow({ registration_number: '-', snils: '' }),
        csvRow({
          registration_number: 'U-2',
          last_name: 'Кравец',
          snils: '',
          phone: '-',
          email: '',
          position: '-',
          bonus_consent: '',
        }),
      ]),
    );
    expect(problems(outcome)).toEqual([
      [2, 'last_name', 'BAD_USER_INPUT'],
      [3, 'organization_code', 'BAD_USER_INPUT'],
      [4, 'consent_version', 'BAD_USER_INPUT'],
      [5, 'registration_number', 'BAD_USER_INPUT'],
    ]);
    expect(outcome.errors[0]?.message).toBe("'-' clears an optional field; last_name is required");
    expect(outcome).toMatchObject({ created: 1, updated: 0 });
    expect(await person('U-2')).toMatchObject({
      phone: null,
      email: null,
      snils: null,
      position: null,
      bonus_consent: false,
    });
  });
});
