import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { EntityClass, MigrationObject } from '@mikro-orm/core';
import type { GraphQLSchema } from 'graphql';
import type { Viewer } from './auth/viewer';
import type { ProcessRuntime } from './runtime';

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
  /**
   * Work the subgraph does on its own while it serves (e.g. consuming another subgraph's outbox).
   * Started by the server after it listens; the returned function stops it and resolves once any
   * run in progress has finished, so the ORM can close behind it. Its settings come from the
   * process's runtime (read once at start). Tests call the work directly.
   */
  background?(orm: MikroORM, runtime: ProcessRuntime): () => Promise<void>;
  /**
   * Who a request carrying an `x-api-key` header is (partners' integrations have keys, not user
   * tokens): a viewer, or null when the key is unknown or disabled. Subgraphs without it ignore
   * the header.
   */
  authenticateApiKey?(em: EntityManager, apiKey: string): Promise<Viewer | null>;
}
