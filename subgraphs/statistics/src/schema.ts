import { buildFederatedSchema } from '@registry/lib';
import type { GraphQLSchema } from 'graphql';
import { permissions } from './permissions';
import { CoverageTableResolver } from './resolvers/coverage-table.resolver';
import { CoverageResolver, OrganizationCoverageResolver } from './resolvers/coverage.resolver';
import { ReportFormResolver } from './resolvers/report-form.resolver';
import { RankingResolver } from './resolvers/ranking.resolver';
import { ReportBaselineResolver } from './resolvers/report-baseline.resolver';

/** The statistics subgraph's schema; tests execute it directly, `server.ts` serves it. */
export function buildStatisticsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      OrganizationCoverageResolver,
      CoverageResolver,
      CoverageTableResolver,
      RankingResolver,
      ReportBaselineResolver,
      ReportFormResolver,
    ],
    permissions,
  });
}
