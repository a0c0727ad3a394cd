import { buildFederatedSchema } from '@registry/lib';
import type { GraphQLSchema } from 'graphql';
import { permissions } from './permissions';
import { CardsStatusResolver } from './resolvers/status.resolver';

export function buildCardsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [CardsStatusResolver], permissions });
}
