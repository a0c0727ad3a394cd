import { anonymous } from '@registry/lib';
import { analystOf, centralAdmin, errorCodes, memberViewer, orgAdminOf } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MembersWorld } from './fixtures';
import { count, dataOf, openMembersWorld, person } from './fixtures';

let world: MembersWorld;
beforeAll(async () => {
  // These tests file many applications with no client address (straight at the schema): the
  // per-address throttle is tried in tests/e2e/application-throttle.test.ts, not here.
  process.env['APPLICATION_RATE'] = '100000/m,burst=100000';
  world = await openMembersWorld();
});
afterAll(() => world.close());

const APPLY = `mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { id status } }`;
const APPROVE = `mutation ($id: UUID!) { approveApplication(id: $id) { application { status } member { id registrationNumber fullName status organization { id } } } }`;
const COUNTS = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { id memberCounts { active youth employees students } } } }`;

async function countsOf(codes: string[], viewer = centralAdmin) {
  const result = await world.harness.execute(
    COUNTS,
    { reps: codes.map((code) => ({ __typename: 'Organization', id: world.org(code) })) },
    viewer,
  );
  return dataOf<{ memberCounts: { active: number } }[]>(result, '_entities').map(
    (entity) => entity.memberCounts.active,
  );
}

describe('online admission', () => {
  it('apply (anonymous) → approve (the primary organization’s admin) → the member counts up the tree', async () => {
    const applied = dataOf<{ id: string; status: string }>(
      await world.harness.execute(APPLY, { input: { ...person(), organizationId: world.org('P77-1') } }),
      'applyForMembership',
    );
    expect(applied.status).toBe('PENDING');
    const followed = await world.harness.execute(
      'query ($id: UUID!) { membershipApplication(id: $id) { status } }',
      { id: applied.id },
      orgAdminOf(world.org('P77-1')),
    );
    expect(dataOf(followed, 'membershipApplication')).toEqual({ status: 'PENDING' });
    expect(
      errorCodes(
        await world.harness.execute('query ($id: UUID!) { membershipApplication(id: $id) { status } }', {
          id: applied.id,
        }),
      ),
    ).toEqual(['FORBIDDEN']);

    const approved = dataOf<{
      application: { status: string };
      member: { id: string; registrationNumber: string; fullName: string };
    }>(await world.harness.execute(APPROVE, { id: applied.id }, orgAdminOf(world.org('P77-1'))), 'approveApplication');
    expect(approved.application.status).toBe('APPROVED');
    expect(approved.member).toMatchObject({
      fullName: 'Петрова Мария Ивановна',
      status: 'ACTIVE',
      organization: { id: world.org('P77-1') },
    });
    expect(approved.member.registrationNumber).toMatch(/^\d{10}$/);
    expect(await countsOf(['P77-1', 'T77', 'R77', 'C', 'R50'])).toEqual([1, 1, 1, 1, 0]);
    expect(
      await count(world.harness, 'outbox_event', `type = 'member.admitted' and aggregate_id = '${approved.member.id}'`),
    ).toBe(1);
  });

  it('files an application of a member, and a repeated one, like any other, recording what each matched', async () => {
    const again = dataOf<{ id: string; status: string }>(
      await world.harness.execute(APPLY, { input: { ...person(), organizationId: world.org('P77-2') } }),
      'applyForMembership',
    );
    expect(again.status).toBe('PENDING');
    const input = {
      ...person({ lastName: 'Сидоров', firstName: 'Пётр', sex: 'M', snils: null }),
      organizationId: world.org('P77-2'),
    };
    const first = dataOf<{ id: string; status: string }>(
      await world.harness.execute(APPLY, { input }),
      'applyForMembership',
    );
    const second = dataOf<{ id: string; status: string }>(
      await world.harness.execute(APPLY, { input }),
      'applyForMembership',
    );
    expect([first.status, second.status]).toEqual(['PENDING', 'PENDING']);
    // The member's own fields stay under Member's rules: a reviewer outside P77-1 gets its id only.
    const MATCHES =
      'query ($id: UUID!) { membershipApplication(id: $id) { matchedMember { id status } repeatOf { id } } }';
    const [petrova] = await world.harness.orm.em
      .fork()
      .execute<{ id: string }[]>("select id from members.member where last_name = 'Петрова'");
    const reviewer = orgAdminOf(world.org('P77-2'));
    expect(dataOf(await world.harness.execute(MATCHES, { id: again.id }, reviewer), 'membershipApplication')).toEqual({
      matchedMember: { id: petrova?.id, status: 'ACTIVE' },
      repeatOf: null,
    });
    expect(dataOf(await world.harness.execute(MATCHES, { id: second.id }, reviewer), 'membershipApplication')).toEqual({
      matchedMember: null,
      repeatOf: { id: first.id },
    });
    expect(errorCodes(await world.harness.execute(APPROVE, { id: again.id }, reviewer))).toEqual(['DUPLICATE_PERSON']);
  });

  it('creates exactly one member when two admins approve the same application at once', async () => {
    const input = { ...person({ lastName: 'Кузнецова', snils: '123-456-789 64' }), organizationId: world.org('P77-2') };
    const { id } = dataOf<{ id: string }>(await world.harness.execute(APPLY, { input }), 'applyForMembership');
    const results = await Promise.all([
      world.harness.execute(APPROVE, { id }, centralAdmin),
      world.harness.execute(APPROVE, { id }, orgAdminOf(world.org('T77'))),
    ]);
    expect(results.map((result) => (result.errors ? errorCodes(result)[0] : 'OK')).sort()).toEqual([
      'INVALID_STATE',
      'OK',
    ]);
    expect(await count(world.harness, 'member', "last_name = 'Кузнецова'")).toBe(1);
  });

  it('lets an admin reject with a reason, and no one outside the subtree decide', async () => {
    const input = {
      ...person({ lastName: 'Орлов', firstName: 'Иван', sex: 'M', snils: null }),
      organizationId: world.org('P50-1'),
    };
    const { id } = dataOf<{ id: string }>(await world.harness.execute(APPLY, { input }), 'applyForMembership');
    expect(errorCodes(await world.harness.execute(APPROVE, { id }, orgAdminOf(world.org('R77'))))).toEqual([
      'FORBIDDEN',
    ]);
    expect(errorCodes(await world.harness.execute(APPROVE, { id }))).toEqual(['FORBIDDEN']);
    const rejected = await world.harness.execute(
      'mutation ($id: UUID!) { rejectApplication(id: $id, reason: "не работает в организации") { status rejectionReason } }',
      { id },
      orgAdminOf(world.org('P50-1')),
    );
    expect(dataOf(rejected, 'rejectApplication')).toEqual({
      status: 'REJECTED',
      rejectionReason: 'не работает в организации',
    });
  });

  const today = new Date();
  const yearsAgo = (years: number) => `${today.getUTCFullYear() - years}-01-01`;
  it.each([
    ['a SNILS failing its checksum', { snils: '112-233-445 96' }, 'INVALID_SNILS'],
    ['a birth date in the future', { birthDate: `${today.getUTCFullYear() + 1}-01-01` }, 'BAD_USER_INPUT'],
    ['a person under 14', { birthDate: yearsAgo(13) }, 'BAD_USER_INPUT'],
    [
      'a 16-year-old without a guardian’s consent',
      { birthDate: yearsAgo(16), category: 'STUDENT' },
      'CONSENT_REQUIRED',
    ],
    ['no consent to processing', { consentVersion: ' ' }, 'CONSENT_REQUIRED'],
    ['an empty first name', { firstName: '  ' }, 'BAD_USER_INPUT'],
    ['a last name over 100 characters', { lastName: 'Щ'.repeat(101) }, 'BAD_USER_INPUT'],
    ['a malformed email', { email: 'maria@' }, 'BAD_USER_INPUT'],
    ['a malformed phone', { phone: '12-34' }, 'BAD_USER_INPUT'],
    ['an unknown organization', { organizationId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND'],
    ['an organization that is not primary', { organization: 'T77' }, 'INVALID_HIERARCHY'],
  ])('refuses %s with a typed error and writes nothing', async (_case, overrides: Record<string, unknown>, code) => {
    const before = [
      await count(world.harness, 'membership_application'),
      await count(world.harness, 'member'),
      await count(world.harness, 'outbox_event'),
    ];
    const { organization, ...fields } = overrides;
    const organizationId = typeof organization === 'string' ? world.org(organization) : world.org('P77-1');
    const input = { ...person({ lastName: 'Новикова', snils: null }), organizationId, ...fields };
    const result = await world.harness.execute(APPLY, { input }, anonymous);
    expect(errorCodes(result)).toEqual([code]);
    const after = [
      await count(world.harness, 'membership_application'),
      await count(world.harness, 'member'),
      await count(world.harness, 'outbox_event'),
    ];
    expect(after).toEqual(before);
  });

  it('admits a 16-year-old student with a guardian’s consent', async () => {
    const input = {
      ...person({
        lastName: 'Юная',
        snils: null,
        birthDate: yearsAgo(16),
        category: 'STUDENT',
        guardianName: 'Юный Олег Петрович',
      }),
      organizationId: world.org('P50-1'),
    };
    const { id } = dataOf<{ id: string }>(await world.harness.execute(APPLY, { input }), 'applyForMembership');
    const approved = await world.harness.execute(APPROVE, { id }, orgAdminOf(world.org('R50')));
    expect(approved.errors).toBeUndefined();
  });

  it('shows analysts counts but never personal data', async () => {
    expect(await countsOf(['R77'], analystOf(world.org('R77')))).toEqual([2]);
    const listing = await world.harness.execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { members { nodes { fullName } } } } }`,
      { reps: [{ __typename: 'Organization', id: world.org('R77') }] },
      analystOf(world.org('R77')),
    );
    expect(errorCodes(listing)).toEqual(['FORBIDDEN']);
    expect(
      errorCodes(
        await world.harness.execute(
          COUNTS,
          { reps: [{ __typename: 'Organization', id: world.org('R50') }] },
          analystOf(world.org('R77')),
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const me = await world.harness.execute(
      '{ me { fullName } }',
      {},
      memberViewer('00000000-0000-4000-8000-000000000000'),
    );
    expect(errorCodes(me)).toEqual(['NOT_FOUND']);
  });
});

