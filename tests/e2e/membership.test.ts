import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness } from '../support/stack-harness';

let harness: StackHarness;
beforeAll(async () => {
  harness = await openStackHarness('members');
});
afterAll(() => harness?.close());

const gateway = (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GatewayResponse> =>
  harness.post(query, variables, token ? { token } : {});
const data = fieldOf;
const token = (claims: { sub: string; roles: Role[]; org?: string; member?: string }) => harness.token(claims);

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
      await gateway(
        'mutation ($id: UUID!) { approveApplication(id: $id) { member { id } } }',
        { id: applied.id },
        primaryAdmin,
      ),
      'approveApplication',
    );

    const centralAdmin = token({ sub: 'e2e-central', roles: [Role.CENTRAL_ADMIN] });
    const organization = data<{
      name: string;
      members: { nodes: { fullName: string }[] };
      memberCounts: { active: number };
    }>(
      await gateway(
        '{ organizationByCode(code: "77-001-0001") { name members { nodes { fullName } } memberCounts { active youth } } }',
        {},
        centralAdmin,
      ),
      'organizationByCode',
    );
    expect(organization.members.nodes).toEqual([{ fullName: 'Иванова Анна Сергеевна' }]);
    expect(organization.memberCounts).toEqual({ active: 1, youth: 1 });
    const tree = data<{
      memberCounts: { active: number };
      children: { code: string; memberCounts: { active: number } }[];
    }>(
      await gateway('{ root { memberCounts { active } children { code memberCounts { active } } } }', {}, centralAdmin),
      'root',
    );
    expect(tree.memberCounts.active).toBe(1);
    expect(tree.children.filter((region) => region.memberCounts.active > 0).map((region) => region.code)).toEqual([
      '77',
    ]);

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
