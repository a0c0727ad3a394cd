import { allow, definePermissions } from '@registry/lib';
import { canImport, canSeeCounts, canSeeMember, isMember, isMemberAdmin } from './rules';

/**
 * ANALYST sees counts only; MEMBER only self; admins the members of their subtree. Applying and
 * following an application need no sign-in.
 */
export const permissions = definePermissions({
  Query: {
    member: isMemberAdmin,
    possibleDuplicates: isMemberAdmin,
    me: isMember,
    membershipApplication: allow,
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
  MembershipApplication: allow,
});
