import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness, responseCodes } from '../support/stack-harness';

// Issue 12: the members' and organizations' workflows, through the gateway on the demo union
// (Moscow "77" with its primary "77-001-0001").
let harness: StackHarness;
let primary: string;
let otherPrimary: string;
let region: string;

const CENTRAL = { sub: 'e2e-central', roles: [Role.CENTRAL_ADMIN] };
const central = (): { token: string } => ({ token: harness.token(CENTRAL) });
const regionAdmin = (): { token: string } => ({
  token: harness.token({ sub: 'e2e-region-77', roles: [Role.ORG_ADMIN], org: region }),
});
const gateway = (
  query: string,
  variables: Record<string, unknown> = {},
  auth: { token?: string } = central(),
): Promise<GatewayResponse> => harness.post(query, variables, auth);
const errorOf = (response: GatewayResponse): { message: string; extensions?: Record<string, unknown> } | undefined =>
  response.errors?.[0];

async function orgId(code: string): Promise<string> {
  return fieldOf<{ id: string }>(
    await gateway('query ($code: String!) { organizationByCode(code: $code) { id } }', { code }),
    'organizationByCode',
  ).id;
}

interface Person {
  lastName: string;
  firstName: string;
  middleName?: string;
  birthDate: string;
  sex?: string;
  category?: string;
  snils?: string;
  joinedOn?: string;
}

const ADMIT = 'mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id registrationNumber } }';
const admitInput = (person: Person, organizationId = primary): Record<string, unknown> => ({
  category: 'EMPLOYEE',
  consentVersion: '2026-01',
  ...person,
  organizationId,
});
async function admit(person: Person, organizationId = primary): Promise<{ id: string; registrationNumber: string }> {
  return fieldOf(await gateway(ADMIT, { input: admitInput(person, organizationId) }), 'admitMember');
}
async function leave(id: string): Promise<void> {
  fieldOf(
    await gateway(
      'mutation ($id: UUID!) { recordMemberExit(id: $id, exit: { kind: LEFT, reason: "по собственному желанию" }) { status } }',
      { id },
    ),
    'recordMemberExit',
  );
}
/** A record that becomes a second one of `person`: admitted under another name, then corrected (corrections check active twins only). */
async function formerAndActiveTwins(person: Person): Promise<{ former: string; active: string }> {
  const former = (await admit(person)).id;
  await leave(former);
  const active = (await admit({ ...person, lastName: `${person.lastName}а`, snils: undefined })).id;
  fieldOf(
    await gateway('mutation ($id: UUID!, $input: MemberUpdateInput!) { updateMember(id: $id, input: $input) { id } }', {
      id: active,
      input: { lastName: person.lastName },
    }),
    'updateMember',
  );
  return { former, active };
}

interface HistoryEntry {
  kind: string;
  reason: string | null;
  actor: string | null;
  relatedMemberId: string | null;
}
async function record(id: string): Promise<{ status: string; history: HistoryEntry[] }> {
  return fieldOf(
    await gateway('query ($id: UUID!) { member(id: $id) { status history { kind reason actor relatedMemberId } } }', {
      id,
    }),
    'member',
  );
}

const MERGE =
  'mutation ($keep: UUID!, $dup: UUID!, $reason: String) { mergeMembers(keepId: $keep, duplicateId: $dup, reason: $reason) { id status } }';

beforeAll(async () => {
  harness = await openStackHarness('members_workflows');
  primary = await orgId('77-001-0001');
  otherPrimary = await orgId('77-001-0002');
  region = await orgId('77');
}, 120_000);
afterAll(() => harness?.close());

