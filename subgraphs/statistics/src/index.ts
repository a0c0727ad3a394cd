import type { SubgraphDefinition } from '@registry/lib';
import type { StatisticsLoaders } from './loaders/statistics.loaders';
import { createStatisticsLoaders } from './loaders/statistics.loaders';
import { Migration20261124200001Baselines } from './migrations/Migration20261124200001_baselines';
import { buildStatisticsSchema } from './schema';

/** Coverage of the registry against the statistical report, rankings, report baselines. */
export const statisticsSubgraph: SubgraphDefinition<StatisticsLoaders> = {
  name: 'statistics',
  dbSchema: 'statistics',
  entities: [],
  migrations: [{ name: 'Migration20261124200001_baselines', class: Migration20261124200001Baselines }],
  buildSchema: buildStatisticsSchema,
  createLoaders: createStatisticsLoaders,
};
