import type { SubgraphHarness } from '@registry/tests';
import { openSubgraphHarness } from '@registry/tests';
import { countQueries } from '@registry/lib/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { organizationsSubgraph } from '../src';
import { Organization } from '../src/entities/organization';
import { createOrganizationLoaders } from '../src/loaders/organization.loaders';
import { idsByCode, importCsv, SMALL_UNION } from './fixtures';

let harness: SubgraphHarness;
let ids: Record<string, string>;

beforeAll(async () => {
  harness = await openSubgraphHarness(organizationsSubgraph);
  await importCsv(harness, SMALL_UNION);
  ids = await idsByCode(harness);
});
afterAll(() => harness.close());

const idOf = (code: string): string => ids[code] ?? '';

describe('organization loaders', () => {
  it('batches organizationsById: one find with all keys, results in key order, null for a miss', async () => {
    const em = harness.orm.em.fork();
    const find = vi.spyOn(em, 'find');
    const loaders = createOrganizationLoaders(em);
    const missing = '00000000-0000-4000-8000-000000000000';
    const keys = [idOf('P77-1'), idOf('R50'), missing, idOf('C')];
    const results = await Promise.all(keys.map((key) => loaders.organizationsById.load(key)));
    expect(find.mock.calls).toEqual([[Organization, { id: { $in: keys } }]]);
    expect(results.map((organization) => organization?.code ?? null)).toEqual(['P77-1', 'R50', null, 'C']);
  });

  it('batches childrenByParentId per filter: one statement for all parents', async () => {
    const em = harness.orm.em.fork();
    const counter = countQueries(harness.orm);
    const loaders = createOrganizationLoaders(em);
    const [r77, r50, leaf] = await Promise.all(
      [idOf('R77'), idOf('R50'), idOf('P77-1')].map((key) => loaders.childrenByParentId({}).load(key)),
    );
    counter.detach();
    expect(counter.statements).toHaveLength(1);
    expect(r77?.map((o) => o.code)).toEqual(['P77-U', 'T77-1']);
    expect(r50?.map((o) => o.code)).toEqual(['T50-1']);
    expect(leaf).toEqual([]);
  });

  it('answers ancestors, depth and descendant counts for a batch in one statement each', async () => {
    const em = harness.orm.em.fork();
    const loaders = createOrganizationLoaders(em);
    const keys = [idOf('P77-1'), idOf('R77'), idOf('C')];
    const counter = countQueries(harness.orm);
    const [ancestors, depths, counts] = await Promise.all([
      Promise.all(keys.map((key) => loaders.ancestorsById.load(key))),
      Promise.all(keys.map((key) => loaders.depthById.load(key))),
      Promise.all(keys.map((key) => loaders.descendantCountsById.load(key))),
    ]);
    counter.detach();
    expect(counter.statements).toHaveLength(3);
    expect(ancestors.map((chain) => chain.map((o) => o.code))).toEqual([['C', 'R77', 'T77-1'], ['C'], []]);
    expect(depths).toEqual([3, 1, 0]);
    expect(counts).toEqual([
      { regional: 0, territorial: 0, primary: 0, total: 0 },
      { regional: 0, territorial: 1, primary: 3, total: 4 },
      { regional: 2, territorial: 2, primary: 4, total: 8 },
    ]);
  });
});
