import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass, MigrationObject } from '@mikro-orm/core';
import type { GraphQLSchema } from 'graphql';

/**
 * Everything the shared runtime needs to know about one subgraph: the PostgreSQL schema it owns,
 * its entities and migrations, how to build its GraphQL schema and its per-request loaders.
 * Each subgraph exports one of these from `src/index.ts`; servers, the dev stack, the schema
 * writer and tests all start from it.
 */
export interface SubgraphDefinition<TLoaders> {
  /** Service name in the supergraph, e.g. `organizations`. */
  readonly name: string;
  /** PostgreSQL schema whose tables only this subgraph writes. */
  readonly dbSchema: string;
  readonly entities: readonly EntityClass<object>[];
  readonly migrations: readonly MigrationObject[];
  buildSchema(): Promise<GraphQLSchema>;
  createLoaders(em: EntityManager): TLoaders;
}
