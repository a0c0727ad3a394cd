import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness, responseCodes } from '../support/stack-harness';

/**
 * Applying needs no sign-in: anonymous applications are limited per client address, which the
 * gateway takes from the socket or, behind `TRUSTED_PROXIES` proxies, from X-Forwarded-For, and
 * signs into the viewer header. Here one proxy is in front, so the right-most entry is the client.
 */

let harness: StackHarness;
let primary: string;
let serial = 0;

beforeAll(async () => {
  harness = await openStackHarness('application_throttle', { APPLICATION_RATE: '3/h,burst=3', TRUSTED_PROXIES: '1' });
  primary = fieldOf<{ id: string }>(
    await harness.post('{ organizationByCode(code: "77-001-0001") { id } }'),
    'organizationByCode',
  ).id;
});
afterAll(() => harness?.close());

const APPLY = 'mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { status } }';
function apply(forwardedFor: string | null, token?: string) {
  serial += 1;
  const birthDate = new Date(Date.UTC(1970, 0, 1) + serial * 86_400_000).toISOString().slice(0, 10);
  const input = {
    organizationId: primary,
    lastName: 'Заявкина',
    firstName: 'Нина',
    birthDate,
    category: 'EMPLOYEE',
    consentVersion: '2026-01',
  };
  return harness.post(
    APPLY,
    { input },
    { ...(token ? { token } : {}), headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} },
  );
}

async function applications(): Promise<number> {
  const orm = harness.stack.subgraphs.get('members')?.orm;
  if (!orm) throw new Error('Expected the members subgraph in the stack');
  const [row] = await orm.em
    .fork()
    .execute<{ n: number }[]>('select count(*)::int as n from members.membership_application');
  return row?.n ?? 0;
}

describe('anonymous applications per client address', () => {
  it('takes three from one address, refuses the fourth with RATE_LIMITED and a retry-after, and writes three', async () => {
    const before = await applications();
    for (let index = 0; index < 3; index += 1) expect(responseCodes(await apply('203.0.113.7'))).toEqual([]);
    const refused = await apply('203.0.113.7');
    expect(responseCodes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(0);
    expect(await applications()).toBe(before + 3);
  });

  it('keeps each address to its own bucket, and a client cannot choose its address by writing the header', async () => {
    expect(responseCodes(await apply('203.0.113.8'))).toEqual([]);
    // The proxy appended the real address last; what the client wrote before it proves nothing.
    expect(responseCodes(await apply('198.51.100.1, 203.0.113.7'))).toEqual(['RATE_LIMITED']);
  });

  it('counts concurrent applications once each: six at once from a fresh address, three accepted', async () => {
    const before = await applications();
    const answers = await Promise.all(Array.from({ length: 6 }, () => apply('203.0.113.9')));
    const codes = answers.map((answer) => responseCodes(answer).join(',') || 'ok');
    expect(codes.filter((code) => code === 'ok')).toHaveLength(3);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(3);
    expect(await applications()).toBe(before + 3);
  });

  it('does not limit signed-in callers, who answer for what they file', async () => {
    const central = harness.token({ sub: 'throttle-central', roles: [Role.CENTRAL_ADMIN] });
    for (let index = 0; index < 5; index += 1) expect(responseCodes(await apply('203.0.113.7', central))).toEqual([]);
  });
});
