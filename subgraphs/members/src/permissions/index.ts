import { allow, definePermissions } from '@registry/lib';
import { canImport, canSeeCounts, canSeeMember, isMember, isMemberAdmin } from './rules';

/**
 * ANALYST sees counts only; MEMBER only self; admins the members of their subtree. Applying needs
 * no sign-in; reading an application and what it matched needs MANAGE over its organization, and
 * the personal-data access log MANAGE everywhere (both checked by the resolver on the scope).
 */
export const permissions = definePermissions({
  Query: {
    member: isMemberAdmin,
    possibleDuplicates: isMemberAdmin,
    me: isMember,
    membershipApplication: isMemberAdmin,
    personalDataAccessLog: isMemberAdmin,
  },
  Mutation: {
    applyForMembership: allow,
    approveApplication: isMemberAdmin,
    rejectApplication: isMemberAdmin,
    admitMember: isMemberAdmin,
    updateMember: isMemberAdmin,
    transferMember: isMemberAdmin,
    recordMemberExit: isMemberAdmin,
    reinstateMember: isMemberAdmin,
    mergeMembers: isMemberAdmin,
    importMembers: canImport,
    updateMyContacts: isMember,
    withdrawBonusConsent: isMember,
    leaveUnion: isMember,
  },
  Member: { '*': canSeeMember, id: allow, status: allow },
  Organization: { id: allow, members: isMemberAdmin, memberCounts: canSeeCounts },
  MemberCounts: allow,
  MemberConnection: allow,
  MemberEdge: allow,
  PageInfo: allow,
  MemberConsent: allow,
  MemberCompleteness: allow,
  MembershipEvent: allow,
  PossibleDuplicate: allow,
  ApprovalResult: allow,
  MemberImportReport: allow,
  MemberImportError: allow,
  MembershipApplication: { '*': allow, matchedMember: isMemberAdmin, repeatOf: isMemberAdmin },
  PersonalDataAccessConnection: allow,
  PersonalDataAccessEdge: allow,
  PersonalDataAccess: allow,
});
