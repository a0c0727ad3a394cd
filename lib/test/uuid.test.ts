import type { ExecutionResult } from 'graphql';
import {
  getOperationAST,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  graphql,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { UUID } from '../src/schema/uuid-scalar';
import { malformedId } from '../src/validation/malformed-ids';

const ID = '3f2c8a34-1d6e-4b1a-9a43-8e0f5b7c2d19';
const Filter = new GraphQLInputObjectType({
  name: 'Filter',
  fields: { parentId: { type: UUID }, name: { type: GraphQLString } },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      thing: {
        type: GraphQLID,
        args: { id: { type: new GraphQLNonNull(UUID) } },
        resolve: (_root, args: { id: string }) => args.id,
      },
      things: {
        type: new GraphQLList(GraphQLID),
        args: { ids: { type: new GraphQLList(new GraphQLNonNull(UUID)) }, filter: { type: Filter } },
        resolve: (_root, args: { ids?: string[] }) => args.ids ?? [],
      },
    },
  }),
});

const codes = (result: ExecutionResult): unknown[] => (result.errors ?? []).map((error) => error.extensions['code']);

describe('the UUID scalar', () => {
  it('takes a UUID inline and as a variable', async () => {
    expect((await graphql({ schema, source: `{ thing(id: "${ID}") }` })).data).toEqual({ thing: ID });
    const variable = await graphql({
      schema,
      source: 'query ($id: UUID!) { thing(id: $id) }',
      variableValues: { id: ID },
    });
    expect(variable.data).toEqual({ thing: ID });
  });

  it('refuses anything else with BAD_USER_INPUT, saying what was expected and what came, inline and as a variable', async () => {
    for (const literal of ['"not-a-uuid"', '42', '""', '"00000000-0000-0000-0000-00000000000"']) {
      const inline = await graphql({ schema, source: `{ thing(id: ${literal}) }` });
      expect(codes(inline)).toEqual(['BAD_USER_INPUT']);
      expect(inline.errors?.[0]?.message).toContain(`UUID: expected a record's id, a UUID of 32 hexadecimal digits`);
      expect(inline.errors?.[0]?.message).toContain(`got ${literal}`);
    }
    const variable = await graphql({
      schema,
      source: 'query ($id: UUID!) { thing(id: $id) }',
      variableValues: { id: "1' or '1'='1" },
    });
    expect(codes(variable)).toEqual(['BAD_USER_INPUT']);
    expect(variable.errors?.[0]?.message).toContain(`got "1' or '1'='1"`);
  });
});

describe('malformedId', () => {
  const find = (source: string, variables: Record<string, unknown> = {}) => {
    const document = parse(source);
    const operation = getOperationAST(document);
    if (!operation) throw new Error('Expected one operation');
    return malformedId(schema, document, operation, variables);
  };

  it('finds the first malformed id of a request by the schema’s types, naming where it sits', () => {
    expect(find(`{ thing(id: "${ID}") things(ids: ["${ID}"], filter: { parentId: "${ID}", name: "x" }) }`)).toBeNull();
    expect(find('{ thing(id: "x") }')).toEqual({ path: 'id', field: 'id', received: '"x"' });
    expect(find(`{ things(filter: { name: "not an id", parentId: 7 }) }`)).toEqual({
      path: 'filter.parentId',
      field: 'parentId',
      received: '7',
    });
    expect(find('query ($ids: [UUID!]) { things(ids: $ids) }', { ids: [ID, 'x'] })).toEqual({
      path: '$ids.1',
      field: 'ids',
      received: '"x"',
    });
    expect(find('query ($f: Filter) { things(filter: $f) }', { f: { name: 'x', parentId: 'nope' } })).toEqual({
      path: '$f.parentId',
      field: 'parentId',
      received: '"nope"',
    });
    // Text in a String field is no id, and an absent or null id is not malformed.
    expect(find('query ($f: Filter) { things(filter: $f) }', { f: { name: 'x', parentId: null } })).toBeNull();
  });
});