describe('mergeMembers', () => {
  it('refuses records of two different people unless a central admin states a reason; both keep their own history', async () => {
    const keep = await admit({
      lastName: 'Петров',
      firstName: 'Пётр',
      birthDate: '1980-01-01',
      sex: 'M',
      category: 'EMPLOYEE',
    });
    const other = await admit({
      lastName: 'Сидорова',
      firstName: 'Анна',
      birthDate: '1990-05-05',
      sex: 'F',
      category: 'STUDENT',
    });

    const unmatched = await gateway(MERGE, { keep: keep.id, dup: other.id }, regionAdmin());
    expect(responseCodes(unmatched)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(unmatched)?.message).toContain(
      `as ${keep.registrationNumber}, got ${other.registrationNumber}, which does not match`,
    );
    expect(
      responseCodes(await gateway(MERGE, { keep: keep.id, dup: other.id, reason: 'одна и та же' }, regionAdmin())),
    ).toEqual(['FORBIDDEN']);
    expect(responseCodes(await gateway(MERGE, { keep: keep.id, dup: other.id }))).toEqual(['BAD_USER_INPUT']);
    expect((await record(other.id)).status).toBe('ACTIVE');

    const merged = await gateway(MERGE, { keep: keep.id, dup: other.id, reason: 'ошибка ввода: одна анкета на двоих' });
    expect(fieldOf(merged, 'mergeMembers')).toEqual({ id: keep.id, status: 'ACTIVE' });
    const reason = `merged ${other.registrationNumber} into ${keep.registrationNumber}: ошибка ввода: одна анкета на двоих`;
    expect(await record(keep.id)).toEqual({
      status: 'ACTIVE',
      history: [
        { kind: 'ADMITTED', reason: null, actor: 'e2e-central', relatedMemberId: null },
        { kind: 'MERGED', reason, actor: 'e2e-central', relatedMemberId: other.id },
      ],
    });
    expect(await record(other.id)).toEqual({
      status: 'MERGED',
      history: [
        { kind: 'ADMITTED', reason: null, actor: 'e2e-central', relatedMemberId: null },
        { kind: 'MERGED', reason, actor: 'e2e-central', relatedMemberId: keep.id },
      ],
    });
  });

  it('merges a matching former record into an active one for an org admin, and never keeps a record that is not ACTIVE', async () => {
    const { former, active } = await formerAndActiveTwins({
      lastName: 'Кузнецов',
      firstName: 'Илья',
      middleName: 'Петрович',
      birthDate: '1975-02-03',
    });
    const notActive = await gateway(MERGE, { keep: former, dup: active }, regionAdmin());
    expect(responseCodes(notActive)).toEqual(['INVALID_STATE']);
    expect(errorOf(notActive)?.message).toBe('keepId: expected an ACTIVE record to keep, got LEFT');

    expect(fieldOf(await gateway(MERGE, { keep: active, dup: former }, regionAdmin()), 'mergeMembers')).toEqual({
      id: active,
      status: 'ACTIVE',
    });
    const kept = await record(active);
    expect(kept.history.map((entry) => [entry.kind, entry.relatedMemberId, entry.actor])).toEqual([
      ['ADMITTED', null, 'e2e-central'],
      ['MERGED', former, 'e2e-region-77'],
    ]);
    expect(kept.history[1]?.reason).toMatch(/: same full name and birth date$/);
    expect((await record(former)).history.map((entry) => [entry.kind, entry.relatedMemberId])).toEqual([
      ['ADMITTED', null],
      ['LEFT', null],
      ['MERGED', active],
    ]);
  });
});

describe('re-admission of a former member', () => {
  it('admitMember refuses DUPLICATE_PERSON naming the former record; applications match it; approval is refused alike', async () => {
    const person = { lastName: 'Орлова', firstName: 'Вера', middleName: 'Ильинична', birthDate: '1985-07-07' };
    const first = await admit(person);
    await leave(first.id);

    const again = await gateway(ADMIT, { input: admitInput(person, otherPrimary) });
    expect(responseCodes(again)).toEqual(['DUPLICATE_PERSON']);
    expect(errorOf(again)?.message).toBe(
      `Expected a person not on record; this person is a former member (registration number ${first.registrationNumber}, LEFT): use reinstateMember on that record instead of admitting again`,
    );
    expect(errorOf(again)?.extensions).toMatchObject({
      memberId: first.id,
      registrationNumber: first.registrationNumber,
      status: 'LEFT',
      hint: 'reinstateMember',
    });

    const applied = fieldOf<{ id: string }>(
      await gateway(
        'mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { id } }',
        { input: { ...admitInput(person) } },
        {},
      ),
      'applyForMembership',
    );
    const application = fieldOf<{ matchedMember: { id: string } | null }>(
      await gateway('query ($id: UUID!) { membershipApplication(id: $id) { matchedMember { id } } }', {
        id: applied.id,
      }),
      'membershipApplication',
    );
    expect(application.matchedMember).toEqual({ id: first.id });
    const approval = await gateway('mutation ($id: UUID!) { approveApplication(id: $id) { member { id } } }', {
      id: applied.id,
    });
    expect(responseCodes(approval)).toEqual(['DUPLICATE_PERSON']);
    expect(errorOf(approval)?.extensions).toMatchObject({ memberId: first.id, status: 'LEFT' });
  });

  it('possibleDuplicates pairs an active record with a former one (includeFormer defaults to true)', async () => {
    const { former, active } = await formerAndActiveTwins({
      lastName: 'Беляев',
      firstName: 'Олег',
      birthDate: '1969-11-11',
    });
    const pairs = async (includeFormer?: boolean): Promise<string[][]> =>
      fieldOf<{ first: { id: string }; second: { id: string }; reason: string }[]>(
        await gateway(
          'query ($o: UUID!, $f: Boolean) { possibleDuplicates(organizationId: $o, includeFormer: $f) { first { id } second { id } reason } }',
          {
            o: primary,
            ...(includeFormer === undefined ? {} : { f: includeFormer }),
          },
        ),
        'possibleDuplicates',
      ).map((pair) => [pair.first.id, pair.second.id, pair.reason].sort());
    const expected = [former, active, 'NAME_AND_BIRTH_DATE'].sort();
    expect(await pairs()).toContainEqual(expected);
    expect(await pairs(false)).not.toContainEqual(expected);
  });
});

