import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackHarness } from '../support/stack-harness';
import { openStackHarness } from '../support/stack-harness';

let harness: StackHarness;
beforeAll(async () => {
  harness = await openStackHarness('coverage');
});
afterAll(() => harness?.close());

const COVERAGE =
  'coverage { members { numerator denominator } organizations { primary { numerator } } youth { numerator } }';
const nested = (depth: number): string => {
  let selection = `{ id ${COVERAGE} }`;
  for (let level = 0; level < depth; level += 1) selection = `{ id ${COVERAGE} children ${selection} }`;
  return `{ root ${selection} }`;
};

describe('coverage through the gateway', () => {
  it('costs one statement per tree level in statistics and at most two per level in all', async () => {
    const token = harness.token({ sub: 'e2e-admin', roles: [Role.CENTRAL_ADMIN] });
    const perDepth: { statistics: number; organizations: number }[] = [];
    for (const depth of [0, 1, 2, 3]) {
      const counters = {
        statistics: await harness.countStatements(['statistics']),
        organizations: await harness.countStatements(['organizations']),
      };
      const body = await harness.post(nested(depth), {}, { token });
      const counted = {
        statistics: await counters.statistics.stop(),
        organizations: await counters.organizations.stop(),
      };
      expect(body.errors).toBeUndefined();
      perDepth.push(counted);
    }
    // Levels hold 1, 85, 170 and 510 organizations; each is one `_entities` batch, which costs
    // statistics one statement (report date, report, registry and members together), and
    // organizations one (the root, then each level's children).
    console.info(
      `statements per depth 0..3 (statistics + organizations): ${perDepth.map((n) => `${n.statistics} + ${n.organizations}`).join(', ')}`,
    );
    expect(perDepth.map((n) => n.statistics)).toEqual([1, 2, 3, 4]);
    for (const [depth, n] of perDepth.entries())
      expect(n.statistics + n.organizations, `depth ${depth}`).toBeLessThanOrEqual(2 * (depth + 1));
  });
});
