import { buildFederatedSchema } from '@registry/lib';
import type { GraphQLSchema } from 'graphql';
import { permissions } from './permissions';
import { CoverageTableResolver } from './resolvers/coverage-table.resolver';
import { CoverageResolver, OrganizationCoverageResolver } from './resolvers/coverage.resolver';
import { ReportFormResolver } from './resolvers/report-form.resolver';
import { StatisticsResolver } from './resolvers/statistics.resolver';

/** The statistics subgraph's schema; tests execute it directly, `server.ts` serves it. */
export function buildStatisticsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      OrganizationCoverageResolver,
      CoverageResolver,
      CoverageTableResolver,
      StatisticsResolver,
      ReportFormResolver,
    ],
    permissions,
  });
}
