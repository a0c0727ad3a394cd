import { countQueries } from '@registry/lib/testing';
import { centralAdmin, errorCodes, memberViewer, orgAdminOf } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemberLoaders } from '../src/loaders/member.loaders';
import type { MembersWorld } from './fixtures';
import { count, dataOf, openMembersWorld, person } from './fixtures';

let world: MembersWorld;
let memberId: string;

const ADMIT = `mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id } }`;
const COUNTS_AT = `query ($reps: [_Any!]!, $asOf: LocalDate) {
  _entities(representations: $reps) { ... on Organization { memberCounts(asOf: $asOf) { active } } } }`;

async function activeIn(codes: string[], asOf: string | null = null): Promise<number[]> {
  const result = await world.harness.execute(
    COUNTS_AT,
    { reps: codes.map((code) => ({ __typename: 'Organization', id: world.org(code) })), asOf },
    centralAdmin,
  );
  return dataOf<{ memberCounts: { active: number } }[]>(result, '_entities').map(
    (entity) => entity.memberCounts.active,
  );
}

beforeAll(async () => {
  world = await openMembersWorld();
  const admitted = await world.harness.execute(
    ADMIT,
    { input: { ...person(), organizationId: world.org('P77-1'), joinedOn: '2020-01-15' } },
    orgAdminOf(world.org('P77-1')),
  );
  memberId = dataOf<{ id: string }>(admitted, 'admitMember').id;
});
afterAll(() => world.close());

describe('movements keep the history, and counts follow it', () => {
  it('transfers a member: counts move, the history records both organizations', async () => {
    const same = await world.harness.execute(
      'mutation ($id: UUID!, $to: UUID!) { transferMember(id: $id, toOrganizationId: $to) { id } }',
      { id: memberId, to: world.org('P77-1') },
      centralAdmin,
    );
    expect(errorCodes(same)).toEqual(['BAD_USER_INPUT']);
    const before = await count(world.harness, 'membership_event');
    const moved = await world.harness.execute(
      `mutation ($id: UUID!, $to: UUID!) { transferMember(id: $id, toOrganizationId: $to, movement: { date: "2022-03-01", reason: "переезд" }) {
         organization { id } history { kind occurredOn reason fromOrganization { id } organization { id } } } }`,
      { id: memberId, to: world.org('P50-1') },
      centralAdmin,
    );
    const member = dataOf<{ history: { kind: string; occurredOn: string; fromOrganization: { id: string } | null }[] }>(
      moved,
      'transferMember',
    );
    expect(member.history.map((event) => [event.kind, event.occurredOn])).toEqual([
      ['ADMITTED', '2020-01-15'],
      ['TRANSFERRED', '2022-03-01'],
    ]);
    expect(member.history[1]?.fromOrganization).toEqual({ id: world.org('P77-1') });
    expect(await count(world.harness, 'membership_event')).toBe(before + 1);
    expect(await activeIn(['P77-1', 'R77', 'P50-1', 'R50', 'C'])).toEqual([0, 0, 1, 1, 1]);
  });

  it('records an exit; counts on past dates still see the member where they were', async () => {
    const excludedWithoutReason = await world.harness.execute(
      'mutation ($id: UUID!) { recordMemberExit(id: $id, exit: { kind: EXCLUDED }) { status } }',
      { id: memberId },
      centralAdmin,
    );
    expect(errorCodes(excludedWithoutReason)).toEqual(['BAD_USER_INPUT']);
    const left = await world.harness.execute(
      'mutation ($id: UUID!) { recordMemberExit(id: $id, exit: { kind: LEFT, date: "2024-06-30", reason: "по собственному желанию" }) { status statusChangedOn } }',
      { id: memberId },
      centralAdmin,
    );
    expect(dataOf(left, 'recordMemberExit')).toEqual({ status: 'LEFT', statusChangedOn: '2024-06-30' });
    expect(await activeIn(['C'])).toEqual([0]);
    expect(await activeIn(['P77-1', 'P50-1'], '2021-01-01')).toEqual([1, 0]);
    expect(await activeIn(['P77-1', 'P50-1'], '2023-01-01')).toEqual([0, 1]);
    expect(await activeIn(['C'], '2025-01-01')).toEqual([0]);
    expect(await activeIn(['C'], '2019-12-31')).toEqual([0]);
    expect(await count(world.harness, 'outbox_event', `type = 'member.left'`)).toBe(1);
  });

  it('reinstates a member who left', async () => {
    const back = await world.harness.execute(
      'mutation ($id: UUID!) { reinstateMember(id: $id, movement: { date: "2025-09-01" }) { status organization { id } } }',
      { id: memberId },
      centralAdmin,
    );
    expect(dataOf(back, 'reinstateMember')).toEqual({ status: 'ACTIVE', organization: { id: world.org('P50-1') } });
    expect(await activeIn(['R50'])).toEqual([1]);
  });
});

