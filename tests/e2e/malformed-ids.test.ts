import type { Viewer } from '@registry/lib';
import { encodeViewerHeaders, Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryDigest } from '../support/registry-digest';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';
import { openStackHarness, responseCodes } from '../support/stack-harness';

/**
 * Ids are `UUID` arguments: a malformed one is refused at the edge, before any resolver runs,
 * the same whether it is written inline or sent as a variable — BAD_USER_INPUT, HTTP 400, a
 * message that says what was expected and what came, the position in `extensions.field` — and
 * nothing is written.
 */

let harness: StackHarness;
let token: string;
beforeAll(async () => {
  // The cards outbox consumer writes on its own schedule; it would blur the digest and the statement count.
  harness = await openStackHarness('malformed_ids', { CARDS_MEMBER_EVENTS_INTERVAL_MS: '3600000' });
  token = harness.token({ sub: 'e2e-malformed-ids', roles: [Role.CENTRAL_ADMIN] });
});
afterAll(() => harness?.close());

const EXPECTED = "expected a record's id, a UUID of 32 hexadecimal digits 8-4-4-4-12";

/** The one refusal of a malformed id, checked whole; and the registry as it was. */
async function expectRefused(
  send: () => Promise<GatewayResponse>,
  refusal: { where: string; field: string; received: string },
): Promise<void> {
  const before = await registryDigest(harness);
  const statements = await harness.countStatements(['organizations', 'members', 'cards', 'statistics']);
  const response = await send();
  expect(response.status).toBe(400);
  expect(responseCodes(response)).toEqual(['BAD_USER_INPUT']);
  const [error] = response.errors ?? [];
  expect(error?.message).toMatch(
    new RegExp(`^${escape(refusal.where)}: ${escape(EXPECTED)} .*, got ${escape(refusal.received)}$`),
  );
  expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: refusal.field, expected: 'UUID' });
  // Refused before any subgraph ran a statement, so nothing can have been written.
  expect(await statements.stop()).toBe(0);
  expect(await registryDigest(harness)).toBe(before);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a malformed id', () => {
  it('is refused inline in a mutation, naming the argument', async () => {
    await expectRefused(
      () => harness.post('mutation { orderCardBatch(organizationId: "not-a-uuid") { id } }', {}, { token }),
      { where: 'organizationId', field: 'organizationId', received: '"not-a-uuid"' },
    );
  });

  it('is refused as a variable, naming the variable', async () => {
    await expectRefused(
      () =>
        harness.post(
          'mutation ($organizationId: UUID!) { orderCardBatch(organizationId: $organizationId) { id } }',
          { organizationId: 'not-a-uuid' },
          { token },
        ),
      { where: '$organizationId', field: 'organizationId', received: '"not-a-uuid"' },
    );
  });

  it('is refused inside an input object and a list, naming the field and the position', async () => {
    await expectRefused(
      () =>
        harness.post(
          'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
          {
            input: { parentId: "1' or '1'='1", code: 'P77-IDS', name: 'ППО', level: 'PRIMARY', primaryType: 'SCHOOL' },
          },
          { token },
        ),
      { where: '$input.parentId', field: 'parentId', received: `"1' or '1'='1"` },
    );
    await expectRefused(
      () =>
        harness.post(
          'mutation ($ids: [UUID!]!) { approveApplications(ids: $ids) { id } }',
          { ids: ['3f2c8a34-1d6e-4b1a-9a43-8e0f5b7c2d19', 42] },
          { token },
        ),
      { where: '$ids.1', field: 'ids', received: '42' },
    );
    await expectRefused(
      () => harness.post('{ organizations(filter: { ancestorId: 7 }) { totalCount } }', {}, { token }),
      { where: 'filter.ancestorId', field: 'ancestorId', received: '7' },
    );
  });

  it('is refused by the subgraph itself, inline too, as BAD_USER_INPUT rather than a validation failure', async () => {
    const url = harness.stack.subgraphs.get('cards')?.url;
    if (!url) throw new Error('Expected the cards subgraph to run');
    const admin: Viewer = {
      subject: 'e2e-malformed-ids',
      roles: [Role.CENTRAL_ADMIN],
      organizationId: null,
      memberId: null,
      partnerId: null,
    };
    const headers = encodeViewerHeaders(admin, harness.security.internalSecret, {
      audience: 'cards',
      requestId: 'e2e-malformed-ids',
    });
    const inline = await harness.post('{ card(id: "nope") { id } }', {}, { headers }, url);
    expect(inline.status).toBe(400);
    expect(responseCodes(inline)).toEqual(['BAD_USER_INPUT']);
    expect(inline.errors?.[0]?.message).toMatch(/: expected a record's id, .*, got "nope"$/);
  });
});
