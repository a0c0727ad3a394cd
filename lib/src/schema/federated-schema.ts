import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import { parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { BuildSchemaOptions } from 'type-graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import type { PermissionRules } from '../auth/rules';
import { subgraphShield } from '../auth/rules';

/** The one place that says which Federation 2 version and directives the subgraphs use. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", ' +
  'import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])';

/**
 * `__resolveReference` per entity type. Declared as a method so that each subgraph can type the
 * reference and its own context precisely (method parameters are checked bivariantly).
 */
export interface EntityReferenceResolver {
  __resolveReference(reference: never, context: never): unknown;
}
export type ReferenceResolvers = Readonly<Record<string, EntityReferenceResolver>>;

export interface FederatedSchemaOptions {
  resolvers: BuildSchemaOptions['resolvers'];
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  /** `__resolveReference` per entity type; each should go through a DataLoader. */
  referenceResolvers?: ReferenceResolvers;
  /** graphql-shield rules, applied after federation so `_entities` is guarded too. */
  permissions: PermissionRules;
}

/**
 * Builds a Federation 2 subgraph schema from type-graphql resolvers: type-graphql builds the
 * schema (federation directives are unknown to it, hence `skipCheck`), the SDL is printed with
 * its directives, prefixed with the `@link` import, and handed to `buildSubgraphSchema` with the
 * resolvers type-graphql made plus the reference resolvers.
 */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes ?? [],
    validate: { forbidUnknownValues: false },
    skipCheck: true,
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`);
  const resolvers = withReferenceResolvers(createResolversMap(schema), options.referenceResolvers ?? {});
  const subgraph = buildSubgraphSchema([{ typeDefs, resolvers }]);
  return applyMiddleware(subgraph, subgraphShield(options.permissions, subgraph));
}

/**
 * Adds each entity's `__resolveReference` beside the field resolvers type-graphql made for it.
 * Apollo types resolver maps as `(source, args, context, info)` functions while it calls
 * `__resolveReference(reference, context, info)`, and type-graphql's map has its own type; the
 * map is the same object at run time (type-graphql's federation example passes it straight
 * through), so only the static type changes here, once.
 */
function withReferenceResolvers(
  map: ReturnType<typeof createResolversMap>,
  references: ReferenceResolvers,
): GraphQLResolverMap<unknown> {
  const merged: Record<string, unknown> = { ...map };
  for (const [typeName, reference] of Object.entries(references)) {
    // An entity's entry is a plain object of field resolvers (never a scalar's class), and Apollo
    // calls `__resolveReference` unbound, as every subgraph writes it.
    // eslint-disable-next-line @typescript-eslint/no-misused-spread, @typescript-eslint/unbound-method -- see above
    merged[typeName] = { ...map[typeName], __resolveReference: reference.__resolveReference };
  }
  const resolvers: unknown = merged;
  return resolvers as GraphQLResolverMap<unknown>;
}
