import type { SubgraphHarness } from '@registry/tests';
import { openSubgraphHarness } from '@registry/tests';
import { countQueries } from '@registry/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationsSubgraph } from '../src';
import { seedDemoUnion } from '../src/seed/demo-union';
import { importCsv, SMALL_UNION } from './fixtures';

const TREE = (depth: number): string => {
  let selection = '{ id name }';
  for (let level = 0; level < depth; level += 1) selection = `{ id name children ${selection} }`;
  return `{ root ${selection} }`;
};

/** SQL statements that one tree query costs. */
async function statementsFor(harness: SubgraphHarness, depth: number): Promise<{ statements: number; nodes: number }> {
  const counter = countQueries(harness.orm);
  const result = await harness.execute(TREE(depth));
  counter.detach();
  expect(result.errors).toBeUndefined();
  const count = (node: unknown): number => {
    if (typeof node !== 'object' || node === null) return 0;
    const children = 'children' in node && Array.isArray(node.children) ? node.children : [];
    return 1 + children.reduce((sum: number, child: unknown) => sum + count(child), 0);
  };
  return { statements: counter.statements.length, nodes: count(result.data?.['root']) };
}

describe('the tree resolves with loaders: SQL statements grow with depth, not with node count', () => {
  let small: SubgraphHarness;
  let demo: SubgraphHarness;

  beforeAll(async () => {
    [small, demo] = await Promise.all([
      openSubgraphHarness(organizationsSubgraph),
      openSubgraphHarness(organizationsSubgraph),
    ]);
    await importCsv(small, SMALL_UNION);
    await seedDemoUnion(demo.orm.em.fork());
  });
  afterAll(async () => {
    await Promise.all([small.close(), demo.close()]);
  });

  it('costs one statement for the root plus one per level of children, on a tree of 9 and of 766 nodes', async () => {
    for (const depth of [1, 2, 3]) {
      const a = await statementsFor(small, depth);
      const b = await statementsFor(demo, depth);
      expect(b.nodes).toBeGreaterThan(a.nodes);
      expect(a.statements).toBe(1 + depth);
      expect(b.statements).toBe(1 + depth);
    }
    const full = await statementsFor(demo, 3);
    expect(full.nodes).toBe(1 + 85 + 170 + 510);
  });

  it('keeps per-node fields batched too: ancestors, depth and passport on every node of a level', async () => {
    const counter = countQueries(demo.orm);
    const result = await demo.execute(
      '{ root { children { depth ancestors { code } passport { completeness } descendantCounts { primary } } } }',
    );
    counter.detach();
    expect(result.errors).toBeUndefined();
    // root, children, then one statement each for depth, ancestors and descendant counts.
    expect(counter.statements).toHaveLength(5);
    const regions = (result.data?.['root'] as { children: { depth: number; descendantCounts: { primary: number } }[] })
      .children;
    expect(regions).toHaveLength(85);
    expect(regions.every((region) => region.depth === 1 && region.descendantCounts.primary === 6)).toBe(true);
  });

  it('pages through organizations with a keyset cursor and a total count', async () => {
    const QUERY = `query ($after: String) { organizations(filter: { level: REGIONAL }, first: 40, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { name } } }`;
    const names: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const result = await demo.execute(QUERY, { after });
      const connection = result.data?.['organizations'] as {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: { name: string }[];
      };
      expect(connection.totalCount).toBe(85);
      names.push(...connection.nodes.map((node) => node.name));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(names).toHaveLength(85);
    expect(new Set(names).size).toBe(85);
    expect([...names].sort((a, b) => a.localeCompare(b, 'ru'))).toEqual(names);
    const bad = await demo.execute(QUERY, { after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions['code']).toBe('INVALID_CURSOR');
  });

  it('finds organizations by part of the name, by code and within a subtree', async () => {
    const search = async (filter: Record<string, unknown>) => {
      const result = await demo.execute(
        'query ($f: OrganizationFilter) { organizations(filter: $f) { totalCount nodes { code } } }',
        { f: filter },
      );
      return result.data?.['organizations'] as { totalCount: number; nodes: { code: string }[] };
    };
    expect((await search({ search: 'адыгейская' })).nodes.map((n) => n.code)).toEqual(['01']);
    expect((await search({ search: '77-001' })).nodes.map((n) => n.code)).toEqual(['77-001']);
    expect((await search({ ancestorId: await idOf(demo, '77'), level: 'PRIMARY' })).totalCount).toBe(6);
  });
});

async function idOf(harness: SubgraphHarness, code: string): Promise<string> {
  const [row] = await harness.orm.em
    .getConnection()
    .execute<{ id: string }[]>('select id from organizations.organization where code = ?', [code]);
  return row?.id ?? '';
}