describe('the import mutation', () => {
  it('imports a file for a central admin and refuses anyone else', async () => {
    const csv = [
      'registration_number,organization_code,last_name,first_name,middle_name,birth_date,sex,phone,email,snils,category,position,joined_on,consent_version,bonus_consent,guardian_name',
      `R-1,P77-2,Лебедева,Ольга,,1985-04-01,F,,,,EMPLOYEE,,2024-09-01,2026-01,false,`,
      `R-2,NOPE,Лебедев,Олег,,1985-04-01,M,,,,EMPLOYEE,,2024-09-01,2026-01,false,`,
    ].join('\n');
    const IMPORT =
      'mutation ($csv: String!) { importMembers(csv: $csv) { rows created errors { line errorCode } errorReportCsv } }';
    expect(errorCodes(await world.harness.execute(IMPORT, { csv }, orgAdminOf(world.org('P77-2'))))).toEqual([
      'FORBIDDEN',
    ]);
    const report = dataOf<{
      rows: number;
      created: number;
      errors: { line: number; errorCode: string }[];
      errorReportCsv: string;
    }>(await world.harness.execute(IMPORT, { csv }, centralAdmin), 'importMembers');
    expect(report).toMatchObject({ rows: 2, created: 1, errors: [{ line: 3, errorCode: 'NOT_FOUND' }] });
    expect(report.errorReportCsv.split('\r\n')[0]).toBe('line,registration_number,field,error_code,message');
  });
});
