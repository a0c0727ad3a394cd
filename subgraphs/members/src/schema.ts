import { buildFederatedSchema } from '@registry/lib';
import type { GraphQLSchema } from 'graphql';
import { permissions } from './permissions';
import { MembersStatusResolver } from './resolvers/status.resolver';

export function buildMembersSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [MembersStatusResolver], permissions });
}
