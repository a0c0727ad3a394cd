import type { SubgraphDefinition } from '@registry/lib';
import { buildCardsSchema } from './schema';

/** No entities or loaders yet: see the cards issue. */
export const cardsSubgraph: SubgraphDefinition<Record<string, never>> = {
  name: 'cards',
  dbSchema: 'cards',
  entities: [],
  migrations: [],
  buildSchema: buildCardsSchema,
  createLoaders: () => ({}),
};
