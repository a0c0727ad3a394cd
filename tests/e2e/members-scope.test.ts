import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Role } from '@registry/lib';
import { buildSchema, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness, responseCodes, valueAt } from '../support/stack-harness';

// The demo union: region A is Moscow ("77"), region B the Moscow oblast ("50"). Every members
// query and mutation is tried against B by viewers of A and by those with no reach at all.
let harness: StackHarness;

const CENTRAL = { sub: 'e2e-central', roles: [Role.CENTRAL_ADMIN] };
const central = (): { token: string } => ({ token: harness.token(CENTRAL) });
const gateway = (
  query: string,
  variables: Record<string, unknown> = {},
  auth: { token?: string } = {},
): Promise<GatewayResponse> => harness.post(query, variables, auth);

interface World {
  regionA: string;
  regionB: string;
  primaryA: string;
  primaryA2: string;
  primaryB: string;
  /** Active in B, with a second active record of B to merge with. */
  activeB: string;
  activeB2: string;
  /** Left from B. */
  formerB: string;
  activeA: string;
  /** The member who signs in as MEMBER (in A). */
  memberA: string;
  pendingApplicationB: string;
  decidedApplicationB: string;
  /** Strings of B's records that no refusal may carry: names, phones, SNILS, the approved application's member id. */
  secrets: string[];
}
let world: World;

async function orgId(code: string): Promise<string> {
  return fieldOf<{ id: string }>(
    await gateway('query ($code: String!) { organizationByCode(code: $code) { id } }', { code }),
    'organizationByCode',
  ).id;
}

let serial = 0;
async function admit(organizationId: string, lastName: string, extra: Record<string, unknown> = {}): Promise<string> {
  serial += 1;
  const input = {
    organizationId,
    lastName,
    firstName: 'Тест',
    middleName: null,
    birthDate: `1980-01-${String(serial).padStart(2, '0')}`,
    category: 'EMPLOYEE',
    consentVersion: '2026-01',
    joinedOn: '2020-01-01',
    ...extra,
  };
  return fieldOf<{ id: string }>(
    await gateway('mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id } }', { input }, central()),
    'admitMember',
  ).id;
}

async function apply(organizationId: string, lastName: string): Promise<string> {
  const input = {
    organizationId,
    lastName,
    firstName: 'Заявитель',
    birthDate: '1999-09-09',
    category: 'STUDENT',
    consentVersion: '2026-01',
  };
  return fieldOf<{ id: string }>(
    await gateway('mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { id } }', {
      input,
    }),
    'applyForMembership',
  ).id;
}

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const members = harness.stack.subgraphs.get('members');
  if (!members) throw new Error('the stack has no members subgraph');
  return members.orm.em.fork().execute<T[]>(text, params);
}

/** One digest per table the members subgraph writes: equal digests, nothing written. */
async function writes(): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of ['member', 'membership_period', 'membership_event', 'outbox_event', 'membership_application']) {
    const [row] = await sql<{ digest: string }>(
      `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from members.${table} t`,
    );
    digests[table] = row?.digest ?? '';
  }
  return digests;
}