describe('the personal account', () => {
  it('shows a member their own record and lets them change contacts, withdraw consent and leave', async () => {
    const viewer = memberViewer(memberId);
    const me = await world.harness.execute(
      '{ me { fullName consent { bonusProgram } organization { id } } }',
      {},
      viewer,
    );
    expect(dataOf(me, 'me')).toEqual({
      fullName: 'Петрова Мария Ивановна',
      consent: { bonusProgram: true },
      organization: { id: world.org('P50-1') },
    });
    const bad = await world.harness.execute(
      'mutation { updateMyContacts(email: "not-an-email") { email } }',
      {},
      viewer,
    );
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    const changed = await world.harness.execute(
      'mutation { updateMyContacts(phone: "8 (903) 111-22-33") { phone email } }',
      {},
      viewer,
    );
    expect(dataOf(changed, 'updateMyContacts')).toEqual({ phone: '+79031112233', email: 'maria@example.ru' });
    const withdrawn = await world.harness.execute(
      'mutation { withdrawBonusConsent { consent { bonusProgram } } }',
      {},
      viewer,
    );
    expect(dataOf(withdrawn, 'withdrawBonusConsent')).toEqual({ consent: { bonusProgram: false } });
    const other = await world.harness.execute(
      'query ($id: UUID!) { member(id: $id) { fullName } }',
      { id: memberId },
      viewer,
    );
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    const left = await world.harness.execute('mutation { leaveUnion { status } }', {}, viewer);
    expect(dataOf(left, 'leaveUnion')).toEqual({ status: 'LEFT' });
  });
});

describe('data quality and access', () => {
  it('finds possible duplicates and merges them, keeping both histories', async () => {
    const twin = (snils: string | null, org: string) =>
      world.harness.execute(
        ADMIT,
        {
          input: {
            ...person({ lastName: 'Смирнов', firstName: 'Олег', sex: 'M', snils }),
            organizationId: world.org(org),
          },
        },
        centralAdmin,
      );
    const first = dataOf<{ id: string }>(await twin(null, 'P77-1'), 'admitMember');
    expect(errorCodes(await twin(null, 'P77-2'))).toEqual(['DUPLICATE_PERSON']);
    // A record that slipped in before duplicate checks existed, e.g. from an old list.
    await world.harness.orm.em.fork().execute(
      // With its open period: the database refuses an active record without one.
      `with old as (
         insert into members.member (registration_number, last_name, first_name, middle_name, birth_date, category, organization_id, joined_on, consent_version, consent_given_on, snils)
         values ('9999999999', 'смирнов', 'олег', 'Ивановна', '1990-05-17', 'EMPLOYEE', ?, '2019-01-01', '2019', '2019-01-01', '11223344595')
         returning id, organization_id, joined_on)
       insert into members.membership_period (member_id, organization_id, valid_from) select id, organization_id, joined_on from old`,
      [world.org('P77-2')],
    );
    const pairs = await world.harness.execute(
      'query ($org: UUID!) { possibleDuplicates(organizationId: $org) { reason first { id } second { id registrationNumber } } }',
      { org: world.org('R77') },
      orgAdminOf(world.org('R77')),
    );
    const found = dataOf<
      { reason: string; second: { id: string; registrationNumber: string }; first: { id: string } }[]
    >(pairs, 'possibleDuplicates');
    expect(found).toHaveLength(1);
    expect(found[0]?.reason).toBe('NAME_AND_BIRTH_DATE');
    const duplicateId = found[0]?.first.id === first.id ? found[0]?.second.id : found[0]?.first.id;
    const merged = await world.harness.execute(
      'mutation ($keep: UUID!, $dup: UUID!) { mergeMembers(keepId: $keep, duplicateId: $dup) { snils history { kind } } }',
      { keep: first.id, dup: duplicateId },
      centralAdmin,
    );
    expect(dataOf<{ snils: string; history: { kind: string }[] }>(merged, 'mergeMembers')).toMatchObject({
      snils: '11223344595',
    });
    // Each record keeps its own history, its MERGED event naming the other (issue 12).
    expect(dataOf<{ history: { kind: string }[] }>(merged, 'mergeMembers').history.map((event) => event.kind)).toEqual([
      'ADMITTED',
      'MERGED',
    ]);
    const folded = await world.harness.execute(
      'query ($id: UUID!) { member(id: $id) { status history { kind relatedMemberId } } }',
      { id: duplicateId },
      centralAdmin,
    );
    expect(dataOf(folded, 'member')).toEqual({
      status: 'MERGED',
      history: [{ kind: 'MERGED', relatedMemberId: first.id }],
    });
  });

  it('audit-logs every admin read of personal data', async () => {
    const before = await count(world.harness, 'personal_data_read');
    const read = await world.harness.execute(
      'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { members(first: 10) { totalCount nodes { fullName } } } } }',
      { reps: [{ __typename: 'Organization', id: world.org('C') }] },
      centralAdmin,
    );
    const [page] = dataOf<{ members: { totalCount: number; nodes: { fullName: string }[] } }[]>(read, '_entities');
    expect(page?.members.totalCount).toBeGreaterThan(0);
    // One row per member read, written in one statement, naming the field read.
    expect(await count(world.harness, 'personal_data_read')).toBe(before + (page?.members.nodes.length ?? 0));
    expect(
      await count(
        world.harness,
        'personal_data_read',
        "fields = array['fullName'] and path = '_entities.members.nodes'",
      ),
    ).toBe(page?.members.nodes.length);
  });

  it('counts members of any number of organizations in one SQL statement', async () => {
    const em = world.harness.orm.em.fork();
    const loaders = createMemberLoaders(em);
    const counter = countQueries(world.harness.orm);
    const counts = await Promise.all(
      ['C', 'R77', 'R50', 'T77', 'P77-1', 'P77-2', 'P50-1'].map((code) =>
        loaders.memberCountsByOrganizationId(null).load(world.org(code)),
      ),
    );
    counter.detach();
    expect(counter.statements).toHaveLength(1);
    expect(counts[0]?.active).toBe((counts[1]?.active ?? 0) + (counts[2]?.active ?? 0));
  });
});
