import type { Viewer } from '@registry/lib';
import { analystOf, centralAdmin, errorCodes, memberViewer, orgAdminOf } from '@registry/tests';
import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MembersWorld } from './fixtures';
import { dataOf, openMembersWorld, person } from './fixtures';

// The fixture union: C → R77 → T77 → P77-1, P77-2 and C → R50 → P50-1. Region A is R77, region B is R50.
let world: MembersWorld;

const ADMIT = 'mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id } }';
const EXIT =
  'mutation ($id: UUID!) { recordMemberExit(id: $id, exit: { kind: LEFT, reason: "по собственному желанию" }) { id status } }';
const TRANSFER =
  'mutation ($id: UUID!, $to: UUID!) { transferMember(id: $id, toOrganizationId: $to) { id organization { id } } }';
const REINSTATE =
  'mutation ($id: UUID!, $to: UUID) { reinstateMember(id: $id, organizationId: $to) { id status organization { id } phone snils } }';
const MERGE =
  'mutation ($keep: UUID!, $duplicate: UUID!) { mergeMembers(keepId: $keep, duplicateId: $duplicate) { id } }';
const DUPLICATES =
  'query ($org: UUID!) { possibleDuplicates(organizationId: $org) { reason first { id } second { id } } }';
const APPLY = 'mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { id } }';
const APPROVE = 'mutation ($id: UUID!) { approveApplication(id: $id) { member { id } } }';
const REJECT = 'mutation ($id: UUID!) { rejectApplication(id: $id, reason: "нет мест") { id status } }';

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return world.harness.orm.em.fork().execute<T[]>(text, params);
}

/** Admits a member by a central admin; names differ per call so that admission's twin check passes. */
async function admit(organization: string, overrides: Record<string, unknown>): Promise<string> {
  const input = {
    ...person({ snils: null, phone: null, email: null, ...overrides }),
    organizationId: world.org(organization),
  };
  return dataOf<{ id: string }>(await world.harness.execute(ADMIT, { input }, centralAdmin), 'admitMember').id;
}

/** Everything this subgraph writes, as one digest per table: equal digests mean nothing was written. */
async function writes(): Promise<Record<string, string>> {
  const tables = ['member', 'membership_period', 'membership_event', 'outbox_event', 'membership_application'];
  const digests: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await sql<{ digest: string | null }>(
      `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from members.${table} t`,
    );
    digests[table] = row?.digest ?? '';
  }
  return digests;
}

/** Runs an operation that must be refused: FORBIDDEN, no data for the field, and no row written. */
async function expectRefused(
  source: string,
  variables: Record<string, unknown>,
  viewer: Viewer,
  field: string,
): Promise<ExecutionResult> {
  const before = await writes();
  const result = await world.harness.execute(source, variables, viewer);
  expect(errorCodes(result)).toEqual(['FORBIDDEN']);
  expect(result.data?.[field] ?? null).toBeNull();
  expect(await writes()).toEqual(before);
  return result;
}

const pairsOf = async (organization: string, viewer: Viewer): Promise<[string, string, string][]> =>
  dataOf<{ reason: string; first: { id: string }; second: { id: string } }[]>(
    await world.harness.execute(DUPLICATES, { org: world.org(organization) }, viewer),
    'possibleDuplicates',
  ).map((pair) => [pair.first.id, pair.second.id, pair.reason]);

const sorted = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a]);

beforeAll(async () => {
  world = await openMembersWorld();
});
afterAll(() => world.close());

