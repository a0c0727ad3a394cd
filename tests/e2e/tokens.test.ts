import { createHmac } from 'node:crypto';
import type { RunningServer, Viewer } from '@registry/lib';
import {
  createProcessRuntime,
  anonymous,
  encodeViewerHeaders,
  Role,
  startSubgraphServer,
  VIEWER_HEADER_CLOCK_SKEW_SECONDS,
  VIEWER_HEADER_LIFETIME_SECONDS,
} from '@registry/lib';
import { organizationsSubgraph } from '@registry/organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackHarness } from '../support/stack-harness';
import { openStackHarness, PRODUCTION_STACK, responseCodes } from '../support/stack-harness';
import { testConfig } from '../support/test-config';

let harness: StackHarness;
beforeAll(async () => {
  harness = await openStackHarness('tokens');
});
afterAll(() => harness?.close());

const admin: Viewer = { ...anonymous, subject: 'e2e-tokens-admin', roles: [Role.CENTRAL_ADMIN] };
const PARTNERS = '{ partners { id name } }';
const subgraphUrl = (name: string): string => {
  const url = harness.stack.subgraphs.get(name)?.url;
  if (!url) throw new Error(`Expected the ${name} subgraph to run`);
  return url;
};
const nowInSeconds = () => Math.floor(Date.now() / 1000);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An HS256 JWT signed by hand: the development helper always sets an expiry. */
function hs256(claims: Record<string, unknown>, secret: string): string {
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
/** A viewer header exactly as the gateway signs it, for `audience`, issued at `issuedAt`. */
const captured = (audience: string, issuedAt = nowInSeconds()) =>
  encodeViewerHeaders(admin, harness.security.internalSecret, { audience, requestId: 'e2e-captured', issuedAt });

describe('a captured viewer header', () => {
  it('is refused once expired, with 401 and the time it expired', async () => {
    const issuedAt = nowInSeconds() - VIEWER_HEADER_LIFETIME_SECONDS - VIEWER_HEADER_CLOCK_SKEW_SECONDS - 10;
    const response = await harness.post(PARTNERS, {}, { headers: captured('cards', issuedAt) }, subgraphUrl('cards'));
    expect(response.status).toBe(401);
    expect(responseCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.errors?.[0]?.message).toMatch(
      new RegExp(
        `^Expected a x-registry-viewer header valid at \\d+, got one that expired at ${issuedAt + VIEWER_HEADER_LIFETIME_SECONDS}$`,
      ),
    );
  });

  it('is refused by every subgraph but the one it was signed for', async () => {
    const response = await harness.post(PARTNERS, {}, { headers: captured('members') }, subgraphUrl('cards'));
    expect(response.status).toBe(401);
    expect(responseCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.errors?.[0]?.message).toBe(
      'Expected a x-registry-viewer header for audience "cards", got "members"',
    );
  });

  it('works when fresh and for this subgraph, and names its request in the answer', async () => {
    const anonymousAnswer = await harness.post(PARTNERS, {}, {}, subgraphUrl('cards'));
    expect(responseCodes(anonymousAnswer)).toEqual(['FORBIDDEN']);
    const response = await fetch(subgraphUrl('cards'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...captured('cards') },
      body: JSON.stringify({ query: PARTNERS }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('e2e-captured');
    const body = (await response.json()) as { data?: { partners?: unknown }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(Array.isArray(body.data?.partners)).toBe(true);
  });
});

describe("users' tokens at the gateway", () => {
  it('refuses a token without exp with 401', async () => {
    const forever = hs256(
      { sub: 'e2e-forever', roles: [Role.CENTRAL_ADMIN], iat: nowInSeconds() },
      harness.security.jwtSecret,
    );
    const response = await harness.post(PARTNERS, {}, { token: forever });
    expect(response.status).toBe(401);
    expect(responseCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.errors?.[0]?.message).toBe(
      'Invalid token: Expected an "exp" claim: tokens without an expiry are refused',
    );
  });

  it("serves a good token through every subgraph the plan needs, passing on the caller's request id", async () => {
    const token = harness.token({ sub: 'e2e-tokens-admin', roles: [Role.CENTRAL_ADMIN] });
    const response = await fetch(harness.stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'e2e-trace-1' },
      body: JSON.stringify({ query: `${PARTNERS.slice(0, -1)} root { name } }` }),
    });
    expect(response.headers.get('x-request-id')).toBe('e2e-trace-1');
    const body = (await response.json()) as { data?: { partners?: unknown; root?: unknown }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.root).toEqual({ name: 'Общероссийский Профсоюз образования' });
    expect(Array.isArray(body.data?.partners)).toBe(true);
  });
});

describe('a subgraph in production', () => {
  let server: RunningServer | undefined;
  afterAll(() => server?.close());

  it('suggests no field names', async () => {
    const orm = harness.stack.subgraphs.get('organizations')?.orm;
    if (!orm) throw new Error('Expected the organizations subgraph to run');
    const common = {
      subgraph: organizationsSubgraph,
      schema: await organizationsSubgraph.buildSchema(),
      orm,
      internalSecret: harness.security.internalSecret,
      runtime: createProcessRuntime(testConfig()),
      port: 0,
    };
    server = await startSubgraphServer({ ...common, environment: 'production' });
    const production = await harness.post('{ roots { name } }', {}, {}, server.url);
    expect(production.errors?.map((error) => error.message)).toEqual(['Cannot query field "roots" on type "Query".']);
    // The stack's own subgraph suggests outside production; from the build it is a production one too.
    const stackSubgraph = await harness.post('{ roots { name } }', {}, {}, subgraphUrl('organizations'));
    const suggestion = PRODUCTION_STACK ? '' : ' Did you mean "root"?';
    expect(stackSubgraph.errors?.map((error) => error.message)).toEqual([
      `Cannot query field "roots" on type "Query".${suggestion}`,
    ]);
  });
});
