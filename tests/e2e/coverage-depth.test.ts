import { countQueries, Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackHarness } from '../support/stack-harness';
import { openStackHarness } from '../support/stack-harness';

let harness: StackHarness;
beforeAll(async () => {
  harness = await openStackHarness('coverage');
});
afterAll(() => harness?.close());

const COVERAGE = 'coverage { members { numerator denominator } organizations { primary { numerator } } youth { numerator } }';
const nested = (depth: number): string => {
  let selection = `{ id ${COVERAGE} }`;
  for (let level = 0; level < depth; level += 1) selection = `{ id ${COVERAGE} children ${selection} }`;
  return `{ root ${selection} }`;
};

describe('coverage through the gateway', () => {
  it('costs the statistics subgraph a fixed number of statements per tree level, not per organization', async () => {
    const orm = harness.stack.subgraphs.get('statistics')?.orm;
    if (!orm) throw new Error('statistics subgraph is not running');
    const token = harness.token({ sub: 'e2e-admin', roles: [Role.CENTRAL_ADMIN] });
    const perDepth: number[] = [];
    for (const depth of [0, 1, 2, 3]) {
      const counter = countQueries(orm);
      const body = await harness.post(nested(depth), {}, { token });
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
