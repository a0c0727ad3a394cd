import type { SubgraphDefinition } from '@registry/lib';
import type { StatisticsLoaders } from './loaders/organization.loaders';
import { createStatisticsLoaders } from './loaders/organization.loaders';
import { Migration20261124200001Baselines } from './migrations/Migration20261124200001_baselines';
import { Migration20261124200002ReportForms } from './migrations/Migration20261124200002_report_forms';
import { Migration20261201200001UnknownFigures } from './migrations/Migration20261201200001_unknown_figures';
import { Migration20261201200002NationalForm } from './migrations/Migration20261201200002_national_form';
import { Migration20261213200003CoverageFigures } from './migrations/Migration20261213200003_coverage_figures';
import { buildStatisticsSchema } from './schema';

/** Coverage of the registry against the statistical report, rankings, report baselines, report forms. */
export const statisticsSubgraph: SubgraphDefinition<StatisticsLoaders> = {
  name: 'statistics',
  dbSchema: 'statistics',
  entities: [],
  migrations: [
    { name: 'Migration20261124200001_baselines', class: Migration20261124200001Baselines },
    { name: 'Migration20261124200002_report_forms', class: Migration20261124200002ReportForms },
    { name: 'Migration20261201200001_unknown_figures', class: Migration20261201200001UnknownFigures },
    { name: 'Migration20261201200002_national_form', class: Migration20261201200002NationalForm },
    { name: 'Migration20261213200003_coverage_figures', class: Migration20261213200003CoverageFigures },
  ],
  buildSchema: buildStatisticsSchema,
  createLoaders: createStatisticsLoaders,
};

// What the development stack's demo union and tests/generator state the report's figures and
// generate report forms through, in process: the same rules as the API's.
export { importBaselines } from './services/baseline-import';
export { generateReportForm, submitReportForm } from './services/report-forms';
