import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';
import { openStackHarness } from '../support/stack-harness';
import type { Caller } from './scope-callers';
import { callersOf, codesOf, digestOf, ormOf, REFUSED, viaGateway, viaSubgraph } from './scope-callers';

/**
 * The scope promise of the organizations subgraph: the tree (names, levels, codes) is public;
 * the chair's contacts, the change history and every change need MANAGE over the organization,
 * refused outside it through the gateway and straight at the subgraph's port, with nothing
 * written; inside the subtree an admin gets and does them.
 */
let harness: StackHarness;
let callers: ReturnType<typeof callersOf>;
const ids = new Map<string, string>();
const id = (code: string): string => {
  const found = ids.get(code);
  if (!found) throw new Error(`no organization ${code} in the demo union`);
  return found;
};
const TABLES = ['organizations.organization', 'organizations.organization_event', 'organizations.organization_closure'];
const UPDATE =
  'mutation ($id: UUID!, $input: OrganizationPassportInput!) { updateOrganization(id: $id, input: $input) { code chair { phone } } }';
const CREATE = 'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id code } }';

beforeAll(async () => {
  harness = await openStackHarness('organizations_scope');
  const rows = await ormOf(harness, 'organizations')
    .em.fork()
    .execute<{ id: string; code: string }[]>(
      `select id, code from organizations.organization where code ~ '^(0|77|78)(-|$)'`,
    );
  for (const row of rows) ids.set(row.code, row.id);
  callers = callersOf(harness, id('77'));
  // A chair's contacts changed once in each region, so each history holds old and new contacts.
  for (const [code, phone] of [
    ['77-001-0001', '+74951110001'],
    ['78-001-0001', '+78121110001'],
  ] as const) {
    const answer = await viaGateway(
      harness,
      UPDATE,
      { id: id(code), input: { chairName: 'Петрова Анна', chairPhone: phone, chairEmail: `chair-${code}@example.ru` } },
      callers.central,
    );
    if (answer.errors) throw new Error(`unexpected errors: ${JSON.stringify(answer.errors)}`);
  }
});
afterAll(() => harness?.close());

interface Operation {
  readonly name: string;
  readonly query: string;
  readonly variables: () => Record<string, unknown>;
  /** A field name that appears in the answer only when the record was given out or changed. */
  readonly leak: string;
}

const chairOf = (code: string): Operation => ({
  name: `chair of ${code}`,
  query: 'query ($id: UUID!) { organization(id: $id) { code chair { name phone email } } }',
  variables: () => ({ id: id(code) }),
  leak: 'phone',
});
const historyOf = (code: string): Operation => ({
  name: `history of ${code}`,
  query: 'query ($id: UUID!) { organization(id: $id) { code history { kind actor data } } }',
  variables: () => ({ id: id(code) }),
  leak: 'actor',
});
const closure = { reason: 'проверка', date: '2026-09-01' };

