import type { SubgraphDefinition } from '@registry/lib';
import type { StatisticsLoaders } from './loaders/statistics.loaders';
import { createStatisticsLoaders } from './loaders/statistics.loaders';
import { Migration20261124200001Baselines } from './migrations/Migration20261124200001_baselines';
import { Migration20261124200002ReportForms } from './migrations/Migration20261124200002_report_forms';
import { buildStatisticsSchema } from './schema';

/** Coverage of the registry against the statistical report, rankings, report baselines, report forms. */
export const statisticsSubgraph: SubgraphDefinition<StatisticsLoaders> = {
  name: 'statistics',
  dbSchema: 'statistics',
  entities: [],
  migrations: [
    { name: 'Migration20261124200001_baselines', class: Migration20261124200001Baselines },
    { name: 'Migration20261124200002_report_forms', class: Migration20261124200002ReportForms },
  ],
  buildSchema: buildStatisticsSchema,
  createLoaders: createStatisticsLoaders,
};