beforeAll(async () => {
  harness = await openStackHarness('members_scope');
  const [regionA, regionB, primaryA, primaryA2, primaryB] = await Promise.all(
    ['77', '50', '77-001-0001', '77-002-0001', '50-001-0001'].map(orgId),
  );
  if (!regionA || !regionB || !primaryA || !primaryA2 || !primaryB)
    throw new Error('demo union without regions 77 and 50');
  const activeB = await admit(primaryB, 'Секретова', { phone: '+7 916 555-01-01', snils: '112-233-445 95' });
  const activeB2 = await admit(primaryB, 'Тайнова', { phone: '+7 916 555-01-02' });
  const formerB = await admit(primaryB, 'Ушедшая', { phone: '+7 916 555-01-03' });
  expect(
    responseCodes(
      await gateway(
        'mutation ($id: UUID!) { recordMemberExit(id: $id, exit: { kind: LEFT, date: "2024-01-01" }) { id } }',
        { id: formerB },
        central(),
      ),
    ),
  ).toEqual([]);
  const activeA = await admit(primaryA, 'Московская');
  const memberA = await admit(primaryA, 'Членова');
  const pendingApplicationB = await apply(primaryB, 'Заявкина');
  const decidedApplicationB = await apply(primaryB, 'Принятова');
  const approved = fieldOf<{ member: { id: string } }>(
    await gateway(
      'mutation ($id: UUID!) { approveApplication(id: $id) { member { id } } }',
      { id: decidedApplicationB },
      central(),
    ),
    'approveApplication',
  );
  world = {
    regionA,
    regionB,
    primaryA,
    primaryA2,
    primaryB,
    activeB,
    activeB2,
    formerB,
    activeA,
    memberA,
    pendingApplicationB,
    decidedApplicationB,
    secrets: ['Секретова', 'Тайнова', 'Ушедшая', 'Заявкина', 'Принятова', '555-01', '11223344595', approved.member.id],
  };
});
afterAll(() => harness?.close());

interface Attempt {
  name: string;
  /** Where the refused data would be (`organizationByCode.members`): it must come back empty. */
  field: string;
  query: string;
  variables: () => Record<string, unknown>;
  /** Acts on the signed-in member's own record: not an attempt on B for a MEMBER. */
  self?: boolean;
}

const IMPORT_HEADER =
  'registration_number,organization_code,last_name,first_name,middle_name,birth_date,sex,phone,email,snils,category,position,joined_on,consent_version,bonus_consent,guardian_name';

