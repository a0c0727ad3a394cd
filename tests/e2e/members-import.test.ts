/**
 * Issue 12 through the gateway, as a central admin: a refused row does not block a later valid row
 * of the same person, an empty cell keeps the field, and exits come with their dates.
 */
import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness } from '../support/stack-harness';

let harness: StackHarness;
let admin: string;
beforeAll(async () => {
  harness = await openStackHarness('members_import');
  admin = harness.token({ sub: 'e2e-central-import', roles: [Role.CENTRAL_ADMIN] });
});
afterAll(() => harness?.close());

interface Report {
  created: number;
  updated: number;
  unchanged: number;
  errors: { line: number; field: string; errorCode: string }[];
}
const HEADER =
  'registration_number,organization_code,last_name,first_name,birth_date,snils,category,position,joined_on,consent_version,status,left_on,exit_reason';
const importMembers = async (rows: string[]): Promise<Report> =>
  fieldOf<Report>(
    await harness.post(
      'mutation ($csv: String!) { importMembers(csv: $csv) { created updated unchanged errors { line field errorCode } } }',
      { csv: [HEADER, ...rows].join('\n') },
      { token: admin },
    ),
    'importMembers',
  );
const activeOn = async (asOf: string): Promise<number> =>
  fieldOf<{ memberCounts: { active: number } }>(
    await harness.post(
      'query ($asOf: LocalDate) { organizationByCode(code: "77-001-0001") { memberCounts(asOf: $asOf) { active } } }',
      { asOf },
      { token: admin },
    ),
    'organizationByCode',
  ).memberCounts.active;

describe('members import through the gateway', () => {
  it('updates past a refused row, keeps fields of empty cells, and records exits with their dates', async () => {
    expect(
      await importMembers([
        'E-1,77-001-0001,Петрова,Мария,1990-05-17,112-233-445 95,EMPLOYEE,учитель,2020-09-01,2026-01,,,',
        'E-2,77-001-0001,Орлова,Нина,1985-01-02,,EMPLOYEE,учитель,2020-09-01,2026-01,,,',
      ]),
    ).toMatchObject({ created: 2, errors: [] });

    const outcome = await importMembers([
      'E-1,77-999-9999,Петрова,Мария,1990-05-17,,EMPLOYEE,завуч,2020-09-01,2026-01,,,',
      'E-1,77-001-0001,Петрова,Мария,1990-05-17,,EMPLOYEE,завуч,2020-09-01,2026-01,,,',
      'E-2,77-001-0001,Орлова,Нина,1985-01-02,,EMPLOYEE,учитель,2020-09-01,2026-01,LEFT,2026-06-30,по собственному желанию',
    ]);
    expect(outcome.errors.map((error) => [error.line, error.field, error.errorCode])).toEqual([
      [2, 'organization_code', 'NOT_FOUND'],
    ]);
    expect(outcome).toMatchObject({ created: 0, updated: 2, unchanged: 0 });

    const members = fieldOf<{
      members: {
        nodes: { registrationNumber: string; position: string | null; snils: string | null; status: string }[];
      };
    }>(
      await harness.post(
        '{ organizationByCode(code: "77-001-0001") { members { nodes { registrationNumber position snils status } } } }',
        {},
        { token: admin },
      ),
      'organizationByCode',
    );
    expect(members.members.nodes.find((member) => member.registrationNumber === 'E-1')).toMatchObject({
      position: 'завуч',
      snils: expect.any(String),
    });
    expect(await activeOn('2026-06-29')).toBe(2);
    expect(await activeOn('2026-06-30')).toBe(1);
  });
});
