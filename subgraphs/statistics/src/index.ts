import type { SubgraphDefinition } from '@registry/lib';
import { buildStatisticsSchema } from './schema';

/** No entities or loaders yet: see the statistics issue. */
export const statisticsSubgraph: SubgraphDefinition<Record<string, never>> = {
  name: 'statistics',
  dbSchema: 'statistics',
  entities: [],
  migrations: [],
  buildSchema: buildStatisticsSchema,
  createLoaders: () => ({}),
};