/** Every organizations field with personal data and every change, aimed at region B (78). */
const AGAINST_B: readonly Operation[] = [
  chairOf('78'),
  chairOf('78-001-0001'),
  historyOf('78-001-0001'),
  {
    name: 'chair in a list',
    query:
      'query ($id: UUID!) { organizations(filter: { ancestorId: $id }, first: 20) { nodes { code chair { phone } } } }',
    variables: () => ({ id: id('78') }),
    leak: 'phone',
  },
  {
    name: 'history in the tree',
    query: 'query ($id: UUID!) { organization(id: $id) { children { code history { actor } } } }',
    variables: () => ({ id: id('78-001') }),
    leak: 'actor',
  },
  {
    name: 'updateOrganization',
    query: UPDATE,
    variables: () => ({ id: id('78-001-0001'), input: { chairPhone: '+79990000000' } }),
    leak: 'code',
  },
  {
    name: 'createOrganization',
    query: CREATE,
    variables: () => ({
      input: {
        parentId: id('78-001'),
        code: '78-001-9001',
        name: 'ППО лицея №9',
        level: 'PRIMARY',
        primaryType: 'SCHOOL',
      },
    }),
    leak: 'code',
  },
  {
    name: 'move B into A',
    query: 'mutation ($id: UUID!, $to: UUID!) { moveOrganization(id: $id, newParentId: $to) { code } }',
    variables: () => ({ id: id('78-001-0002'), to: id('77-001') }),
    leak: 'code',
  },
  {
    name: 'move A into B',
    query: 'mutation ($id: UUID!, $to: UUID!) { moveOrganization(id: $id, newParentId: $to) { code } }',
    variables: () => ({ id: id('77-001-0002'), to: id('78-001') }),
    leak: 'code',
  },
  {
    name: 'liquidateOrganization',
    query:
      'mutation ($id: UUID!, $closure: ClosureInput!) { liquidateOrganization(id: $id, closure: $closure) { code } }',
    variables: () => ({ id: id('78-001-0003'), closure }),
    leak: 'code',
  },
  {
    name: 'merge B into A',
    query:
      'mutation ($id: UUID!, $into: UUID!, $closure: ClosureInput!) { mergeOrganization(id: $id, intoId: $into, closure: $closure) { code } }',
    variables: () => ({ id: id('78-001-0001'), into: id('77-001-0001'), closure }),
    leak: 'code',
  },
  {
    name: 'merge A into B',
    query:
      'mutation ($id: UUID!, $into: UUID!, $closure: ClosureInput!) { mergeOrganization(id: $id, intoId: $into, closure: $closure) { code } }',
    variables: () => ({ id: id('77-001-0001'), into: id('78-001-0001'), closure }),
    leak: 'code',
  },
  {
    name: 'importOrganizations',
    query: 'mutation ($csv: String!) { importOrganizations(csv: $csv) { created updated } }',
    variables: () => ({ csv: 'code,parent_code,level,name\n78-001-9002,78-001,PRIMARY,ППО школы №9002' }),
    leak: 'created',
  },
];

async function expectRefused(operation: Operation, who: Caller): Promise<void> {
  const answers: [string, GatewayResponse][] = [
    ['gateway', await viaGateway(harness, operation.query, operation.variables(), who)],
    ['organizations port', await viaSubgraph(harness, 'organizations', operation.query, operation.variables(), who)],
  ];
  for (const [how, answer] of answers) {
    const label = `${operation.name} as ${who.name} via ${how}: ${JSON.stringify(answer)}`;
    expect(REFUSED, label).toContainEqual(codesOf(answer));
    expect(JSON.stringify(answer.data ?? null), label).not.toContain(`"${operation.leak}"`);
  }
}

