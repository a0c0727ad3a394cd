import { membersSubgraph } from '@registry/members';
import { organizationsSubgraph } from '@registry/organizations';
import type { SubgraphHarness } from '@registry/tests';
import { openSubgraphHarness } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardsSubgraph } from '../src';
import { BONUS_PARTICIPANT_V1, CARD_V1, cardsInUseBySubtree } from '../src/contract';

/** The published views' columns and the function's result, committed: a change of shape is a `_v2`. */
const VIEWS: Record<string, string[]> = {
  [CARD_V1]: ['id uuid', 'member_id uuid', 'kind text', 'status text', 'issued_on date', 'expires_on date'],
  [BONUS_PARTICIPANT_V1]: ['member_id uuid', 'channel text', 'active boolean', 'enrolled_at timestamp with time zone'],
};
const FUNCTIONS: Record<string, string> = {
  'cards.cards_in_use_v1(uuid[], date)':
    'TABLE(organization_id uuid, plastic integer, virtual integer, bonus_participants integer, bonus_participants_via_app integer)',
};

describe('the cards contract', () => {
  let harness: SubgraphHarness;
  beforeAll(async () => {
    harness = await openSubgraphHarness(cardsSubgraph, { requires: [organizationsSubgraph, membersSubgraph] });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('publishes the committed columns of each view and the result of each function', async () => {
    const em = harness.orm.em.fork();
    for (const [view, columns] of Object.entries(VIEWS)) {
      const [schema, name] = view.split('.');
      const rows = await em.execute<{ column: string }[]>(
        `select column_name || ' ' || data_type as column from information_schema.columns
          where table_schema = ? and table_name = ? order by ordinal_position`,
        [schema, name],
      );
      expect(
        rows.map((row) => row.column),
        view,
      ).toEqual(columns);
    }
    for (const [signature, result] of Object.entries(FUNCTIONS)) {
      const [row] = await em.execute<{ result: string }[]>('select pg_get_function_result(?::regprocedure) as result', [
        signature,
      ]);
      expect(row?.result, signature).toBe(result);
    }
    const figures = await cardsInUseBySubtree(em, ['00000000-0000-4000-8000-000000000000'], '2026-01-01');
    expect([...figures.values()].every((row) => row.plastic === 0 && row.virtual === 0)).toBe(true);
  });
});
