import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, RequestAuth, StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness, responseCodes } from '../support/stack-harness';

/**
 * The chair's inbox through the gateway: who sees which applications, pagination and filters,
 * the applicant's details (audited), counts per organization, and batch decisions.
 */
let harness: StackHarness;
let em: () => EntityManager;

const gateway = (query: string, variables: Record<string, unknown>, auth: RequestAuth = {}): Promise<GatewayResponse> =>
  harness.post(query, variables, auth);
const central = (): RequestAuth => ({ token: harness.token({ sub: 'inbox-central', roles: [Role.CENTRAL_ADMIN] }) });
const chairOf = (organizationId: string, sub: string): RequestAuth => ({
  token: harness.token({ sub, roles: [Role.ORG_ADMIN], org: organizationId }),
});

async function orgId(code: string): Promise<string> {
  return fieldOf<{ id: string }>(
    await gateway('query ($c: String!) { organizationByCode(code: $c) { id } }', { c: code }),
    'organizationByCode',
  ).id;
}

/** A fresh organization (the demo's have applications of their own): the level its code implies. */
async function newOrg(code: string, parentId: string): Promise<string> {
  const level = code.split('-').length === 2 ? 'TERRITORIAL' : 'PRIMARY';
  const input = {
    parentId,
    code,
    name: `Организация ${code}`,
    level,
    ...(level === 'PRIMARY' ? { primaryType: 'SCHOOL' } : {}),
  };
  return fieldOf<{ id: string }>(
    await gateway(
      'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
      { input },
      central(),
    ),
    'createOrganization',
  ).id;
}

let people = 0;
const person = (lastName: string, extra: Record<string, unknown> = {}) => {
  people += 1;
  return {
    lastName,
    firstName: 'Нина',
    birthDate: `1971-04-${String(people).padStart(2, '0')}`,
    category: 'EMPLOYEE',
    consentVersion: '2026-01',
    ...extra,
  };
};

async function apply(organizationId: string, input: Record<string, unknown>): Promise<string> {
  return fieldOf<{ id: string }>(
    await gateway('mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { id } }', {
      input: { organizationId, ...input },
    }),
    'applyForMembership',
  ).id;
}

