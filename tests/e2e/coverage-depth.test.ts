import { signDevelopmentToken, startStack } from '@registry/gateway';
import type { RunningStack } from '@registry/gateway';
import { countQueries, createScratchDatabase, loadSecurityConfig, Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const security = loadSecurityConfig({ NODE_ENV: 'test' });
let stack: RunningStack;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  const database = await createScratchDatabase(inject('databaseServerUrl'), 'test_e2e_coverage');
  dropDatabase = database.drop;
  stack = await startStack({ databaseUrl: database.url, security, gatewayPort: 0, seedDemo: true });
});
afterAll(async () => {
  await stack?.stop();
  await dropDatabase?.();
});

const COVERAGE = 'coverage { members { numerator denominator } organizations { primary { numerator } } youth { numerator } }';
const nested = (depth: number): string => {
  let selection = `{ id ${COVERAGE} }`;
  for (let level = 0; level < depth; level += 1) selection = `{ id ${COVERAGE} children ${selection} }`;
  return `{ root ${selection} }`;
};

describe('coverage through the gateway', () => {
  it('costs the statistics subgraph a fixed number of statements per tree level, not per organization', async () => {
    const orm = stack.subgraphs.get('statistics')?.orm;
    if (!orm) throw new Error('statistics subgraph is not running');
    const token = signDevelopmentToken(security.jwtSecret, { sub: 'e2e-analyst', roles: [Role.CENTRAL_ADMIN] });
    const perDepth: number[] = [];
    for (const depth of [0, 1, 2, 3]) {
      const counter = countQueries(orm);
      const response = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: nested(depth) }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      counter.detach();
      expect(body.errors).toBeUndefined();
      perDepth.push(counter.statements.length);
    }
    // Levels hold 1, 85, 170 and 510 organizations; each costs the same four statements
    // (latest report date, members, registry counts; the report's figures only when there is one).
    console.info(`statistics statements per depth 0..3: ${perDepth.join(", ")}`);
    const increments = perDepth.slice(1).map((count, index) => count - (perDepth[index] ?? 0));
    expect(new Set(increments).size).toBe(1);
    expect(perDepth[0]).toBeLessThanOrEqual(4);
  });
});
