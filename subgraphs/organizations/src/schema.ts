import { buildFederatedSchema } from '@registry/lib';
import type { GraphQLSchema } from 'graphql';
import { permissions } from './permissions';
import { OrganizationResolver } from './resolvers/organization.resolver';
import { organizationReferences } from './resolvers/organization.reference';
import { OrganizationTreeResolver } from './resolvers/organization-tree.resolver';
import { OrganizationImportResolver } from './resolvers/organization-import.resolver';

/** The organizations subgraph's schema; tests execute it directly, `server.ts` serves it. */
export function buildOrganizationsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [OrganizationResolver, OrganizationTreeResolver, OrganizationImportResolver],
    referenceResolvers: organizationReferences,
    permissions,
  });
}