/** Every members query and mutation, each aimed at region B. */
const ATTEMPTS: Attempt[] = [
  {
    name: 'member',
    field: 'member',
    query: 'query ($id: UUID!) { member(id: $id) { lastName phone snils } }',
    variables: () => ({ id: world.activeB }),
  },
  {
    name: 'possibleDuplicates',
    field: 'possibleDuplicates',
    query:
      'query ($org: UUID!) { possibleDuplicates(organizationId: $org) { first { lastName phone } second { lastName } } }',
    variables: () => ({ org: world.regionB }),
  },
  {
    name: 'membershipApplication',
    field: 'membershipApplication',
    query: 'query ($id: UUID!) { membershipApplication(id: $id) { status decidedAt matchedMember { lastName } } }',
    variables: () => ({ id: world.decidedApplicationB }),
  },
  {
    name: 'applicationInbox',
    field: 'applicationInbox',
    query: 'query ($o: UUID!) { applicationInbox(filter: { organizationId: $o }) { totalCount nodes { lastName } } }',
    variables: () => ({ o: world.primaryB }),
  },
  {
    name: 'applicationCounts',
    field: 'applicationCounts',
    query: 'query ($o: UUID!) { applicationCounts(organizationId: $o) { pending } }',
    variables: () => ({ o: world.primaryB }),
  },
  {
    name: 'approveApplications',
    field: 'approveApplications',
    query: 'mutation ($ids: [UUID!]!) { approveApplications(ids: $ids) { ok } }',
    variables: () => ({ ids: [world.pendingApplicationB] }),
  },
  {
    name: 'rejectApplications',
    field: 'rejectApplications',
    query: 'mutation ($ids: [UUID!]!) { rejectApplications(ids: $ids, reason: "проверка") { ok } }',
    variables: () => ({ ids: [world.pendingApplicationB] }),
  },
  {
    name: 'personalDataAccessLog',
    field: 'personalDataAccessLog',
    query: '{ personalDataAccessLog { __typename } }',
    variables: () => ({}),
  },
  { name: 'me', field: 'me', query: '{ me { lastName } }', variables: () => ({}), self: true },
  {
    name: 'Organization.members',
    field: 'organizationByCode.members',
    query: '{ organizationByCode(code: "50") { members { totalCount nodes { lastName phone } } } }',
    variables: () => ({}),
  },
  {
    name: 'Organization.memberCounts',
    field: 'organizationByCode.memberCounts',
    query: '{ organizationByCode(code: "50") { memberCounts { active } } }',
    variables: () => ({}),
  },
  {
    name: 'admitMember',
    field: 'admitMember',
    query: 'mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id } }',
    variables: () => ({
      input: {
        organizationId: world.primaryB,
        lastName: 'Чужая',
        firstName: 'Запись',
        birthDate: '1990-02-02',
        category: 'EMPLOYEE',
        consentVersion: '2026-01',
      },
    }),
  },
  {
    name: 'updateMember',
    field: 'updateMember',
    query: 'mutation ($id: UUID!) { updateMember(id: $id, input: { phone: "+7 900 000-00-00" }) { phone } }',
    variables: () => ({ id: world.activeB }),
  },
  {
    name: 'transferMember B → A',
    field: 'transferMember',
    query: 'mutation ($id: UUID!, $to: UUID!) { transferMember(id: $id, toOrganizationId: $to) { lastName } }',
    variables: () => ({ id: world.activeB, to: world.primaryA }),
  },
  {
    name: 'transferMember A → B',
    field: 'transferMember',
    query: 'mutation ($id: UUID!, $to: UUID!) { transferMember(id: $id, toOrganizationId: $to) { lastName } }',
    variables: () => ({ id: world.activeA, to: world.primaryB }),
  },
  {
    name: 'transferMember of a former member of B',
    field: 'transferMember',
    query: 'mutation ($id: UUID!, $to: UUID!) { transferMember(id: $id, toOrganizationId: $to) { id } }',
    variables: () => ({ id: world.formerB, to: world.primaryA }),
  },
  {
    name: 'recordMemberExit',
    field: 'recordMemberExit',
    query: 'mutation ($id: UUID!) { recordMemberExit(id: $id, exit: { kind: LEFT }) { status } }',
    variables: () => ({ id: world.activeB }),
  },
  {
    name: 'recordMemberExit of a former member',
    field: 'recordMemberExit',
    query: 'mutation ($id: UUID!) { recordMemberExit(id: $id, exit: { kind: LEFT }) { status } }',
    variables: () => ({ id: world.formerB }),
  },
  {
    name: 'reinstateMember into A',
    field: 'reinstateMember',
    query: 'mutation ($id: UUID!, $to: UUID) { reinstateMember(id: $id, organizationId: $to) { lastName phone } }',
    variables: () => ({ id: world.formerB, to: world.primaryA }),
  },
  {
    name: 'reinstateMember into B',
    field: 'reinstateMember',
    query: 'mutation ($id: UUID!) { reinstateMember(id: $id) { lastName } }',
    variables: () => ({ id: world.formerB }),
  },
  {
    name: 'reinstateMember of an active member',
    field: 'reinstateMember',
    query: 'mutation ($id: UUID!, $to: UUID) { reinstateMember(id: $id, organizationId: $to) { id } }',
    variables: () => ({ id: world.activeB, to: world.primaryA }),
  },
  {
    name: 'mergeMembers A ← B',
    field: 'mergeMembers',
    query: 'mutation ($keep: UUID!, $dup: UUID!) { mergeMembers(keepId: $keep, duplicateId: $dup) { phone } }',
    variables: () => ({ keep: world.activeA, dup: world.activeB }),
  },
  {
    name: 'mergeMembers B ← A',
    field: 'mergeMembers',
    query: 'mutation ($keep: UUID!, $dup: UUID!) { mergeMembers(keepId: $keep, duplicateId: $dup) { phone } }',
    variables: () => ({ keep: world.activeB, dup: world.activeA }),
  },
  {
    name: 'mergeMembers within B',
    field: 'mergeMembers',
    query: 'mutation ($keep: UUID!, $dup: UUID!) { mergeMembers(keepId: $keep, duplicateId: $dup) { phone } }',
    variables: () => ({ keep: world.activeB, dup: world.activeB2 }),
  },
  {
    name: 'approveApplication (pending)',
    field: 'approveApplication',
    query: 'mutation ($id: UUID!) { approveApplication(id: $id) { member { id } } }',
    variables: () => ({ id: world.pendingApplicationB }),
  },
  {
    name: 'approveApplication (decided)',
    field: 'approveApplication',
    query: 'mutation ($id: UUID!) { approveApplication(id: $id) { member { id } } }',
    variables: () => ({ id: world.decidedApplicationB }),
  },
  {
    name: 'rejectApplication (pending)',
    field: 'rejectApplication',
    query: 'mutation ($id: UUID!) { rejectApplication(id: $id, reason: "нет") { status } }',
    variables: () => ({ id: world.pendingApplicationB }),
  },
  {
    name: 'rejectApplication (decided)',
    field: 'rejectApplication',
    query: 'mutation ($id: UUID!) { rejectApplication(id: $id, reason: "нет") { status } }',
    variables: () => ({ id: world.decidedApplicationB }),
  },
  {
    name: 'importMembers',
    field: 'importMembers',
    query: 'mutation ($csv: String!) { importMembers(csv: $csv) { created } }',
    variables: () => ({
      csv: `${IMPORT_HEADER}\nX-1,50-001-0001,Импортова,Ирина,,1985-04-01,F,,,,EMPLOYEE,,2024-09-01,2026-01,false,`,
    }),
  },
  {
    name: 'updateMyContacts',
    field: 'updateMyContacts',
    query: 'mutation { updateMyContacts(phone: "+7 900 000-00-01") { phone } }',
    variables: () => ({}),
    self: true,
  },
  {
    name: 'withdrawBonusConsent',
    field: 'withdrawBonusConsent',
    query: 'mutation { withdrawBonusConsent { id } }',
    variables: () => ({}),
    self: true,
  },
  {
    name: 'leaveUnion',
    field: 'leaveUnion',
    query: 'mutation { leaveUnion { id } }',
    variables: () => ({}),
    self: true,
  },
];

