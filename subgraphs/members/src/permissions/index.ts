import { allow, definePermissions } from '@registry/lib';
import { canImport, canSeeApplicant, canSeeCounts, canSeeMember, isMember, isMemberAdmin } from './rules';

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
    applicationInbox: isMemberAdmin,
    applicationCounts: isMemberAdmin,
  },
  Mutation: {
    applyForMembership: allow,
    requestSignInCode: allow,
    signIn: allow,
    approveApplication: isMemberAdmin,
    rejectApplication: isMemberAdmin,
    approveApplications: isMemberAdmin,
    rejectApplications: isMemberAdmin,
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
  // The applicant's details need MANAGE over the application's organization (the rule reads the row).
  MembershipApplication: {
    '*': canSeeApplicant,
    id: allow,
    status: allow,
    submittedAt: allow,
    decidedAt: allow,
    rejectionReason: allow,
    organization: allow,
    matchedMember: isMemberAdmin,
    repeatOf: isMemberAdmin,
  },
  MembershipApplicationConnection: allow,
  MembershipApplicationEdge: allow,
  ApplicationConsent: allow,
  ApplicationCount: allow,
  ApplicationDecision: allow,
  DecisionError: allow,
  SignInCodeRequest: allow,
  MemberSignIn: allow,
  PersonalDataAccessConnection: allow,
  PersonalDataAccessEdge: allow,
  PersonalDataAccess: allow,
});
