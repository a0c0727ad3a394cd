import type { MikroORM } from '@mikro-orm/postgresql';
import { Role } from '@registry/lib';
import { countQueries } from '@registry/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness, PRODUCTION_STACK, responseCodes } from '../support/stack-harness';

let harness: StackHarness;
let members: MikroORM;
beforeAll(async () => {
  harness = await openStackHarness('audit');
  const subgraph = harness.stack.subgraphs.get('members');
  if (!subgraph) throw new Error('the stack has no members subgraph');
  members = subgraph.orm;
});
afterAll(() => harness?.close());

const gateway = (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GatewayResponse> =>
  harness.post(query, variables, token ? { token } : {});

/** A SNILS passing its checksum, from a nine-digit serial above the unchecked range. */
function snilsOf(serial: number): string {
  const body = String(200_000_000 + serial).padStart(9, '0');
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (9 - index), 0);
  const remainder = sum % 101;
  return `${body}${String(remainder === 100 ? 0 : remainder).padStart(2, '0')}`;
}

interface AuditRow {
  id: string;
  actor_subject: string;
  actor_roles: string[];
  member_id: string;
  fields: string[];
  operation_name: string | null;
  path: string;
}

/** Audit rows written after `since` (an id), oldest first. */
const rowsSince = (since: string): Promise<AuditRow[]> =>
  members.em
    .fork()
    .execute<AuditRow[]>(
      'select id::text as id, actor_subject, actor_roles, member_id, fields, operation_name, path from members.personal_data_read where id > ?::bigint order by id',
      [since],
    );
const lastId = async (): Promise<string> => {
  const [row] = await members.em
    .fork()
    .execute<{ id: string }[]>('select coalesce(max(id), 0)::text as id from members.personal_data_read');
  return row?.id ?? '0';
};
/** What a read left in the log: who, whose, which fields (sorted), through what path. */
const summary = (rows: AuditRow[]) =>
  rows.map((row) => ({
    actor: row.actor_subject,
    roles: row.actor_roles,
    member: row.member_id,
    fields: [...row.fields].sort(),
    path: row.path,
  }));

const central = () => harness.token({ sub: 'audit-central', roles: [Role.CENTRAL_ADMIN] });
const ids = async (code: string) =>
  fieldOf<{ id: string }>(
    await gateway('query ($c: String!) { organizationByCode(code: $c) { id } }', { c: code }),
    'organizationByCode',
  ).id;
const ADMIT = 'mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id } }';
const LETTERS = 'абвгдежзик';
const person = { category: 'EMPLOYEE', consentVersion: '2026-01', phone: '+7 916 000-00-00' };