describe('possibleDuplicates stays within the scope and matches whole names', () => {
  it('never pairs a record of the caller’s subtree with one outside it', async () => {
    const inA = await admit('P77-1', {
      lastName: 'Сидоров',
      firstName: 'Пётр',
      middleName: 'Иванович',
      birthDate: '1980-01-01',
      sex: 'M',
    });
    const inB = await admit('P50-1', {
      lastName: 'Сидоров',
      firstName: 'Павел',
      middleName: 'Иванович',
      birthDate: '1980-01-01',
      sex: 'M',
    });
    // Records that predate the twin check: the same person entered in two regions.
    await sql("update members.member set first_name = 'Пётр' where id = ?", [inB]);

    for (const [viewer, organization] of [
      [orgAdminOf(world.org('R77')), 'R77'],
      [orgAdminOf(world.org('P77-1')), 'P77-1'],
      [orgAdminOf(world.org('R50')), 'R50'],
    ] as const) {
      const ids = (await pairsOf(organization, viewer)).flatMap(([first, second]) => [first, second]);
      expect([organization, ids.includes(inA), ids.includes(inB)]).toEqual([organization, false, false]);
    }
    expect(await pairsOf('C', centralAdmin)).toContainEqual([...sorted(inA, inB), 'NAME_AND_BIRTH_DATE']);
    await expectRefused(DUPLICATES, { org: world.org('R50') }, orgAdminOf(world.org('R77')), 'possibleDuplicates');
  });

  it('pairs records in two organizations of one subtree for its admin', async () => {
    const first = await admit('P77-1', {
      lastName: 'Белов',
      firstName: 'Артём',
      middleName: 'Ильич',
      birthDate: '1979-03-03',
      sex: 'M',
    });
    const second = await admit('P77-2', {
      lastName: 'Белов',
      firstName: 'Антон',
      middleName: 'Ильич',
      birthDate: '1979-03-03',
      sex: 'M',
    });
    await sql("update members.member set first_name = 'Артём' where id = ?", [second]);
    expect(await pairsOf('R77', orgAdminOf(world.org('R77')))).toContainEqual([
      ...sorted(first, second),
      'NAME_AND_BIRTH_DATE',
    ]);
    // From the primary's own admin, the other primary's record is outside: no pair.
    const fromPrimary = (await pairsOf('P77-1', orgAdminOf(world.org('P77-1')))).flatMap(([a, b]) => [a, b]);
    expect(fromPrimary.includes(second)).toBe(false);
  });

  it('tells namesakes apart by the middle name; two missing middle names match', async () => {
    const petrovich = await admit('P77-1', {
      lastName: 'Кузнецов',
      firstName: 'Иван',
      middleName: 'Петрович',
      birthDate: '1985-02-02',
      sex: 'M',
    });
    const sergeevich = await admit('P77-2', {
      lastName: 'Кузнецов',
      firstName: 'Иван',
      middleName: 'Сергеевич',
      birthDate: '1985-02-02',
      sex: 'M',
    });
    const noMiddle = await admit('P77-1', {
      lastName: 'Зайцев',
      firstName: 'Лев',
      middleName: null,
      birthDate: '1991-07-07',
      sex: 'M',
    });
    const olegovich = await admit('P77-2', {
      lastName: 'Зайцев',
      firstName: 'Лев',
      middleName: 'Олегович',
      birthDate: '1991-07-07',
      sex: 'M',
    });
    const orlov = await admit('P77-1', {
      lastName: 'Орлов',
      firstName: 'Глеб',
      middleName: null,
      birthDate: '1993-08-08',
      sex: 'M',
    });
    const orlova = await admit('P77-2', {
      lastName: 'Орлова',
      firstName: 'Глеб',
      middleName: null,
      birthDate: '1993-08-08',
      sex: 'M',
    });
    await sql("update members.member set last_name = 'ОРЛОВ' where id = ?", [orlova]);

    const pairs = (await pairsOf('R77', orgAdminOf(world.org('R77')))).map(([a, b]) => [a, b].join(' '));
    expect(pairs).not.toContain(sorted(petrovich, sergeevich).join(' '));
    expect(pairs).not.toContain(sorted(noMiddle, olegovich).join(' '));
    expect(pairs).toContain(sorted(orlov, orlova).join(' '));
  });
});

describe('reinstateMember needs the member’s last organization and the target', () => {
  it('refuses an admin of region A reinstating a former member of region B into A, and writes nothing', async () => {
    const former = await admit('P50-1', {
      lastName: 'Громова',
      firstName: 'Вера',
      birthDate: '1975-04-04',
      phone: '+7 916 000-00-01',
    });
    expect(errorCodes(await world.harness.execute(EXIT, { id: former }, centralAdmin))).toEqual([]);

    await expectRefused(
      REINSTATE,
      { id: former, to: world.org('P77-1') },
      orgAdminOf(world.org('R77')),
      'reinstateMember',
    );
    await expectRefused(REINSTATE, { id: former }, orgAdminOf(world.org('R77')), 'reinstateMember');
    await expectRefused(
      REINSTATE,
      { id: former, to: world.org('P77-1') },
      orgAdminOf(world.org('R50')),
      'reinstateMember',
    );
    const [row] = await sql<{ status: string; organization_id: string }>(
      'select status, organization_id from members.member where id = ?',
      [former],
    );
    expect(row).toEqual({ status: 'LEFT', organization_id: world.org('P50-1') });

    const reinstated = await world.harness.execute(REINSTATE, { id: former, to: world.org('P77-1') }, centralAdmin);
    expect(dataOf(reinstated, 'reinstateMember')).toMatchObject({
      status: 'ACTIVE',
      organization: { id: world.org('P77-1') },
    });
  });
});

