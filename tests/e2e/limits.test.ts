import { ErrorCode, Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, RequestAuth, StackHarness } from '../support/stack-harness';
import { openStackHarness, responseCodes } from '../support/stack-harness';

let harness: StackHarness;
let rootId: string;
beforeAll(async () => {
  harness = await openStackHarness('limits');
  const token = harness.token({ sub: 'e2e-limits-admin', roles: [Role.CENTRAL_ADMIN] });
  const answer = await harness.post('{ root { id } }', {}, { token });
  const root = answer.data?.['root'];
  if (typeof root !== 'object' || root === null || !('id' in root) || typeof root.id !== 'string')
    throw new Error(`Expected the root, got ${JSON.stringify(answer)}`);
  rootId = root.id;
});
afterAll(() => harness?.close());

/** The worst request found (issue 11): every children → parent round trip multiplies the answer by 85. */
const ROUND_TRIPS = '{ root { children { parent { children { parent { children { parent { id } } } } } } } }';
const aliases = (count: number, selection: string): string =>
  Array.from({ length: count }, (_, index) => `a${index}: ${selection}`).join(' ');
const nestedChildren = (levels: number): string =>
  `{ root { ${'children { '.repeat(levels)}id${' }'.repeat(levels)} } }`;
const ANALYTICS =
  '{ root { children { coverage { members { numerator } } children { coverage { members { numerator } } } } } }';

/**
 * Posts and counts the SQL statements the subgraphs these queries read ran meanwhile (members and
 * cards poll their outboxes in the background, whatever the request).
 */
async function postCounting(
  query: string,
  auth: RequestAuth = {},
  url?: string,
): Promise<{ answer: GatewayResponse; statements: number; ms: number }> {
  const counter = await harness.countStatements(['organizations', 'statistics']);
  const started = performance.now();
  const answer = await harness.post(query, {}, auth, url);
  const ms = performance.now() - started;
  return { answer, statements: await counter.stop(), ms };
}

function expectRefused(result: { answer: GatewayResponse; statements: number; ms: number }, code: ErrorCode): void {
  expect(responseCodes(result.answer)).toEqual([code]);
  expect(result.answer.status).toBe(400);
  expect(result.answer.data ?? null).toBeNull();
  expect(result.statements).toBe(0);
  expect(result.ms).toBeLessThan(2_000);
}

const organizationsUrl = (): string => {
  const subgraph = harness.stack.subgraphs.get('organizations');
  if (!subgraph) throw new Error('organizations subgraph is not running');
  return subgraph.url;
};

describe('operation limits at the gateway', () => {
  it('refuses the children → parent round trips before execution, stating cost and limit', async () => {
    const result = await postCounting(ROUND_TRIPS);
    expectRefused(result, ErrorCode.COST_LIMIT_EXCEEDED);
    const [error] = result.answer.errors ?? [];
    expect(error?.message).toMatch(/costs at least \d+ .*your limit is 5000/);
    expect(error?.extensions?.['limit']).toBe(5000);
  });

  it('refuses the round trips for a central admin too', async () => {
    const token = harness.token({ sub: 'e2e-limits-admin', roles: [Role.CENTRAL_ADMIN] });
    expectRefused(await postCounting(ROUND_TRIPS, { token }), ErrorCode.COST_LIMIT_EXCEEDED);
  });

  it('refuses 1,000 aliases of organizations(first: 500), and 10 of them for anonymous callers', async () => {
    expectRefused(
      await postCounting(`{ ${aliases(1000, 'organizations(first: 500) { nodes { id } }')} }`),
      ErrorCode.TOKEN_LIMIT_EXCEEDED,
    );
    expectRefused(
      await postCounting(`{ ${aliases(31, 'organizations(first: 1) { nodes { id } }')} }`),
      ErrorCode.ALIAS_LIMIT_EXCEEDED,
    );
    expectRefused(
      await postCounting(`{ ${aliases(10, 'organizations(first: 500) { nodes { id } }')} }`),
      ErrorCode.COST_LIMIT_EXCEEDED,
    );
  });

  it('refuses 1,000 aliases of coverage(asOf:) for an analyst', async () => {
    const token = harness.token({ sub: 'e2e-limits-analyst', roles: [Role.ANALYST], org: rootId });
    const query = `{ root { ${aliases(1000, 'coverage(asOf: "2026-01-01") { members { numerator } }')} } }`;
    expectRefused(await postCounting(query, { token }), ErrorCode.TOKEN_LIMIT_EXCEEDED);
  });

  it('refuses a 12-level children nesting', async () => {
    const token = harness.token({ sub: 'e2e-limits-admin', roles: [Role.CENTRAL_ADMIN] });
    expectRefused(await postCounting(nestedChildren(12), { token }), ErrorCode.DEPTH_LIMIT_EXCEEDED);
  });

  it('refuses the tree down to the primaries to an anonymous caller', async () => {
    expectRefused(
      await postCounting('{ root { name children { name children { name children { name } } } } }'),
      ErrorCode.COST_LIMIT_EXCEEDED,
    );
  });

  it('answers the whole-tree analytics for an analyst and a central admin', async () => {
    const analyst = harness.token({ sub: 'e2e-limits-analyst', roles: [Role.ANALYST], org: rootId });
    const admin = harness.token({ sub: 'e2e-limits-admin', roles: [Role.CENTRAL_ADMIN] });
    for (const token of [analyst, admin]) {
      const answer = await harness.post(ANALYTICS, {}, { token });
      expect(answer.errors).toBeUndefined();
      const root = answer.data?.['root'];
      expect(
        typeof root === 'object' &&
          root !== null &&
          'children' in root &&
          Array.isArray(root.children) &&
          root.children.length > 0,
      ).toBe(true);
    }
  });
});

describe('operation limits straight at the organizations subgraph', () => {
  it('refuses the round trips, the aliases and the nesting without running SQL', async () => {
    expectRefused(await postCounting(ROUND_TRIPS, {}, organizationsUrl()), ErrorCode.COST_LIMIT_EXCEEDED);
    expectRefused(
      await postCounting(`{ ${aliases(1000, 'organizations(first: 500) { nodes { id } }')} }`, {}, organizationsUrl()),
      ErrorCode.TOKEN_LIMIT_EXCEEDED,
    );
    expectRefused(
      await postCounting(`{ ${aliases(31, 'organizations(first: 1) { nodes { id } }')} }`, {}, organizationsUrl()),
      ErrorCode.ALIAS_LIMIT_EXCEEDED,
    );
    expectRefused(await postCounting(nestedChildren(12), {}, organizationsUrl()), ErrorCode.DEPTH_LIMIT_EXCEEDED);
  });
});
