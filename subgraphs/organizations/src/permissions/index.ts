import { allow, definePermissions } from '@registry/lib';
import { canImport, canManageTree, canSeeRecords } from './rules';

/**
 * The tree itself is public (an applicant picks a primary organization before signing in);
 * personal data, history and changes are not: they need MANAGE over the organization.
 */
export const permissions = definePermissions({
  Query: {
    organization: allow,
    organizationByCode: allow,
    root: allow,
    organizations: allow,
  },
  Mutation: {
    createOrganization: canManageTree,
    updateOrganization: canManageTree,
    moveOrganization: canManageTree,
    liquidateOrganization: canManageTree,
    mergeOrganization: canManageTree,
    importOrganizations: canImport,
  },
  Organization: {
    '*': allow,
    chair: canSeeRecords,
    history: canSeeRecords,
  },
  Chair: allow,
  Passport: allow,
  DescendantCounts: allow,
  OrganizationEvent: allow,
  OrganizationConnection: allow,
  OrganizationEdge: allow,
  PageInfo: allow,
  OrganizationImportReport: allow,
  ImportRowError: allow,
});
