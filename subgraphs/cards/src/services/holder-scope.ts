import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { Ability, DomainError, ErrorCode, notFound } from '@registry/lib';
import type { MemberSummary } from './member-directory';
import { assertMemberActive, findMember } from './member-directory';

/** The two things a scope needs to know of a card holder. */
export interface Holder {
  readonly id: string;
  readonly organizationId: string;
}

/**
 * Whether the viewer may see or act on a member's cards and bonus account: records of the
 * member's organization (MANAGE), or, where `self` allows it, the member in person (blocking a
 * lost card, activating their virtual card, joining the bonus program in the app).
 */
export async function coversHolder(
  scope: Scope,
  holder: Holder,
  options: { self: boolean } = { self: true },
): Promise<boolean> {
  if (options.self && scope.isSelf(holder.id)) return true;
  return scope.covers(holder.organizationId, Ability.MANAGE);
}

/** Refuses with FORBIDDEN unless `coversHolder`. */
export async function assertCoversHolder(
  scope: Scope,
  holder: Holder,
  options: { self: boolean } = { self: true },
): Promise<void> {
  if (await coversHolder(scope, holder, options)) return;
  throw new DomainError(
    ErrorCode.FORBIDDEN,
    `The cards of member ${holder.id} are ${options.self ? 'theirs and ' : ''}their organization's admins' to ${options.self ? 'see and change' : 'change'}; your scope does not reach them`,
    { memberId: holder.id, scope: scope.viewer.organizationId },
  );
}

/**
 * What to answer for a target that does not exist. A viewer whose records reach the whole union
 * learns NOT_FOUND; anyone else gets the FORBIDDEN a target outside their scope gets, so that
 * probing ids (or card numbers, which can be typed) tells nobody what exists beyond their reach.
 */
export function missingTarget(scope: Scope, entity: string, field: string, value: string): DomainError {
  if (scope.isEverywhere(Ability.MANAGE)) return notFound(entity, field, value);
  return new DomainError(ErrorCode.FORBIDDEN, `${entity} with ${field} "${value}" is not within your scope`, {
    [field]: value,
    scope: scope.viewer.organizationId,
  });
}

/**
 * The member whose cards are acted on, checked in this order: the id's format, the viewer's scope
 * (a missing member answers as one outside it), then, with `active`, the membership status — so
 * nothing about a member beyond the viewer's reach is told.
 */
export async function requireHolder(
  em: EntityManager,
  scope: Scope,
  memberId: string,
  options: { self: boolean; active?: boolean; field?: string },
): Promise<MemberSummary> {
  const field = options.field ?? 'memberId';
  const member = await findMember(em, memberId, field);
  if (!member) throw missingTarget(scope, 'Member', field, memberId);
  await assertCoversHolder(scope, member, options);
  if (options.active) assertMemberActive(member, field);
  return member;
}
