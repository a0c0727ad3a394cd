import { signDevelopmentToken, startStack } from '@registry/gateway';
import type { RunningStack } from '@registry/gateway';
import { createScratchDatabase, loadSecurityConfig, Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const security = loadSecurityConfig({ NODE_ENV: 'test' });
let stack: RunningStack;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  const database = await createScratchDatabase(inject('databaseServerUrl'), 'test_e2e_members');
  dropDatabase = database.drop;
  stack = await startStack({ databaseUrl: database.url, security, gatewayPort: 0, seedDemo: true });
});
afterAll(async () => {
  await stack?.stop();
  await dropDatabase?.();
});

interface Response {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function gateway(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Response> {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Response;
}

function data<T>(response: Response, field: string): T {
  expect(response.errors).toBeUndefined();
  return response.data?.[field] as T;
}

const token = (claims: { sub: string; roles: Role[]; org?: string; member?: string }) => signDevelopmentToken(security.jwtSecret, claims);

describe('membership through the gateway', () => {
  it('apply → approve → the member shows in organization { members } and in memberCounts up the tree; the member reads `me`', async () => {
    const primary = data<{ id: string; ancestors: { id: string }[] }>(
      await gateway('{ organizationByCode(code: "77-001-0001") { id ancestors { id } } }'),
      'organizationByCode',
    );
    const applied = data<{ id: string }>(
      await gateway(
        `mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { id status } }`,
        {
          input: {
            organizationId: primary.id,
            lastName: 'Иванова',
            firstName: 'Анна',
            middleName: 'Сергеевна',
            birthDate: '1995-03-08',
            category: 'EMPLOYEE',
            email: 'anna@school.ru',
            snils: '112-233-445 95',
            consentVersion: '2026-01',
          },
        },
      ),
      'applyForMembership',
    );
    const primaryAdmin = token({ sub: 'primary-chair', roles: [Role.ORG_ADMIN], org: primary.id });
    const approved = data<{ member: { id: string } }>(
      await gateway('mutation ($id: ID!) { approveApplication(id: $id) { member { id } } }', { id: applied.id }, primaryAdmin),
      'approveApplication',
    );

    const centralAdmin = token({ sub: 'e2e-central', roles: [Role.CENTRAL_ADMIN] });
    const organization = data<{ name: string; members: { nodes: { fullName: string }[] }; memberCounts: { active: number } }>(
      await gateway('{ organizationByCode(code: "77-001-0001") { name members { nodes { fullName } } memberCounts { active youth } } }', {}, centralAdmin),
      'organizationByCode',
    );
    expect(organization.members.nodes).toEqual([{ fullName: 'Иванова Анна Сергеевна' }]);
    expect(organization.memberCounts).toEqual({ active: 1, youth: 1 });
    const tree = data<{ memberCounts: { active: number }; children: { code: string; memberCounts: { active: number } }[] }>(
      await gateway('{ root { memberCounts { active } children { code memberCounts { active } } } }', {}, centralAdmin),
      'root',
    );
    expect(tree.memberCounts.active).toBe(1);
    expect(tree.children.filter((region) => region.memberCounts.active > 0).map((region) => region.code)).toEqual(['77']);

    const member = token({ sub: 'anna', roles: [Role.MEMBER], member: approved.member.id });
    const me = data<{ fullName: string; organization: { name: string; ancestors: { level: string }[] } }>(
      await gateway('{ me { fullName organization { name ancestors { level } } } }', {}, member),
      'me',
    );
    expect(me.fullName).toBe('Иванова Анна Сергеевна');
    expect(me.organization.ancestors.map((ancestor) => ancestor.level)).toEqual(['CENTRAL', 'REGIONAL', 'TERRITORIAL']);

    const analyst = token({ sub: 'analyst', roles: [Role.ANALYST], org: primary.ancestors[1]?.id ?? '' });
    const counts = await gateway('{ organizationByCode(code: "77") { memberCounts { active } } }', {}, analyst);
    expect(data(counts, 'organizationByCode')).toEqual({ memberCounts: { active: 1 } });
    const listing = await gateway('{ organizationByCode(code: "77") { members { totalCount } } }', {}, analyst);
    expect(listing.errors?.map((error) => error.extensions?.['code'])).toEqual(['FORBIDDEN']);
  });
});
