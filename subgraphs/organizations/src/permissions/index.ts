import { allow, definePermissions } from '@registry/lib';
import { canImport, canManageTree, canSeeContacts } from './rules';

/**
 * The tree itself is public (an applicant picks a primary organization before signing in);
 * personal data and changes are not.
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
    chair: canSeeContacts,
    history: canManageTree,
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