/** Open to anyone by design: filing an application needs no sign-in. */
// Public by design: anyone may apply or ask to sign in, and the answers say nothing of the registry.
const PUBLIC = new Set(['applyForMembership', 'requestSignInCode', 'signIn']);

const VIEWERS: { name: string; auth: () => { token?: string }; member?: boolean }[] = [
  {
    name: 'ORG_ADMIN of region A',
    auth: () => ({ token: harness.token({ sub: 'e2e-admin-77', roles: [Role.ORG_ADMIN], org: world.regionA }) }),
  },
  {
    name: 'ANALYST of region A',
    auth: () => ({ token: harness.token({ sub: 'e2e-analyst-77', roles: [Role.ANALYST], org: world.regionA }) }),
  },
  {
    name: 'MEMBER of region A',
    auth: () => ({ token: harness.token({ sub: 'e2e-member-77', roles: [Role.MEMBER], member: world.memberA }) }),
    member: true,
  },
  { name: 'anonymous', auth: () => ({}) },
];

describe('members: nothing of region B for viewers of region A or without reach', () => {
  it('tries every members query and mutation', () => {
    const sdl = readFileSync(resolve(__dirname, '../../schema/members.graphql'), 'utf8');
    const schema = buildSchema(
      `${sdl}\nscalar _Any\nscalar FieldSet\nscalar link__Import\nenum link__Purpose { SECURITY EXECUTION }`,
      { assumeValidSDL: true },
    );
    const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
      type && isObjectType(type) ? Object.keys(type.getFields()) : [],
    );
    const fields = roots.filter((name) => !name.startsWith('_') && !PUBLIC.has(name));
    const tried = new Set(ATTEMPTS.map((attempt) => attempt.name.split(' ')[0]));
    expect(fields.filter((name) => !tried.has(name))).toEqual([]);
  });

  for (const viewer of VIEWERS) {
    for (const attempt of ATTEMPTS) {
      if (viewer.member && attempt.self) continue;
      it(`${viewer.name}: ${attempt.name} is refused, answers nothing of B and writes nothing`, async () => {
        const before = await writes();
        const response = await gateway(attempt.query, attempt.variables(), viewer.auth());
        const codes = responseCodes(response);
        expect(codes.length).toBeGreaterThan(0);
        expect(codes.filter((code) => code !== 'FORBIDDEN' && code !== 'UNAUTHENTICATED')).toEqual([]);
        expect(valueAt(response.data, attempt.field) ?? null).toBeNull();
        const text = JSON.stringify(response);
        expect(world.secrets.filter((secret) => text.includes(secret))).toEqual([]);
        expect(await writes()).toEqual(before);
      });
    }
  }
});

