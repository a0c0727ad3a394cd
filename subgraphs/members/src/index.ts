import type { SubgraphDefinition } from '@registry/lib';
import { Member } from './entities/member';
import { MembershipApplication } from './entities/membership-application';
import { MembershipEvent } from './entities/membership-event';
import type { MemberLoaders } from './loaders/member.loaders';
import { createMemberLoaders } from './loaders/member.loaders';
import { Migration20261124100001Members } from './migrations/Migration20261124100001_members';
import { Migration20261124100002PublishedViews } from './migrations/Migration20261124100002_published_views';
import { Migration20261124100003StatisticsViews } from './migrations/Migration20261124100003_statistics_views';
import { Migration20261124100004EventView } from './migrations/Migration20261124100004_event_view';
import { Migration20261124100005OrganizationTally } from './migrations/Migration20261124100005_organization_tally';
import { Migration20261124100050CodeCollation } from './migrations/Migration20261124100050_code_collation';
import { Migration20261124100060ApplicationMatchesAndReadAudit } from './migrations/Migration20261124100060_application_matches_and_read_audit';
import { Migration20261201100070MembershipIntegrity } from './migrations/Migration20261201100070_membership_integrity';
import { Migration20261208100080MergeHistory } from './migrations/Migration20261208100080_merge_history';
import { Migration20261210100081ApplicationInbox } from './migrations/Migration20261210100081_application_inbox';
import { Migration20261210100091MemberSignIn } from './migrations/Migration20261210100091_member_sign_in';
import { Migration20261211100100OrganizationTallyDelta } from './migrations/Migration20261211100100_organization_tally_delta';
import { Migration20261212100110OrganizationTallyByDay } from './migrations/Migration20261212100110_organization_tally_by_day';
import { Migration20261213100120SubtreeMemberCountsPlanned } from './migrations/Migration20261213100120_subtree_member_counts_planned';
import { Migration20261214100130OrganizationTallyFoldPlanned } from './migrations/Migration20261214100130_organization_tally_fold_planned';
import { Migration20261214100140MemberSnilsIndex } from './migrations/Migration20261214100140_member_snils_index';
import { buildMembersSchema } from './schema';
import { keepYouthCutoffCurrent } from './services/organization-tally';

/**
 * People and their membership: records, admission, movements, personal account, import. In the
 * background it keeps the organization tally's youth cutoff current.
 */
export const membersSubgraph: SubgraphDefinition<MemberLoaders> = {
  name: 'members',
  dbSchema: 'members',
  entities: [Member, MembershipEvent, MembershipApplication],
  migrations: [
    { name: 'Migration20261124100001_members', class: Migration20261124100001Members },
    { name: 'Migration20261124100002_published_views', class: Migration20261124100002PublishedViews },
    { name: 'Migration20261124100003_statistics_views', class: Migration20261124100003StatisticsViews },
    { name: 'Migration20261124100004_event_view', class: Migration20261124100004EventView },
    { name: 'Migration20261124100005_organization_tally', class: Migration20261124100005OrganizationTally },
    { name: 'Migration20261124100050_code_collation', class: Migration20261124100050CodeCollation },
    {
      name: 'Migration20261124100060_application_matches_and_read_audit',
      class: Migration20261124100060ApplicationMatchesAndReadAudit,
    },
    { name: 'Migration20261201100070_membership_integrity', class: Migration20261201100070MembershipIntegrity },
    { name: 'Migration20261208100080_merge_history', class: Migration20261208100080MergeHistory },
    { name: 'Migration20261210100081_application_inbox', class: Migration20261210100081ApplicationInbox },
    { name: 'Migration20261210100091_member_sign_in', class: Migration20261210100091MemberSignIn },
    { name: 'Migration20261211100100_organization_tally_delta', class: Migration20261211100100OrganizationTallyDelta },
    { name: 'Migration20261212100110_organization_tally_by_day', class: Migration20261212100110OrganizationTallyByDay },
    {
      name: 'Migration20261213100120_subtree_member_counts_planned',
      class: Migration20261213100120SubtreeMemberCountsPlanned,
    },
    {
      name: 'Migration20261214100130_organization_tally_fold_planned',
      class: Migration20261214100130OrganizationTallyFoldPlanned,
    },
    { name: 'Migration20261214100140_member_snils_index', class: Migration20261214100140MemberSnilsIndex },
  ],
  buildSchema: buildMembersSchema,
  createLoaders: createMemberLoaders,
  background: (orm) => keepYouthCutoffCurrent(orm),
};

export type { MemberLoaders } from './loaders/member.loaders';
// What the development stack's demo union, tests/generator and other subgraphs' tests admit,
// move and import members through, in process: the same rules as the API's.
export { ExitKind } from './entities/member-enums';
export { applyForMembership } from './services/admission.service';
export type { MemberImportError } from './services/member-import';
export { importMembers } from './services/member-import';
export {
  enterMember,
  mergeMembers,
  recordMemberExit,
  reinstateMember,
  transferMember,
} from './services/membership.service';