describe('transferMember and mergeMembers need both ends', () => {
  it('moves between subtrees only for an admin whose subtree holds both organizations', async () => {
    const moving = await admit('P77-1', {
      lastName: 'Лисицына',
      firstName: 'Ольга',
      birthDate: '1988-09-09',
      joinedOn: '2020-01-01',
    });
    await expectRefused(
      TRANSFER,
      { id: moving, to: world.org('P50-1') },
      orgAdminOf(world.org('R77')),
      'transferMember',
    );
    await expectRefused(
      TRANSFER,
      { id: moving, to: world.org('P77-2') },
      orgAdminOf(world.org('P77-1')),
      'transferMember',
    );
    await expectRefused(
      TRANSFER,
      { id: moving, to: world.org('P50-1') },
      orgAdminOf(world.org('R50')),
      'transferMember',
    );
    await expectRefused(
      TRANSFER,
      { id: moving, to: world.org('P77-2') },
      analystOf(world.org('R77')),
      'transferMember',
    );

    const within = await world.harness.execute(
      TRANSFER,
      { id: moving, to: world.org('P77-2') },
      orgAdminOf(world.org('R77')),
    );
    expect(dataOf(within, 'transferMember')).toEqual({ id: moving, organization: { id: world.org('P77-2') } });
    const across = await world.harness.execute(TRANSFER, { id: moving, to: world.org('P50-1') }, centralAdmin);
    expect(dataOf(across, 'transferMember')).toEqual({ id: moving, organization: { id: world.org('P50-1') } });
  });

  it('tells nothing of an outside member’s state before refusing', async () => {
    const gone = await admit('P50-1', { lastName: 'Соколова', firstName: 'Нина', birthDate: '1970-10-10' });
    expect(errorCodes(await world.harness.execute(EXIT, { id: gone }, centralAdmin))).toEqual([]);
    const refused = await expectRefused(
      TRANSFER,
      { id: gone, to: world.org('P77-1') },
      orgAdminOf(world.org('R77')),
      'transferMember',
    );
    expect(refused.errors?.[0]?.extensions['status']).toBeUndefined();
    await expectRefused(EXIT, { id: gone }, orgAdminOf(world.org('R77')), 'recordMemberExit');
  });

  it('merges only records both within the caller’s scope, refusing before any state check', async () => {
    const keep = await admit('P77-1', { lastName: 'Фёдорова', firstName: 'Анна', birthDate: '1982-11-11' });
    const other = await admit('P50-1', { lastName: 'Фёдорова', firstName: 'Алла', birthDate: '1982-11-11' });
    await expectRefused(MERGE, { keep, duplicate: other }, orgAdminOf(world.org('R77')), 'mergeMembers');
    await expectRefused(MERGE, { keep: other, duplicate: keep }, orgAdminOf(world.org('R77')), 'mergeMembers');

    const folded = await admit('P50-1', { lastName: 'Фёдорова', firstName: 'Алиса', birthDate: '1982-11-11' });
    const kept = await admit('P50-1', { lastName: 'Фёдорова', firstName: 'Агата', birthDate: '1982-11-11' });
    // Two different people: only a central admin merges them, stating why (issue 12).
    const stated =
      'mutation ($keep: UUID!, $duplicate: UUID!) { mergeMembers(keepId: $keep, duplicateId: $duplicate, reason: "одна анкета") { id } }';
    expect(errorCodes(await world.harness.execute(stated, { keep: kept, duplicate: folded }, centralAdmin))).toEqual(
      [],
    );
    const refused = await expectRefused(
      MERGE,
      { keep, duplicate: folded },
      orgAdminOf(world.org('R77')),
      'mergeMembers',
    );
    expect(refused.errors?.[0]?.message).not.toMatch(/merged/i);
  });
});

describe('applications of another subtree', () => {
  it('are refused before their state is told, with no member id in the error', async () => {
    const input = {
      ...person({ lastName: 'Ветрова', firstName: 'Ирина', snils: null }),
      organizationId: world.org('P50-1'),
    };
    const decided = dataOf<{ id: string }>(await world.harness.execute(APPLY, { input }), 'applyForMembership').id;
    expect(errorCodes(await world.harness.execute(APPROVE, { id: decided }, centralAdmin))).toEqual([]);

    for (const [source, field] of [
      [APPROVE, 'approveApplication'],
      [REJECT, 'rejectApplication'],
    ] as const) {
      const refused = await expectRefused(source, { id: decided }, orgAdminOf(world.org('R77')), field);
      expect(refused.errors?.[0]?.extensions['memberId']).toBeUndefined();
    }
    const pending = dataOf<{ id: string }>(
      await world.harness.execute(APPLY, { input: { ...input, lastName: 'Ветрова', firstName: 'Инна' } }),
      'applyForMembership',
    ).id;
    await expectRefused(APPROVE, { id: pending }, orgAdminOf(world.org('R77')), 'approveApplication');
    await expectRefused(REJECT, { id: pending }, orgAdminOf(world.org('R77')), 'rejectApplication');
  });
});

