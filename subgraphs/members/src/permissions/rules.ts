import { hasAnyRole, hasRole, Role } from '@registry/lib';
import { rule } from 'graphql-shield';
import type { MembersContext } from '../context';
import type { Member } from '../entities/member';

/** Admins of member records; the subtree scope is checked by services and resolvers. */
export const isMemberAdmin = hasAnyRole(Role.CENTRAL_ADMIN, Role.ORG_ADMIN);

export const isMember = hasAnyRole(Role.MEMBER);

/** A file may name organizations anywhere in the union, so bulk import is the central office's job. */
export const canImport = hasAnyRole(Role.CENTRAL_ADMIN);

/** Counts, never personal data: analysts and admins. */
export const canSeeCounts = hasAnyRole(Role.CENTRAL_ADMIN, Role.ORG_ADMIN, Role.ANALYST);

/** A member record's personal data: admins (within scope, checked where it is loaded) or the member. */
export const canSeeMember = rule({ cache: 'strict' })(
  (member: Member, _args: unknown, { viewer }: MembersContext) =>
    hasRole(viewer, Role.CENTRAL_ADMIN, Role.ORG_ADMIN) || viewer.memberId === member.id,
);
