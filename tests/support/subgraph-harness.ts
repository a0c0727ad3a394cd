import type { MikroORM } from '@mikro-orm/postgresql';
import type { OpenedSubgraph, SubgraphDefinition, Viewer } from '@registry/lib';
import {
  anonymous,
  closeProcessRuntime,
  createProcessRuntime,
  createRequestContext,
  loadConfig,
  openSubgraph,
} from '@registry/lib';
import { createScratchDatabase } from '@registry/lib/testing';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { graphql } from 'graphql';
import { inject } from 'vitest';

export interface SubgraphHarness {
  readonly orm: MikroORM;
  readonly schema: GraphQLSchema;
  readonly databaseUrl: string;
  /** ORMs of the required subgraphs, in the order given. */
  readonly others: readonly MikroORM[];
  /** Runs an operation the way the subgraph server would: fresh entity manager and loaders. */
  execute(source: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<ExecutionResult>;
  close(): Promise<void>;
}

/**
 * A subgraph on its own new database, migrated, with its schema built (no HTTP). `requires`
 * lists subgraphs whose published views it reads; they are migrated first into the same database.
 */
export async function openSubgraphHarness(
  subgraph: SubgraphDefinition<unknown>,
  options: { requires?: readonly SubgraphDefinition<unknown>[] } = {},
): Promise<SubgraphHarness> {
  const database = await createScratchDatabase(inject('databaseServerUrl'), `test_${subgraph.name}`);
  const others: OpenedSubgraph[] = [];
  for (const required of options.requires ?? []) others.push(await openSubgraph(required, database.url));
  const { orm, schema } = await openSubgraph(subgraph, database.url);
  // The test's settings as a process reads them at start: those the test put in its environment before opening this.
  const runtime = createProcessRuntime(loadConfig(process.env));
  return {
    orm,
    schema,
    databaseUrl: database.url,
    execute: (source, variables, viewer = anonymous) => {
      const em = orm.em.fork();
      return graphql({
        schema,
        source,
        variableValues: variables ?? {},
        contextValue: createRequestContext(subgraph, runtime, em, viewer),
      });
    },
    others: others.map((other) => other.orm),
    close: async () => {
      await closeProcessRuntime(runtime);
      await orm.close();
      for (const other of others) await other.orm.close();
      await database.drop();
    },
  };
}

/** The `extensions.code` of each error, for asserting what bad input gets. */
export const errorCodes = (result: ExecutionResult): unknown[] =>
  (result.errors ?? []).map((error) => error.extensions['code']);