describe('members: the findings of issue 10 through the gateway', () => {
  const adminOf = (organizationId: string): { token: string } => ({
    token: harness.token({ sub: `e2e-admin-${organizationId}`, roles: [Role.ORG_ADMIN], org: organizationId }),
  });
  const DUPLICATES =
    'query ($org: UUID!) { possibleDuplicates(organizationId: $org) { reason first { id } second { id } } }';
  const pairsOf = async (organizationId: string, auth: { token: string }): Promise<string[][]> =>
    fieldOf<{ first: { id: string }; second: { id: string } }[]>(
      await gateway(DUPLICATES, { org: organizationId }, auth),
      'possibleDuplicates',
    ).map((pair) => [pair.first.id, pair.second.id].sort());

  it('possibleDuplicates: no twin across regions for a regional admin, no namesakes with other middle names', async () => {
    const twinA = await admit(world.primaryA, 'Двойникова', {
      firstName: 'Ада',
      middleName: 'Ивановна',
      birthDate: '1977-07-07',
    });
    const twinB = await admit(world.primaryB, 'Двойникова', {
      firstName: 'Аля',
      middleName: 'Ивановна',
      birthDate: '1977-07-07',
    });
    await sql("update members.member set first_name = 'Ада' where id = ?", [twinB]);
    const namesakeA = await admit(world.primaryA, 'Тёзкина', {
      firstName: 'Ева',
      middleName: 'Петровна',
      birthDate: '1978-08-08',
    });
    const namesakeA2 = await admit(world.primaryA2, 'Тёзкина', {
      firstName: 'Ева',
      middleName: 'Сергеевна',
      birthDate: '1978-08-08',
    });

    const fromA = await pairsOf(world.regionA, adminOf(world.regionA));
    expect(fromA.flat().includes(twinB)).toBe(false);
    expect(fromA).not.toContainEqual([namesakeA, namesakeA2].sort());
    expect(await pairsOf(world.regionA, central())).toContainEqual([twinA, twinB].sort());
  });

  it('transferMember: a regional admin moves between two of its territorials, a territorial admin not out of its own', async () => {
    const moving = await admit(world.primaryA, 'Переездова');
    const territorial = await orgId('77-001');
    const TRANSFER =
      'mutation ($id: UUID!, $to: UUID!) { transferMember(id: $id, toOrganizationId: $to) { organization { id } } }';
    const before = await writes();
    expect(responseCodes(await gateway(TRANSFER, { id: moving, to: world.primaryA2 }, adminOf(territorial)))).toEqual([
      'FORBIDDEN',
    ]);
    expect(await writes()).toEqual(before);
    const moved = await gateway(TRANSFER, { id: moving, to: world.primaryA2 }, adminOf(world.regionA));
    expect(fieldOf(moved, 'transferMember')).toEqual({ organization: { id: world.primaryA2 } });
  });

  it('reinstateMember: a central admin may bring a former member of B into A; the record and its history follow', async () => {
    const [before] = await sql<{ n: number }>(
      "select count(*)::int as n from members.membership_event where kind = 'REINSTATED'",
    );
    const reinstated = await gateway(
      'mutation ($id: UUID!, $to: UUID) { reinstateMember(id: $id, organizationId: $to) { status organization { id } } }',
      { id: world.formerB, to: world.primaryA },
      central(),
    );
    expect(fieldOf(reinstated, 'reinstateMember')).toEqual({ status: 'ACTIVE', organization: { id: world.primaryA } });
    const [after] = await sql<{ n: number }>(
      "select count(*)::int as n from members.membership_event where kind = 'REINSTATED'",
    );
    expect((after?.n ?? 0) - (before?.n ?? 0)).toBe(1);
  });
});