describe('reads and single-record changes go through the scope', () => {
  let inB: string;
  beforeAll(async () => {
    inB = await admit('P50-1', {
      lastName: 'Ершова',
      firstName: 'Дарья',
      birthDate: '1986-12-12',
      phone: '+7 916 000-00-02',
    });
  });

  it('member(id) refuses outside the subtree, analysts everywhere', async () => {
    for (const viewer of [
      orgAdminOf(world.org('R77')),
      analystOf(world.org('R50')),
      memberViewer('00000000-0000-4000-8000-000000000000'),
    ]) {
      await expectRefused('query ($id: UUID!) { member(id: $id) { lastName phone } }', { id: inB }, viewer, 'member');
    }
    const read = await world.harness.execute(
      'query ($id: UUID!) { member(id: $id) { lastName } }',
      { id: inB },
      orgAdminOf(world.org('R50')),
    );
    expect(dataOf(read, 'member')).toEqual({ lastName: 'Ершова' });
  });

  it('Member.__resolveReference gives no record outside the MANAGE scope, analysts’ included', async () => {
    const ENTITIES = 'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member { id status } } }';
    const reps = [{ __typename: 'Member', id: inB }];
    for (const viewer of [
      orgAdminOf(world.org('R77')),
      analystOf(world.org('R50')),
      memberViewer('00000000-0000-4000-8000-000000000000'),
    ]) {
      expect(dataOf<unknown[]>(await world.harness.execute(ENTITIES, { reps }, viewer), '_entities')).toEqual([null]);
    }
    expect(dataOf(await world.harness.execute(ENTITIES, { reps }, memberViewer(inB)), '_entities')).toEqual([
      { id: inB, status: 'ACTIVE' },
    ]);
    expect(dataOf(await world.harness.execute(ENTITIES, { reps }, orgAdminOf(world.org('R50'))), '_entities')).toEqual([
      { id: inB, status: 'ACTIVE' },
    ]);
  });

  it('Organization.members refuses a subtree outside the scope; memberCounts takes READ_FIGURES', async () => {
    const MEMBERS =
      'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { members { nodes { fullName phone } } } } }';
    const COUNTS =
      'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { memberCounts { active } } } }';
    const reps = [{ __typename: 'Organization', id: world.org('R50') }];
    for (const viewer of [orgAdminOf(world.org('R77')), orgAdminOf(world.org('P77-1')), analystOf(world.org('R50'))]) {
      const listing = await world.harness.execute(MEMBERS, { reps }, viewer);
      expect(errorCodes(listing)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(listing.data)).not.toContain('Ершова');
    }
    expect(errorCodes(await world.harness.execute(COUNTS, { reps }, analystOf(world.org('R77'))))).toEqual([
      'FORBIDDEN',
    ]);
    expect(errorCodes(await world.harness.execute(COUNTS, { reps }, memberViewer(inB)))).toEqual(['FORBIDDEN']);
    const counts = dataOf<{ memberCounts: { active: number } }[]>(
      await world.harness.execute(COUNTS, { reps }, analystOf(world.org('R50'))),
      '_entities',
    );
    expect(counts[0]?.memberCounts.active).toBeGreaterThan(0);
  });

  it('updateMember and recordMemberExit refuse outside the subtree and write nothing', async () => {
    await expectRefused(
      'mutation ($id: UUID!) { updateMember(id: $id, input: { phone: "+7 916 999-99-99" }) { phone } }',
      { id: inB },
      orgAdminOf(world.org('R77')),
      'updateMember',
    );
    await expectRefused(EXIT, { id: inB }, orgAdminOf(world.org('R77')), 'recordMemberExit');
    await expectRefused(EXIT, { id: inB }, analystOf(world.org('R50')), 'recordMemberExit');
  });

  it('the import needs MANAGE over the whole union', async () => {
    const csv = [
      'registration_number,organization_code,last_name,first_name,middle_name,birth_date,sex,phone,email,snils,category,position,joined_on,consent_version,bonus_consent,guardian_name',
      'S-1,P50-1,Лебедева,Ольга,,1985-04-01,F,,,,EMPLOYEE,,2024-09-01,2026-01,false,',
    ].join('\n');
    const IMPORT = 'mutation ($csv: String!) { importMembers(csv: $csv) { created } }';
    for (const viewer of [orgAdminOf(world.org('R50')), orgAdminOf(world.org('C')), analystOf(world.org('C'))]) {
      await expectRefused(IMPORT, { csv }, viewer, 'importMembers');
    }
  });
});
