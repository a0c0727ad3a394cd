import { Ability, hasAnyRole, mayManage, mayReadFigures, Role } from '@registry/lib';
import { rule } from 'graphql-shield';
import type { MembersContext } from '../context';
import type { Member } from '../entities/member';
import type { MembershipApplication } from '../entities/membership-application';

/** Admins of member records somewhere; which organizations, the resolvers and services ask the scope. */
export const isMemberAdmin = mayManage;

export const isMember = hasAnyRole(Role.MEMBER);

/** A file may name organizations anywhere in the union, so bulk import needs MANAGE everywhere. */
export const canImport = rule('managesEverywhere', { cache: 'contextual' })(
  (_parent: unknown, _args: unknown, { scope }: MembersContext) => scope.isEverywhere(Ability.MANAGE),
);

/** Counts, never personal data: whoever reads figures somewhere (the subtree is the resolver's check). */
export const canSeeCounts = mayReadFigures;

/**
 * A member record's personal data: the member themselves, or a caller who may manage the record's
 * organization. Checked on the record itself, so no path that returns a Member (a list, an entity
 * reference, a mutation's answer) can show one outside the scope.
 */
export const canSeeMember = rule({ cache: 'strict' })(
  async (member: Member, _args: unknown, { scope }: MembersContext) =>
    scope.isSelf(member.id) || scope.covers(member.organizationId, Ability.MANAGE),
);

/**
 * An applicant's details (names, birth date, contacts, SNILS, category, consent): only for those
 * who may decide the application, i.e. MANAGE over its organization. The public answer to
 * `applyForMembership` carries the id and status, never these.
 */
export const canSeeApplicant = rule({ cache: 'strict' })(
  async (application: MembershipApplication, _args: unknown, { scope }: MembersContext) =>
    scope.covers(application.organizationId, Ability.MANAGE),
);
