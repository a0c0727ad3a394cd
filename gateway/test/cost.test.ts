import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { Viewer } from '@registry/lib';
import {
  anonymous,
  costBudgetOf,
  DEFAULT_OPERATION_LIMITS,
  estimateCost,
  responseSizePlugin,
  Role,
} from '@registry/lib';
import type { FragmentDefinitionNode, GraphQLSchema } from 'graphql';
import { buildSchema, Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';

const apiSchema = buildSchema(readFileSync(resolve(__dirname, '../../schema/api.graphql'), 'utf8'));

function cost(source: string, variables: Record<string, unknown> = {}, schema: GraphQLSchema = apiSchema): number {
  const document = parse(source);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let operation = null;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    if (definition.kind === Kind.OPERATION_DEFINITION) operation = definition;
  }
  if (!operation) throw new Error('Expected an operation');
  return estimateCost(schema, operation, fragments, { variables });
}

const aliases = (count: number, selection: string): string =>
  `{ ${Array.from({ length: count }, (_, index) => `a${index}: ${selection}`).join(' ')} }`;

const viewer = (...roles: Role[]): Viewer => ({ ...anonymous, subject: 'someone', roles });

describe('estimateCost', () => {
  it('multiplies by the tree’s fan-out on every children → parent round trip', () => {
    // root 1 + (85 children + 85 parents) + (85² + 85²) + (85³ + 85³)
    expect(cost('{ root { children { parent { children { parent { children { parent { id } } } } } } } }')).toBe(
      1 + 2 * 85 + 2 * 85 ** 2 + 2 * 85 ** 3,
    );
  });

  it('counts regions, territorials and primaries below the root with their own fan-out', () => {
    // root 1; 85 regions with coverage and members; 85 × 30 territorials with the same
    expect(
      cost(
        '{ root { children { coverage { members { numerator } } children { coverage { members { numerator } } } } } }',
      ),
    ).toBe(1 + 3 * 85 + 3 * 2550);
    // Q3: six objects per organization (itself, coverage, members, organizations, primary, youth)
    const coverage =
      'coverage { members { numerator denominator } organizations { primary { numerator denominator } } youth { numerator } }';
    const q3 = `{ root { children { id ${coverage} children { id ${coverage} children { id ${coverage} } } } } }`;
    expect(cost(q3)).toBe(1 + 6 * (85 + 2550 + 76_500));
  });

  it('counts children of an organization of unknown level as the largest fan-out', () => {
    expect(cost('{ organization(id: "x") { children { id children { id } } } }')).toBe(1 + 85 + 85 * 85);
  });

  it('counts a connection’s lists as its page: `first`, a variable, or the default 50', () => {
    expect(cost('{ organizations(first: 500) { nodes { id parent { id } } } }')).toBe(1 + 500 + 500);
    expect(cost('query ($n: Int) { organizations(first: $n) { edges { node { id } } } }', { n: 10 })).toBe(1 + 10 + 10);
    expect(cost('{ organizations { edges { node { id } } pageInfo { hasNextPage } } }')).toBe(1 + 50 + 50 + 1);
    expect(cost(aliases(1000, 'organizations(first: 500) { nodes { id } }'))).toBe(1000 * 501);
  });

  it('counts a coverage table page as its `first`, up to its own maximum of 5000', () => {
    const table = (first: number) =>
      `{ coverageTable(rootId: "x", first: ${first}) { rows { id members { numerator } youth { numerator } cards { plastic { numerator } } } pageInfo { hasNextPage } } }`;
    // the page 1 + rows + three objects per row (members, youth, cards) + cards' plastic + pageInfo 1
    expect(cost(table(5000))).toBe(1 + 5000 * 5 + 1);
    expect(cost(table(50_000))).toBe(1 + 5000 * 5 + 1);
  });

  it('walks named and inline fragments', () => {
    expect(
      cost(
        '{ root { ...Tree } } fragment Tree on Organization { children { ... on Organization { children { id } } } }',
      ),
    ).toBe(1 + 85 + 85 * 30);
  });

  it('counts a subgraph’s `_entities` once per representation, not per batch size', () => {
    const sdl = readFileSync(resolve(__dirname, '../../schema/statistics.graphql'), 'utf8');
    const statistics = buildSubgraphSchema(parse(sdl));
    const query =
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Organization { coverage { members { numerator } } } } }';
    expect(cost(query, { representations: [] }, statistics)).toBe(3);
  });

  it('stops counting once past a limit', () => {
    const document = parse('{ root { children { children { children { id } } } } }');
    const [operation] = document.definitions;
    if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('Expected an operation');
    expect(estimateCost(apiSchema, operation, {}, { stopAbove: 100 })).toBe(1 + 85 + 2550);
  });
});

describe('costBudgetOf', () => {
  const budgets = DEFAULT_OPERATION_LIMITS.costBudgets;
  it('gives the largest budget among the viewer’s roles, the anonymous one without roles', () => {
    expect(costBudgetOf(anonymous, budgets)).toBe(5_000);
    expect(costBudgetOf(viewer(Role.MEMBER), budgets)).toBe(10_000);
    expect(costBudgetOf(viewer(Role.MEMBER, Role.ANALYST), budgets)).toBe(1_000_000);
  });
});

describe('responseSizePlugin', () => {
  it('refuses an answer larger than the limit with RESPONSE_TOO_LARGE', async () => {
    const server = new ApolloServer({
      typeDefs: 'type Query { text(length: Int!): String! }',
      resolvers: { Query: { text: (_: unknown, { length }: { length: number }) => 'x'.repeat(length) } },
      plugins: [responseSizePlugin(1000)],
    });
    const small = await server.executeOperation({ query: '{ text(length: 10) }' });
    const large = await server.executeOperation({ query: '{ text(length: 2000) }' });
    expect(small.body.kind === 'single' && small.body.singleResult.data).toEqual({ text: 'x'.repeat(10) });
    expect(large.http.status).toBe(400);
    expect(
      large.body.kind === 'single' && large.body.singleResult.errors?.map((error) => error.extensions?.['code']),
    ).toEqual(['RESPONSE_TOO_LARGE']);
    expect(large.body.kind === 'single' && large.body.singleResult.data).toBeUndefined();
  });
});
