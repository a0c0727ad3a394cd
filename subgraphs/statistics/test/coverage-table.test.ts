import { cardsSubgraph } from '@registry/cards';
import { membersSubgraph } from '@registry/members';
import { organizationsSubgraph, seedDemoUnion } from '@registry/organizations';
import type { SubgraphHarness } from '@registry/tests';
import { centralAdmin, openSubgraphHarness } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statisticsSubgraph } from '../src';

let harness: SubgraphHarness;
let rootId = '';

beforeAll(async () => {
  harness = await openSubgraphHarness(statisticsSubgraph, {
    requires: [organizationsSubgraph, membersSubgraph, cardsSubgraph],
  });
  const [organizationsOrm] = harness.others;
  if (!organizationsOrm) throw new Error('organizations subgraph did not open');
  await seedDemoUnion(organizationsOrm.em.fork());
  const [root] = await harness.orm.em
    .fork()
    .execute<{ id: string }[]>("select id from organizations.organization_v1 where level = 'CENTRAL'");
  rootId = root?.id ?? '';
});
afterAll(() => harness?.close());

describe('coverageTable in the subgraph', () => {
  it('pages every organization once, with and without cards, past and present', async () => {
    for (const asOf of [null, '2020-01-01']) {
      for (const cards of ['', 'cards { plastic { numerator } }']) {
        const codes: string[] = [];
        let after: string | null = null;
        do {
          const result = await harness.execute(
            `query ($rootId: UUID!, $after: String, $asOf: LocalDate) { coverageTable(rootId: $rootId, first: 200, after: $after, asOf: $asOf) {
               rows { code path depth members { numerator denominator } ${cards} } pageInfo { hasNextPage endCursor } } }`,
            { rootId, after, asOf },
            centralAdmin,
          );
          expect(result.errors).toBeUndefined();
          const page = result.data?.['coverageTable'] as {
            rows: { code: string }[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          };
          codes.push(...page.rows.map((row) => row.code));
          after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        } while (after !== null);
        expect(new Set(codes).size).toBe(codes.length);
        expect(codes.length).toBeGreaterThan(100);
      }
    }
  });
});