describe('audit of personal data through the gateway', () => {
  let territorialAdmin: string;
  let anna: string;
  let card: { id: string; number: string };

  beforeAll(async () => {
    const [territorial, school] = [await ids('77-001'), await ids('77-001-0001')];
    territorialAdmin = harness.token({ sub: 'audit-arbat', roles: [Role.ORG_ADMIN], org: territorial });
    anna = fieldOf<{ id: string }>(
      await gateway(
        ADMIT,
        {
          input: {
            ...person,
            organizationId: school,
            lastName: 'Иванова',
            firstName: 'Анна',
            birthDate: '1985-04-12',
            snils: snilsOf(1),
          },
        },
        territorialAdmin,
      ),
      'admitMember',
    ).id;
    const batch = fieldOf<{ id: string }>(
      await gateway(
        'mutation ($o: UUID!) { orderCardBatch(organizationId: $o) { id } }',
        { o: territorial },
        territorialAdmin,
      ),
      'orderCardBatch',
    );
    fieldOf(
      await gateway('mutation ($b: UUID!) { exportCardBatch(batchId: $b) }', { b: batch.id }, territorialAdmin),
      'exportCardBatch',
    );
    fieldOf(
      await gateway(
        'mutation ($b: UUID!) { markBatchProduced(batchId: $b) { status } }',
        { b: batch.id },
        territorialAdmin,
      ),
      'markBatchProduced',
    );
    fieldOf(
      await gateway(
        'mutation ($b: UUID!) { markBatchIssued(batchId: $b) { status } }',
        { b: batch.id },
        territorialAdmin,
      ),
      'markBatchIssued',
    );
    // Reading the card through `member` is itself audited; the tests below look only at rows written after their own step.
    const read = await gateway(
      'query ($id: UUID!) { member(id: $id) { activeCard { id number } } }',
      { id: anna },
      central(),
    );
    const active = fieldOf<{ activeCard: { id: string; number: string } | null }>(read, 'member').activeCard;
    if (!active) throw new Error(`expected Anna to hold an issued card, got ${JSON.stringify(read)}`);
    card = active;
  });

  it.each([
    [
      'cardByNumber { member }',
      'query CardHolder($n: String!) { cardByNumber(number: $n) { member { lastName snils phone } } }',
      () => ({ n: card.number }),
      'CardHolder',
    ],
    [
      'card(id) { member }',
      'query CardById($id: UUID!) { card(id: $id) { member { lastName snils phone } } }',
      () => ({ id: card.id }),
      'CardById',
    ],
  ])(
    '%s writes a row naming the fields read, the reader and the operation',
    async (_path, query, variables, operation) => {
      const since = await lastId();
      const read = await gateway(query, variables(), territorialAdmin);
      expect(read.errors).toBeUndefined();
      expect(JSON.stringify(read.data)).toContain('Иванова');
      const rows = await rowsSince(since);
      expect(summary(rows)).toEqual([
        {
          actor: 'audit-arbat',
          roles: ['ORG_ADMIN'],
          member: anna,
          fields: ['lastName', 'phone', 'snils'],
          path: '_entities',
        },
      ]);
      expect(rows[0]?.operation_name).toContain(operation);
    },
  );

  it('audits the results of updateMember and reinstateMember, and a direct member(id)', async () => {
    let since = await lastId();
    const updated = await gateway(
      'mutation Update($id: UUID!) { updateMember(id: $id, input: { position: "завуч" }) { lastName snils position } }',
      { id: anna },
      territorialAdmin,
    );
    expect(fieldOf(updated, 'updateMember')).toEqual({ lastName: 'Иванова', snils: snilsOf(1), position: 'завуч' });
    expect(summary(await rowsSince(since))).toEqual([
      {
        actor: 'audit-arbat',
        roles: ['ORG_ADMIN'],
        member: anna,
        fields: ['lastName', 'position', 'snils'],
        path: 'updateMember',
      },
    ]);

    const left = await gateway(
      'mutation ($id: UUID!) { recordMemberExit(id: $id, exit: { kind: LEFT, reason: "переезд" }) { status } }',
      { id: anna },
      territorialAdmin,
    );
    expect(fieldOf(left, 'recordMemberExit')).toEqual({ status: 'LEFT' });
    since = await lastId();
    const reinstated = await gateway(
      'mutation ($id: UUID!) { reinstateMember(id: $id) { status fullName email } }',
      { id: anna },
      territorialAdmin,
    );
    expect(fieldOf(reinstated, 'reinstateMember')).toEqual({ status: 'ACTIVE', fullName: 'Иванова Анна', email: null });
    expect(summary(await rowsSince(since))).toEqual([
      {
        actor: 'audit-arbat',
        roles: ['ORG_ADMIN'],
        member: anna,
        fields: ['email', 'fullName'],
        path: 'reinstateMember',
      },
    ]);

    since = await lastId();
    const direct = await gateway(
      'query ($id: UUID!) { member(id: $id) { id status birthDate } }',
      { id: anna },
      central(),
    );
    expect(fieldOf(direct, 'member')).toEqual({ id: anna, status: 'ACTIVE', birthDate: '1985-04-12' });
    expect(summary(await rowsSince(since))).toEqual([
      { actor: 'audit-central', roles: ['CENTRAL_ADMIN'], member: anna, fields: ['birthDate'], path: 'member' },
    ]);

    // Id and status are no personal data: reading only them leaves no row.
    since = await lastId();
    expect(
      fieldOf(await gateway('query ($id: UUID!) { member(id: $id) { id status } }', { id: anna }, central()), 'member'),
    ).toEqual({ id: anna, status: 'ACTIVE' });
    expect(await rowsSince(since)).toEqual([]);
  });

  it('audits a member reading their own record, as themselves', async () => {
    const since = await lastId();
    const me = await gateway(
      '{ me { snils age } }',
      {},
      harness.token({ sub: 'anna', roles: [Role.MEMBER], member: anna }),
    );
    expect(fieldOf<{ snils: string }>(me, 'me').snils).toBe(snilsOf(1));
    expect(summary(await rowsSince(since))).toEqual([
      { actor: 'anna', roles: ['MEMBER'], member: anna, fields: ['age', 'snils'], path: 'me' },
    ]);
  });

  it("costs one audit INSERT for 50 members' SNILS", async () => {
    const kindergarten = await ids('77-001-0002');
    const admitted: string[] = [];
    for (let index = 0; index < 50; index += 1) {
      const input = {
        ...person,
        organizationId: kindergarten,
        lastName: `Сотрудник-${LETTERS[Math.floor(index / 10)] ?? ''}${LETTERS[index % 10] ?? ''}`,
        firstName: 'Пётр',
        birthDate: '1980-01-01',
        snils: snilsOf(100 + index),
      };
      admitted.push(fieldOf<{ id: string }>(await gateway(ADMIT, { input }, territorialAdmin), 'admitMember').id);
    }
    const since = await lastId();
    const counter = countQueries(members);
    const read = await gateway(
      '{ organizationByCode(code: "77-001-0002") { members(first: 100) { nodes { snils } } } }',
      {},
      central(),
    );
    counter.detach();
    const nodes = fieldOf<{ members: { nodes: { snils: string }[] } }>(read, 'organizationByCode').members.nodes;
    expect(nodes).toHaveLength(50);
    // From the build the members subgraph is another process, whose /metrics counts statements
    // but keeps no SQL text: there the rows below (one per member read) are what is checked.
    if (!PRODUCTION_STACK)
      expect(counter.statements.filter((sql) => /insert into members\.personal_data_read/i.test(sql))).toHaveLength(1);
    const rows = await rowsSince(since);
    expect(rows.map((row) => row.member_id).sort()).toEqual([...admitted].sort());
    expect(new Set(rows.map((row) => `${row.fields.join()} ${row.path}`))).toEqual(
      new Set(['snils _entities.members.nodes']),
    );
  });

  it('opens the log to central admins only, filtered and paged by keyset', async () => {
    const LOG =
      'query ($f: PersonalDataAccessFilter, $after: String) { personalDataAccessLog(filter: $f, first: 2, after: $after) { totalCount nodes { actorSubject memberId fields path } pageInfo { hasNextPage endCursor } } }';
    interface Page {
      totalCount: number;
      nodes: { actorSubject: string; memberId: string; fields: string[]; path: string }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    }
    const filter = { memberId: anna, actorSubject: 'audit-arbat' };
    const first = fieldOf<Page>(await gateway(LOG, { f: filter }, central()), 'personalDataAccessLog');
    // cardByNumber, card, updateMember, reinstateMember: four reads of Anna's record by the territorial admin.
    expect(first.totalCount).toBe(4);
    expect(first.nodes.map((node) => node.path)).toEqual(['reinstateMember', 'updateMember']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = fieldOf<Page>(
      await gateway(LOG, { f: filter, after: first.pageInfo.endCursor }, central()),
      'personalDataAccessLog',
    );
    expect(second.nodes.map((node) => [node.path, [...node.fields].sort()])).toEqual([
      ['_entities', ['lastName', 'phone', 'snils']],
      ['_entities', ['lastName', 'phone', 'snils']],
    ]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const future = fieldOf<Page>(
      await gateway(LOG, { f: { ...filter, from: '2999-01-01T00:00:00Z' } }, central()),
      'personalDataAccessLog',
    );
    expect(future.totalCount).toBe(0);

    const outsiders = [
      territorialAdmin,
      harness.token({ sub: 'audit-analyst', roles: [Role.ANALYST], org: await ids('77') }),
      harness.token({ sub: 'anna', roles: [Role.MEMBER], member: anna }),
    ];
    for (const outsider of outsiders)
      expect(responseCodes(await gateway(LOG, { f: filter }, outsider))).toEqual(['FORBIDDEN']);
    expect(responseCodes(await gateway(LOG, { f: filter }))).toEqual([
      expect.stringMatching(/^(FORBIDDEN|UNAUTHENTICATED)$/),
    ]);
  });

  it('returns no data when its audit row cannot be written', async () => {
    const em = members.em.fork();
    await em.execute('alter table members.personal_data_read rename to personal_data_read_away');
    try {
      const read = await gateway('query ($id: UUID!) { member(id: $id) { id snils } }', { id: anna }, central());
      expect(read.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(read.data ?? null)).not.toContain(snilsOf(1));
    } finally {
      await em.execute('alter table members.personal_data_read_away rename to personal_data_read');
    }
  });
});
