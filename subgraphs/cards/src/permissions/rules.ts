import type { Scope } from '@registry/lib';
import { hasAnyRole, mayManage, mayReadFigures, Role } from '@registry/lib';
import { or, rule } from 'graphql-shield';
import type { Member } from '../entities/member';

/**
 * The gates of this subgraph's fields. Abilities come from the one table (`ROLE_REACH`, through
 * `mayManage` and `mayReadFigures`); which organizations a viewer reaches is asked of `scope` by
 * the resolvers and services, with the target's id. Roles are named here and nowhere else.
 */

/** Orders, batches and card changes: whoever may manage records somewhere. */
export const isCardAdmin = mayManage;

/** Partners, the program's rates and API keys are the central office's. */
export const isCentralAdmin = hasAnyRole(Role.CENTRAL_ADMIN);

export const isMember = hasAnyRole(Role.MEMBER);

/** A member acting on their own cards (ownership is checked by the services), or an admin. */
export const isCardHolderOrAdmin = or(mayManage, isMember);

/** A partner integration, authenticated by its API key: verifies cards and reports purchases, nothing else. */
export const isPartner = hasAnyRole(Role.PARTNER);

/** Counts and sums, never records. */
export const canSeeFigures = mayReadFigures;

/** The list of partners is what the app shows members; partners themselves do not browse it. */
export const canSeePartners = or(mayReadFigures, isMember);

/** A member's cards and bonus account: the member in person, or a manager (whose reach the resolvers check). */
export const canSeeMemberCards = or(
  mayManage,
  rule({ cache: 'strict' })((member: Member, _args: unknown, { scope }: { scope: Scope }) => scope.isSelf(member.id)),
);
