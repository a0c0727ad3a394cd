import { buildFederatedSchema } from '@registry/lib';
import type { GraphQLSchema } from 'graphql';
import { permissions } from './permissions';
import { AdmissionResolver } from './resolvers/admission.resolver';
import { ApplicationInboxResolver } from './resolvers/application-inbox.resolver';
import { memberReferences } from './resolvers/member.reference';
import { MemberResolver } from './resolvers/member.resolver';
import { MemberFieldsResolver, MembershipEventResolver } from './resolvers/member-fields.resolver';
import { MemberImportResolver } from './resolvers/member-import.resolver';
import { OrganizationMembersResolver } from './resolvers/organization-members.resolver';
import { PersonalAccountResolver } from './resolvers/personal-account.resolver';
import { PersonalDataAccessResolver } from './resolvers/personal-data-access.resolver';
import { SignInResolver } from './resolvers/sign-in.resolver';

/** The members subgraph's schema; tests execute it directly, `server.ts` serves it. */
export function buildMembersSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      MemberResolver,
      MemberFieldsResolver,
      MembershipEventResolver,
      AdmissionResolver,
      ApplicationInboxResolver,
      PersonalAccountResolver,
      OrganizationMembersResolver,
      MemberImportResolver,
      PersonalDataAccessResolver,
      SignInResolver,
    ],
    referenceResolvers: memberReferences,
    permissions,
  });
}
