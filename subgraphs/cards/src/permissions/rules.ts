import { hasAnyRole, hasRole, Role } from '@registry/lib';
import { rule } from 'graphql-shield';
import type { CardsContext } from '../context';
import type { Member } from '../entities/member';

/** Admins of cards; the subtree scope is checked by services and resolvers, which can read the tree. */
export const isCardAdmin = hasAnyRole(Role.CENTRAL_ADMIN, Role.ORG_ADMIN);

/** Partners, the program's rates and API keys are the central office's. */
export const isCentralAdmin = hasAnyRole(Role.CENTRAL_ADMIN);

/** A member acting on their own cards (ownership is checked by the services), or an admin. */
export const isCardHolderOrAdmin = hasAnyRole(Role.CENTRAL_ADMIN, Role.ORG_ADMIN, Role.MEMBER);

export const isMember = hasAnyRole(Role.MEMBER);

/** A partner integration, authenticated by its API key: verifies cards and reports purchases, nothing else. */
export const isPartner = hasAnyRole(Role.PARTNER);

/** Counts and sums, never records: analysts and admins, in their subtree. */
export const canSeeFigures = hasAnyRole(Role.CENTRAL_ADMIN, Role.ORG_ADMIN, Role.ANALYST);

/** The list of partners is what the app shows members; partners themselves do not browse it. */
export const canSeePartners = hasAnyRole(Role.CENTRAL_ADMIN, Role.ORG_ADMIN, Role.ANALYST, Role.MEMBER);

/** A member's cards and bonus account: the member in person, or admins (their scope is checked by the resolvers). */
export const canSeeMemberCards = rule({ cache: 'strict' })(
  (member: Member, _args: unknown, { viewer }: CardsContext) =>
    hasRole(viewer, Role.CENTRAL_ADMIN, Role.ORG_ADMIN) || (hasRole(viewer, Role.MEMBER) && viewer.memberId === member.id),
);