interface InboxPage {
  totalCount: number;
  nodes: { id: string; lastName: string; organization: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
const INBOX = `query ($filter: ApplicationInboxFilter, $first: Int, $after: String) {
  applicationInbox(filter: $filter, first: $first, after: $after) { totalCount nodes { id lastName organization { id } } pageInfo { hasNextPage endCursor } }
}`;
const inbox = async (
  auth: RequestAuth,
  filter: Record<string, unknown> = {},
  first = 50,
  after: string | null = null,
): Promise<InboxPage> => fieldOf<InboxPage>(await gateway(INBOX, { filter, first, after }, auth), 'applicationInbox');

let territorial: string;
let primaryA: string;
let primaryB: string;
let outsidePrimary: string;
/** Applications to primary A (the last one is of a person already a member), B, and another region. */
const atA: string[] = [];
let atB: string;
let outside: string;
let duplicate: string;
let onRecord: string;

beforeAll(async () => {
  harness = await openStackHarness('inbox', { CARDS_MEMBER_EVENTS_INTERVAL_MS: '3600000' });
  const orm = harness.stack.subgraphs.get('members')?.orm;
  if (!orm) throw new Error('Expected the members subgraph in the stack');
  em = () => orm.em.fork();
  territorial = await newOrg('77-901', await orgId('77'));
  primaryA = await newOrg('77-901-0001', territorial);
  primaryB = await newOrg('77-901-0002', territorial);
  outsidePrimary = await newOrg('50-001-9001', await orgId('50-001'));
  for (const lastName of ['Алексеева', 'Борисова', 'Васильева'])
    atA.push(await apply(primaryA, person(lastName, { email: `${lastName.length}${people}@school.ru` })));
  // A person on record, then their application: the inbox shows the match, approval refuses it.
  const twin = person('Григорьева');
  onRecord = fieldOf<{ id: string }>(
    await gateway(
      'mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id } }',
      { input: { ...twin, organizationId: primaryB } },
      central(),
    ),
    'admitMember',
  ).id;
  duplicate = await apply(primaryA, twin);
  atA.push(duplicate);
  atB = await apply(primaryB, person('Дмитриева'));
  outside = await apply(outsidePrimary, person('Егорова'));
}, 120_000);
afterAll(() => harness?.close());

describe("the chair's inbox", () => {
  it("shows a primary's chair its own applications only, a territorial chair its primaries', never another region's", async () => {
    const primaryChair = chairOf(primaryA, 'inbox-chair-a');
    const own = await inbox(primaryChair);
    expect(own.nodes.map((node) => node.id)).toEqual(atA);
    expect(own.totalCount).toBe(4);

    const territorialChair = chairOf(territorial, 'inbox-chair-t');
    const subtree = await inbox(territorialChair);
    expect(new Set(subtree.nodes.map((node) => node.id))).toEqual(new Set([...atA, atB]));
    expect(subtree.nodes.map((node) => node.id)).not.toContain(outside);

    // Narrowed to one primary of the subtree; aimed at another region: refused before anything is read.
    expect((await inbox(territorialChair, { organizationId: primaryB })).nodes.map((node) => node.id)).toEqual([atB]);
    expect(
      responseCodes(await gateway(INBOX, { filter: { organizationId: outsidePrimary } }, territorialChair)),
    ).toEqual(['FORBIDDEN']);
    expect(responseCodes(await gateway(INBOX, { filter: { organizationId: territorial } }, primaryChair))).toEqual([
      'FORBIDDEN',
    ]);
    // Members and anonymous callers have no inbox.
    expect(responseCodes(await gateway(INBOX, {}))).toEqual(['FORBIDDEN']);

    const all = await inbox(central(), {}, 500);
    expect(all.nodes.map((node) => node.id)).toEqual(expect.arrayContaining([...atA, atB, outside]));
  });

  it('pages by keyset, oldest first, without repeating or skipping', async () => {
    const chair = chairOf(territorial, 'inbox-pager');
    const first = await inbox(chair, {}, 2);
    expect(first).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true } });
    const second = await inbox(chair, {}, 2, first.pageInfo.endCursor);
    const third = await inbox(chair, {}, 2, second.pageInfo.endCursor);
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect([...first.nodes, ...second.nodes, ...third.nodes].map((node) => node.id)).toEqual([...atA, atB]);
    expect(third.totalCount).toBe(5);
    expect(responseCodes(await gateway(INBOX, { after: 'bm90LWEtY3Vyc29y' }, chair))).toEqual(['INVALID_CURSOR']);
  });

  it('filters by search, filing time, matches and status', async () => {
    const chair = chairOf(territorial, 'inbox-filters');
    expect((await inbox(chair, { search: 'борис' })).nodes.map((node) => node.lastName)).toEqual(['Борисова']);
    expect((await inbox(chair, { matchesExisting: true })).nodes.map((node) => node.id)).toEqual([duplicate]);
    expect((await inbox(chair, { matchesExisting: false })).totalCount).toBe(4);
    expect((await inbox(chair, { submittedTo: new Date(Date.now() - 86_400_000).toISOString() })).totalCount).toBe(0);
    expect((await inbox(chair, { submittedFrom: new Date(Date.now() - 3_600_000).toISOString() })).totalCount).toBe(5);
    expect((await inbox(chair, { status: 'APPROVED' })).totalCount).toBe(0);
  });

