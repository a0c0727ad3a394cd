import type { MikroORM } from '@mikro-orm/postgresql';
import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness, responseCodes } from '../support/stack-harness';

let harness: StackHarness;
let members: MikroORM;
beforeAll(async () => {
  // Many applications from one address: the throttle is tried in tests/e2e/application-throttle.test.ts.
  harness = await openStackHarness('applications_privacy', { APPLICATION_RATE: '1000/m,burst=1000' });
  const subgraph = harness.stack.subgraphs.get('members');
  if (!subgraph) throw new Error('the stack has no members subgraph');
  members = subgraph.orm;
});
afterAll(() => harness?.close());

const gateway = (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GatewayResponse> =>
  harness.post(query, variables, token ? { token } : {});
const ids = async (code: string) =>
  fieldOf<{ id: string }>(
    await gateway('query ($c: String!) { organizationByCode(code: $c) { id } }', { c: code }),
    'organizationByCode',
  ).id;

const APPLY =
  'mutation Apply($input: MembershipApplicationInput!) { applyForMembership(input: $input) { __typename id status submittedAt decidedAt rejectionReason } }';
const APPLICATION =
  'query ($id: UUID!) { membershipApplication(id: $id) { id status matchedMember { id } repeatOf { id } } }';
const base = { category: 'EMPLOYEE', consentVersion: '2026-01' };

/** The whole answer but what must differ between two applications: their id and time. */
function withoutIdAndTime(response: GatewayResponse): unknown {
  return JSON.parse(JSON.stringify(response), (key: string, value: unknown) =>
    key === 'id' || key === 'submittedAt' ? undefined : value,
  );
}

const applicationRow = async (id: string) => {
  const [row] = await members.em
    .fork()
    .execute<{ matched_member_id: string | null; repeat_of_id: string | null }[]>(
      'select matched_member_id, repeat_of_id from members.membership_application where id = ?',
      [id],
    );
  return row;
};

describe('membership applications tell the public nothing about the registry', () => {
  let school: string;
  let chair: string;
  let member: { id: string; registrationNumber: string };

  beforeAll(async () => {
    school = await ids('77-001-0001');
    chair = harness.token({ sub: 'privacy-chair', roles: [Role.ORG_ADMIN], org: school });
    const admitted = await gateway(
      'mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id registrationNumber } }',
      {
        input: {
          ...base,
          organizationId: school,
          lastName: 'Иванова',
          firstName: 'Анна',
          middleName: 'Сергеевна',
          birthDate: '1985-04-12',
          snils: '112-233-445 95',
        },
      },
      chair,
    );
    member = fieldOf(admitted, 'admitMember');
  });

  it('answers a fresh person, a member by SNILS, a member by name and birth date and a repeat alike, and records the matches', async () => {
    const fresh = {
      ...base,
      organizationId: school,
      lastName: 'Петрова',
      firstName: 'Мария',
      birthDate: '1990-05-17',
      snils: '123-456-789 64',
    };
    const cases = {
      fresh,
      memberBySnils: {
        ...base,
        organizationId: school,
        lastName: 'Другая',
        firstName: 'Фамилия',
        birthDate: '1970-01-01',
        snils: '112-233-445 95',
      },
      memberByName: {
        ...base,
        organizationId: school,
        lastName: 'Иванова',
        firstName: 'Анна',
        middleName: 'Сергеевна',
        birthDate: '1985-04-12',
      },
      repeat: fresh,
    };
    const answers: Record<string, GatewayResponse> = {};
    for (const [name, input] of Object.entries(cases)) answers[name] = await gateway(APPLY, { input });
    const shapes = Object.values(answers).map(withoutIdAndTime);
    expect(shapes[0]).toEqual({
      status: 200,
      data: {
        applyForMembership: {
          __typename: 'MembershipApplication',
          status: 'PENDING',
          decidedAt: null,
          rejectionReason: null,
        },
      },
    });
    for (const shape of shapes) expect(shape).toEqual(shapes[0]);

    const idOf = (name: string) => fieldOf<{ id: string }>(answers[name] ?? { status: 0 }, 'applyForMembership').id;
    expect(new Set(Object.keys(cases).map(idOf)).size).toBe(4);
    expect(await applicationRow(idOf('fresh'))).toEqual({ matched_member_id: null, repeat_of_id: null });
    expect(await applicationRow(idOf('memberBySnils'))).toEqual({ matched_member_id: member.id, repeat_of_id: null });
    expect(await applicationRow(idOf('memberByName'))).toEqual({ matched_member_id: member.id, repeat_of_id: null });
    expect(await applicationRow(idOf('repeat'))).toEqual({ matched_member_id: null, repeat_of_id: idOf('fresh') });

    // The chair reviewing sees the matches, and approving the member's application is refused, naming the record.
    expect(fieldOf(await gateway(APPLICATION, { id: idOf('memberBySnils') }, chair), 'membershipApplication')).toEqual({
      id: idOf('memberBySnils'),
      status: 'PENDING',
      matchedMember: { id: member.id },
      repeatOf: null,
    });
    expect(fieldOf(await gateway(APPLICATION, { id: idOf('repeat') }, chair), 'membershipApplication')).toMatchObject({
      matchedMember: null,
      repeatOf: { id: idOf('fresh') },
    });
    const approval = await gateway(
      'mutation ($id: UUID!) { approveApplication(id: $id) { member { id } } }',
      { id: idOf('memberBySnils') },
      chair,
    );
    expect(responseCodes(approval)).toEqual(['DUPLICATE_PERSON']);
    expect(approval.errors?.[0]?.message).toContain(member.registrationNumber);
    expect(approval.errors?.[0]?.extensions).toMatchObject({
      memberId: member.id,
      registrationNumber: member.registrationNumber,
    });
  });

  it('refuses bad input alike whether or not the person is a member', async () => {
    const onRecord = {
      ...base,
      organizationId: school,
      lastName: 'Иванова',
      firstName: 'Анна',
      middleName: 'Сергеевна',
      birthDate: '1985-04-12',
      snils: '112-233-445 95',
    };
    const stranger = {
      ...base,
      organizationId: school,
      lastName: 'Сидоров',
      firstName: 'Пётр',
      birthDate: '1975-02-02',
      snils: '123-456-789 64',
    };
    for (const broken of [{ consentVersion: ' ' }, { snils: '112-233-445 96' }]) {
      const answers = [
        await gateway(APPLY, { input: { ...onRecord, ...broken } }),
        await gateway(APPLY, { input: { ...stranger, ...broken } }),
      ];
      expect(responseCodes(answers[0] ?? { status: 0 })).toHaveLength(1);
      expect(answers.map(responseCodes)).toEqual([
        responseCodes(answers[0] ?? { status: 0 }),
        responseCodes(answers[0] ?? { status: 0 }),
      ]);
    }
  });

  it('files ten identical applications at once as one original and nine repeats of it', async () => {
    const input = {
      ...base,
      organizationId: school,
      lastName: 'Кузнецова',
      firstName: 'Ольга',
      birthDate: '1992-07-07',
      snils: '200-000-003 21',
    };
    const answers = await Promise.all(Array.from({ length: 10 }, () => gateway(APPLY, { input })));
    const applied = answers.map((answer) => fieldOf<{ id: string; status: string }>(answer, 'applyForMembership'));
    expect(applied.map((application) => application.status)).toEqual(Array.from({ length: 10 }, () => 'PENDING'));
    const rows = await members.em
      .fork()
      .execute<{ id: string; repeat_of_id: string | null }[]>(
        "select id, repeat_of_id from members.membership_application where last_name = 'Кузнецова'",
      );
    expect(rows).toHaveLength(10);
    const originals = rows.filter((row) => row.repeat_of_id === null);
    expect(originals).toHaveLength(1);
    expect(rows.filter((row) => row.repeat_of_id === originals[0]?.id)).toHaveLength(9);
  });

  it('shows an application to admins of its organization only', async () => {
    const input = { ...base, organizationId: school, lastName: 'Орлов', firstName: 'Иван', birthDate: '1988-08-08' };
    const { id } = fieldOf<{ id: string }>(await gateway(APPLY, { input }), 'applyForMembership');
    const elsewhere = harness.token({ sub: 'other-chair', roles: [Role.ORG_ADMIN], org: await ids('77-001-0002') });
    expect(responseCodes(await gateway(APPLICATION, { id }))).toEqual([
      expect.stringMatching(/^(FORBIDDEN|UNAUTHENTICATED)$/),
    ]);
    expect(responseCodes(await gateway(APPLICATION, { id }, elsewhere))).toEqual(['FORBIDDEN']);
    expect(
      responseCodes(
        await gateway(
          'query ($id: UUID!) { membershipApplication(id: $id) { status } }',
          { id },
          harness.token({ sub: 'm', roles: [Role.MEMBER], member: '00000000-0000-4000-8000-000000000000' }),
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    // The applicant's own answer cannot carry the matches either.
    expect(
      responseCodes(
        await gateway(
          'mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { id matchedMember { id } } }',
          { input },
        ),
      ),
    ).toEqual([expect.stringMatching(/^(FORBIDDEN|UNAUTHENTICATED)$/)]);
    expect(fieldOf(await gateway(APPLICATION, { id }, chair), 'membershipApplication')).toEqual({
      id,
      status: 'PENDING',
      matchedMember: null,
      repeatOf: null,
    });
  });
});