describe('dates and codes', () => {
  it('reports a joining date before the birth date on joinedOn', async () => {
    const response = await gateway(ADMIT, {
      input: admitInput({ lastName: 'Ранний', firstName: 'Иван', birthDate: '1990-05-01', joinedOn: '1989-01-01' }),
    });
    expect(responseCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.extensions?.['problems']).toEqual([
      {
        field: 'joinedOn',
        code: 'BAD_USER_INPUT',
        message: 'expected on or after the birth date 1990-05-01, got 1989-01-01',
      },
    ]);
  });

  it('refuses memberCounts on a future date', async () => {
    const response = await gateway(
      '{ organizationByCode(code: "77") { memberCounts(asOf: "2099-01-01") { active } } }',
    );
    expect(responseCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.message).toMatch(
      /^asOf: expected a date up to today \(\d{4}-\d{2}-\d{2}\), got 2099-01-01$/,
    );
  });

  it("refuses a primary under Moscow with another subject's code", async () => {
    const territorial = await orgId('77-001');
    const response = await gateway(
      'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
      {
        input: {
          parentId: territorial,
          level: 'PRIMARY',
          code: '77-001-9901',
          name: 'Школа с чужим кодом',
          primaryType: 'SCHOOL',
          subjectCode: '16',
        },
      },
    );
    expect(responseCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.message).toBe(
      'subjectCode: expected 77, the subject of its region (as its parent 77-001), got 16',
    );
  });
});

describe('closing organizations with members', () => {
  it('refuses to liquidate or merge a primary with active members, and a closure dated in the future', async () => {
    const territorial = await orgId('77-001');
    const school = fieldOf<{ id: string }>(
      await gateway('mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }', {
        input: {
          parentId: territorial,
          level: 'PRIMARY',
          code: '77-001-9902',
          name: 'Школа на закрытие',
          primaryType: 'SCHOOL',
        },
      }),
      'createOrganization',
    ).id;
    const member = await admit({ lastName: 'Закрытова', firstName: 'Нина', birthDate: '1970-03-03' }, school);

    const liquidation = await gateway(
      'mutation ($id: UUID!) { liquidateOrganization(id: $id, closure: { reason: "закрыта" }) { status } }',
      { id: school },
    );
    expect(responseCodes(liquidation)).toEqual(['INVALID_STATE']);
    expect(errorOf(liquidation)?.message).toBe(
      'Organization 77-001-9902 still has 1 active members: transfer them (transferMember) or record their exits first',
    );
    expect(errorOf(liquidation)?.extensions).toMatchObject({ activeMembers: 1 });
    const merger = await gateway(
      'mutation ($id: UUID!, $into: UUID!) { mergeOrganization(id: $id, intoId: $into, closure: { reason: "слияние" }) { id } }',
      { id: school, into: primary },
    );
    expect(responseCodes(merger)).toEqual(['INVALID_STATE']);
    expect(errorOf(merger)?.message).toBe(
      'Organization 77-001-9902 still has 1 active members: transfer them to 77-001-0001 (transferMember) first',
    );

    const future = await gateway(
      'mutation ($id: UUID!) { liquidateOrganization(id: $id, closure: { date: "2030-01-01", reason: "закрыта" }) { status } }',
      { id: school },
    );
    expect(responseCodes(future)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(future)?.message).toMatch(
      /^date: expected a date up to today \(\d{4}-\d{2}-\d{2}\), got 2030-01-01$/,
    );

    fieldOf(
      await gateway('mutation ($id: UUID!, $to: UUID!) { transferMember(id: $id, toOrganizationId: $to) { id } }', {
        id: member.id,
        to: primary,
      }),
      'transferMember',
    );
    const closed = await gateway(
      'mutation ($id: UUID!) { liquidateOrganization(id: $id, closure: { reason: "закрыта" }) { status } }',
      { id: school },
    );
    expect(fieldOf(closed, 'liquidateOrganization')).toEqual({ status: 'LIQUIDATED' });
  });
});

describe('importOrganizations', () => {
  it('reports a second central row as a row error and loads the rest', async () => {
    const csv = [
      'code,parent_code,level,name,primary_type',
      'X-ROOT,,CENTRAL,Второй центральный совет,',
      '77-001-9903,77-001,PRIMARY,Школа из файла,SCHOOL',
      '',
    ].join('\n');
    const report = fieldOf<{
      created: number;
      errors: { line: number; code: string | null; errorCode: string; message: string }[];
    }>(
      await gateway(
        'mutation ($csv: String!) { importOrganizations(csv: $csv) { created errors { line code errorCode message } } }',
        { csv },
      ),
      'importOrganizations',
    );
    expect(report.created).toBe(1);
    expect(report.errors).toEqual([
      {
        line: 2,
        code: 'X-ROOT',
        errorCode: 'INVALID_HIERARCHY',
        message: expect.stringMatching(
          /^expected at most one central council: .+ is the root already, got another, X-ROOT$/,
        ),
      },
    ]);
  });
});