  it("shows the applicant's details and the match to reviewers only, and audits each read under the application", async () => {
    const chair = chairOf(primaryA, 'inbox-reader');
    const answer = await gateway(
      `query ReadInbox { applicationInbox(filter: { matchesExisting: true }) { nodes { id fullName birthDate email snils category position consent { version bonusProgram } matchedMember { id } repeatOf { id } } } }`,
      {},
      chair,
    );
    const [node] = fieldOf<{
      nodes: { id: string; fullName: string; matchedMember: { id: string } | null; consent: { version: string } }[];
    }>(answer, 'applicationInbox').nodes;
    expect(node).toMatchObject({
      id: duplicate,
      fullName: 'Григорьева Нина',
      matchedMember: { id: onRecord },
      consent: { version: '2026-01' },
    });
    const rows = await em().execute<{ application_id: string | null; member_id: string | null; fields: string[] }[]>(
      "select application_id, member_id, fields from members.personal_data_read where actor_subject = 'inbox-reader'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ application_id: duplicate, member_id: null });
    expect(new Set(rows[0]?.fields)).toEqual(
      new Set(['fullName', 'birthDate', 'email', 'snils', 'category', 'position', 'consent']),
    );

    // The public answer to an application carries no applicant details.
    const filed = await gateway(
      'mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { id lastName } }',
      { input: { organizationId: outsidePrimary, ...person('Жукова') } },
    );
    expect(responseCodes(filed)).toEqual(['FORBIDDEN']);
    // Nor does the inbox of another region's chair.
    const stranger = await gateway(
      'query ($id: UUID!) { membershipApplication(id: $id) { lastName } }',
      { id: outside },
      chair,
    );
    expect(responseCodes(stranger)).toEqual(['FORBIDDEN']);
  });

  it('counts pending applications per organization of the subtree', async () => {
    const counts = fieldOf<{ organization: { id: string }; pending: number }[]>(
      await gateway(
        'query ($id: UUID) { applicationCounts(organizationId: $id) { organization { id } pending } }',
        { id: territorial },
        chairOf(territorial, 'inbox-counter'),
      ),
      'applicationCounts',
    );
    expect(counts).toEqual([
      { organization: { id: primaryA }, pending: 4 },
      { organization: { id: primaryB }, pending: 1 },
    ]);
    expect(
      responseCodes(
        await gateway(
          'query ($id: UUID) { applicationCounts(organizationId: $id) { pending } }',
          { id: outsidePrimary },
          chairOf(territorial, 'inbox-counter'),
        ),
      ),
    ).toEqual(['FORBIDDEN']);
  });

  it('refuses a batch naming an application outside the scope whole, deciding none', async () => {
    const answer = await gateway(
      'mutation ($ids: [UUID!]!) { rejectApplications(ids: $ids, reason: "проверка") { id ok } }',
      { ids: [atB, outside] },
      chairOf(territorial, 'inbox-outsider'),
    );
    expect(responseCodes(answer)).toEqual(['FORBIDDEN']);
    const statuses = await em().execute<{ status: string }[]>(
      'select status from members.membership_application where id = any(?::uuid[])',
      [`{${atB},${outside}}`],
    );
    expect(statuses.map((row) => row.status)).toEqual(['PENDING', 'PENDING']);
  });

  it('approves a batch of 3 with one already a member: 2 approved, 1 DUPLICATE_PERSON, the 2 members exist', async () => {
    const chair = chairOf(primaryA, 'inbox-approver');
    const ids = [atA[0], duplicate, atA[1]];
    const results = fieldOf<
      {
        id: string;
        ok: boolean;
        memberId: string | null;
        error: { code: string; message: string; memberId: string | null } | null;
      }[]
    >(
      await gateway(
        'mutation ($ids: [UUID!]!) { approveApplications(ids: $ids) { id ok memberId application { status } error { code message memberId } } }',
        { ids },
        chair,
      ),
      'approveApplications',
    );
    expect(results.map((result) => [result.id, result.ok, result.error?.code ?? null])).toEqual([
      [atA[0], true, null],
      [duplicate, false, 'DUPLICATE_PERSON'],
      [atA[1], true, null],
    ]);
    expect(results[1]?.error?.memberId).toBe(onRecord);
    const memberIds = results.flatMap((result) => (result.memberId ? [result.memberId] : []));
    expect(memberIds).toHaveLength(2);
    for (const id of memberIds) {
      const member = fieldOf<{ status: string; organization: { id: string } }>(
        await gateway('query ($id: UUID!) { member(id: $id) { status organization { id } } }', { id }, chair),
        'member',
      );
      expect(member).toEqual({ status: 'ACTIVE', organization: { id: primaryA } });
    }
    expect((await inbox(chair)).nodes.map((node) => node.id)).toEqual([atA[2], duplicate]);

    // Deciding again is told per id, as the single decision tells it; the rest still go through.
    const again = fieldOf<{ ok: boolean; error: { code: string } | null }[]>(
      await gateway(
        'mutation ($ids: [UUID!]!) { rejectApplications(ids: $ids, reason: "повтор") { ok error { code } } }',
        { ids: [atA[0], duplicate, '00000000-0000-4000-8000-000000000000'] },
        chair,
      ),
      'rejectApplications',
    );
    expect(again).toEqual([
      { ok: false, error: { code: 'INVALID_STATE' } },
      { ok: true, error: null },
      { ok: false, error: { code: 'NOT_FOUND' } },
    ]);
  });
});
