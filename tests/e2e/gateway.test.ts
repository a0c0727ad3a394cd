import { anonymous, encodeViewerHeaders, Role, VIEWER_HEADER } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';
import { openStackHarness, responseCodes } from '../support/stack-harness';

let harness: StackHarness;
beforeAll(async () => {
  harness = await openStackHarness('gateway');
});
afterAll(() => harness?.close());

interface GraphQLResponse {
  status: number;
  body: GatewayResponse;
}

/** Posts with raw headers, to the gateway or straight to a subgraph. */
async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const response = await harness.post(query, variables, { headers }, url);
  return { status: response.status, body: response };
}

const gateway = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
  post(harness.stack.gatewayUrl, query, variables, headers);
const adminToken = () => harness.token({ sub: 'e2e-admin', roles: [Role.CENTRAL_ADMIN] });
const codesOf = (response: GraphQLResponse) => responseCodes(response.body);

describe('the gateway over HTTP', () => {
  it('serves the demo tree: the council, 85 regions with their territorial and primary organizations', async () => {
    // As a central admin: down to the primaries the national tree is 79,136 objects by the cost
    // estimate, over an anonymous caller's budget (docs/security.md, "Operation limits").
    const response = await gateway(
      '{ root { name children { name level children { name level children { name } } } } }',
      {},
      { authorization: `Bearer ${adminToken()}` },
    );
    expect(response.body.errors).toBeUndefined();
    const root = response.body.data?.['root'] as {
      name: string;
      children: { level: string; children: { level: string; children: unknown[] }[] }[];
    };
    expect(root.name).toBe('Общероссийский Профсоюз образования');
    expect(root.children).toHaveLength(85);
    expect(root.children.every((region) => region.level === 'REGIONAL' && region.children.length === 2)).toBe(true);
    expect(root.children[0]?.children[0]?.children).toHaveLength(3);
  });

  it('answers health and readiness, and serves GraphiQL from local files', async () => {
    const base = harness.stack.gatewayUrl.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      subgraphs: { organizations: true, members: true, cards: true, statistics: true },
    });
    const page = await (await fetch(`${base}/graphiql`)).text();
    expect(page).toContain('/graphiql/assets/graphiql.js');
    expect(page).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
    for (const asset of ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css']) {
      const response = await fetch(`${base}/graphiql/assets/${asset}`);
      expect(response.status, asset).toBe(200);
    }
  });

  it('refuses a bad token with UNAUTHENTICATED instead of treating the caller as anonymous', async () => {
    const response = await gateway('{ root { name } }', {}, { authorization: 'Bearer not.a.token' });
    expect(response.status).toBe(401);
    expect(codesOf(response)).toEqual(['UNAUTHENTICATED']);
  });

  it('lets a central admin change the tree and keeps typed errors through the gateway', async () => {
    const parent = await gateway('{ organizationByCode(code: "77-001") { id } }');
    const parentId = (parent.body.data?.['organizationByCode'] as { id: string }).id;
    const CREATE = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { code ancestors { code } } }`;
    const input = { parentId, code: '77-001-9001', name: 'ППО лицея №1', level: 'PRIMARY', primaryType: 'SCHOOL' };
    expect(codesOf(await gateway(CREATE, { input }))).toEqual(['FORBIDDEN']);
    const auth = { authorization: `Bearer ${adminToken()}` };
    const badInn = await gateway(CREATE, { input: { ...input, inn: '1234567890' } }, auth);
    expect(codesOf(badInn)).toEqual(['INVALID_INN']);
    const created = await gateway(CREATE, { input }, auth);
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.['createOrganization']).toEqual({
      code: '77-001-9001',
      ancestors: [{ code: '0' }, { code: '77' }, { code: '77-001' }],
    });
    // A date the LocalDate scalar refuses comes back with the subgraph's message and code.
    const badDate = await gateway(
      `mutation ($id: UUID!, $date: LocalDate) { liquidateOrganization(id: $id, closure: { date: $date, reason: "x" }) { status } }`,
      { id: parentId, date: '2026-13-01' },
      auth,
    );
    expect(codesOf(badDate)).toEqual(['BAD_USER_INPUT']);
    expect(badDate.body.errors?.[0]?.message).toContain('2026-13-01');
    const inline = await gateway(
      `mutation ($id: UUID!) { liquidateOrganization(id: $id, closure: { date: "2026-13-01", reason: "x" }) { status } }`,
      { id: parentId },
      auth,
    );
    expect(codesOf(inline)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('hides the chair’s contacts from anonymous callers and shows them to signed-in ones', async () => {
    const QUERY = '{ organizationByCode(code: "0") { name chair { email } } }';
    expect(codesOf(await gateway(QUERY))).toEqual(['FORBIDDEN']);
    const signedIn = await gateway(QUERY, {}, { authorization: `Bearer ${adminToken()}` });
    expect(signedIn.body.data?.['organizationByCode']).toEqual({
      name: 'Общероссийский Профсоюз образования',
      chair: { email: 'info@eseur.ru' },
    });
  });
});

describe('subgraphs trust only the gateway', () => {
  const organizationsUrl = () => harness.stack.subgraphs.get('organizations')?.url ?? '';

  it('refuses a viewer header that the gateway did not sign', async () => {
    const forged = encodeViewerHeaders(
      { ...anonymous, subject: 'intruder', roles: [Role.CENTRAL_ADMIN] },
      'wrong-secret',
      { audience: 'organizations', requestId: 'e2e-forged' },
    );
    const response = await post(organizationsUrl(), '{ root { name } }', {}, forged);
    expect(codesOf(response)).toEqual(['UNAUTHENTICATED']);
    const unsigned = await post(
      organizationsUrl(),
      '{ root { name } }',
      {},
      { [VIEWER_HEADER]: forged[VIEWER_HEADER] ?? '' },
    );
    expect(codesOf(unsigned)).toEqual(['UNAUTHENTICATED']);
  });

  it('resolves a batch of entity references with shield on, in one SQL statement', async () => {
    const codes = await gateway('{ organizations(filter: { level: REGIONAL }, first: 5) { nodes { id code } } }');
    const nodes = (codes.body.data?.['organizations'] as { nodes: { id: string; code: string }[] }).nodes;
    const counter = await harness.countStatements(['organizations']);
    const response = await post(
      organizationsUrl(),
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Organization { code } } }',
      { representations: nodes.map(({ id }) => ({ __typename: 'Organization', id })) },
      encodeViewerHeaders(anonymous, harness.security.internalSecret, {
        audience: 'organizations',
        requestId: 'e2e-entities',
      }),
    );
    const statements = await counter.stop();
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.['_entities']).toEqual(nodes.map(({ code }) => ({ code })));
    expect(statements).toBe(1);
  });
});