describe('organizations outside the caller’s scope', () => {
  for (const who of ['orgAdminA', 'analystA', 'member', 'anonymous'] as const) {
    describe(`as ${who}`, () => {
      for (const operation of AGAINST_B) {
        it(`refuses ${operation.name} in region B, and writes nothing`, async () => {
          const before = await digestOf(ormOf(harness, 'organizations'), TABLES);
          await expectRefused(operation, callers[who]);
          expect(await digestOf(ormOf(harness, 'organizations'), TABLES)).toEqual(before);
        });
      }
    });
  }

  it('refuses analysts, members and anonymous callers the records of region A too, and writes nothing', async () => {
    const before = await digestOf(ormOf(harness, 'organizations'), TABLES);
    const againstA: Operation[] = [
      chairOf('77-001-0001'),
      historyOf('77-001-0001'),
      {
        name: 'updateOrganization in A',
        query: UPDATE,
        variables: () => ({ id: id('77-001-0001'), input: { chairPhone: '+79990000000' } }),
        leak: 'code',
      },
      {
        name: 'createOrganization in A',
        query: CREATE,
        variables: () => ({
          input: {
            parentId: id('77-001'),
            code: '77-001-9001',
            name: 'ППО лицея №9',
            level: 'PRIMARY',
            primaryType: 'SCHOOL',
          },
        }),
        leak: 'code',
      },
    ];
    for (const who of [callers.analystA, callers.member, callers.anonymous])
      for (const operation of againstA) await expectRefused(operation, who);
    expect(await digestOf(ormOf(harness, 'organizations'), TABLES)).toEqual(before);
  });

  it('refuses the chair of each node outside A alone: a list of all regions keeps its nodes', async () => {
    const answer = await viaGateway(
      harness,
      '{ root { chair { phone } children { code name chair { email } } } }',
      {},
      callers.orgAdminA,
    );
    const root = answer.data?.['root'] as {
      chair: unknown;
      children: { code: string; name: string; chair: { email: string | null } | null }[];
    };
    expect(root.chair).toBeNull();
    expect(root.children).toHaveLength(85);
    expect(root.children.filter((child) => child.chair !== null).map((child) => child.code)).toEqual(['77']);
    expect(answer.errors?.length).toBe(85);
    expect(codesOf(answer)).toEqual(['FORBIDDEN']);
  });

  it('keeps the tree itself public: names, levels and codes of region B for anyone', async () => {
    for (const who of [callers.anonymous, callers.member, callers.analystA]) {
      const answer = await viaGateway(
        harness,
        'query ($id: UUID!) { organization(id: $id) { code level name children { code level } } }',
        { id: id('78') },
        who,
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.['organization']).toMatchObject({
        code: '78',
        level: 'REGIONAL',
        children: [{ level: 'TERRITORIAL' }, { level: 'TERRITORIAL' }],
      });
    }
  });
});

describe('organizations inside the caller’s scope', () => {
  it('shows an admin of A the chair and the history of A’s organizations, at the gateway and at the port', async () => {
    const query =
      'query ($id: UUID!) { organization(id: $id) { code chair { name phone email } history { kind actor data } } }';
    for (const answer of [
      await viaGateway(harness, query, { id: id('77-001-0001') }, callers.orgAdminA),
      await viaSubgraph(harness, 'organizations', query, { id: id('77-001-0001') }, callers.orgAdminA),
    ]) {
      expect(answer.errors).toBeUndefined();
      const organization = answer.data?.['organization'] as {
        chair: unknown;
        history: { kind: string; actor: string; data: { after?: Record<string, string> } }[];
      };
      expect(organization.chair).toEqual({
        name: 'Петрова Анна',
        phone: '+74951110001',
        email: 'chair-77-001-0001@example.ru',
      });
      expect(organization.history.at(-1)).toMatchObject({
        kind: 'UPDATED',
        actor: 'e2e-central',
        data: { after: { chairPhone: '+74951110001' } },
      });
    }
  });

  it('lets an admin of A change and create organizations inside A', async () => {
    const updated = await viaGateway(
      harness,
      UPDATE,
      { id: id('77-001-0002'), input: { chairPhone: '+74952220002' } },
      callers.orgAdminA,
    );
    expect(updated.data?.['updateOrganization']).toEqual({ code: '77-001-0002', chair: { phone: '+74952220002' } });
    const created = await viaSubgraph(
      harness,
      'organizations',
      CREATE,
      {
        input: {
          parentId: id('77-001'),
          code: '77-001-9001',
          name: 'ППО лицея №9',
          level: 'PRIMARY',
          primaryType: 'SCHOOL',
        },
      },
      callers.orgAdminA,
    );
    expect(created.errors).toBeUndefined();
    const [row] = await ormOf(harness, 'organizations')
      .em.fork()
      .execute<{ code: string; actor: string; kind: string }[]>(
        `select o.code, e.actor, e.kind from organizations.organization o join organizations.organization_event e on e.organization_id = o.id where o.code = '77-001-9001'`,
      );
    expect(row).toEqual({ code: '77-001-9001', actor: 'e2e-org-admin-a', kind: 'CREATED' });
  });
});
