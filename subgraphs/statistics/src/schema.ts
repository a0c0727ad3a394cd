import { buildFederatedSchema } from '@registry/lib';
import type { GraphQLSchema } from 'graphql';
import { permissions } from './permissions';
import { StatisticsStatusResolver } from './resolvers/status.resolver';

export function buildStatisticsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [StatisticsStatusResolver], permissions });
}
