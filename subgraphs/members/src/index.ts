import type { SubgraphDefinition } from '@registry/lib';
import { buildMembersSchema } from './schema';

/** No entities or loaders yet: see the members issue. */
export const membersSubgraph: SubgraphDefinition<Record<string, never>> = {
  name: 'members',
  dbSchema: 'members',
  entities: [],
  migrations: [],
  buildSchema: buildMembersSchema,
  createLoaders: () => ({}),
};
