import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { DomainError, ErrorCode, hasRole, Role } from '@registry/lib';
import type { MemberSummary } from './member-directory';

/** Whether `organizationId` is `scopeId` or below it (the organizations subgraph's published closure). */
export async function isWithinSubtree(em: EntityManager, scopeId: string, organizationId: string): Promise<boolean> {
  const rows = await em.execute('select 1 from organizations.subtree_v1 where ancestor_id = ? and descendant_id = ?', [scopeId, organizationId]);
  return rows.length > 0;
}

/** Central admins everywhere; org admins inside the subtree they administer. */
export async function canAdminister(em: EntityManager, viewer: Viewer, organizationId: string): Promise<boolean> {
  if (hasRole(viewer, Role.CENTRAL_ADMIN)) return true;
  return hasRole(viewer, Role.ORG_ADMIN) && viewer.organizationId !== null && isWithinSubtree(em, viewer.organizationId, organizationId);
}

/** Cards of an organization's subtree are ordered and managed by its admins (or central ones). */
export async function assertCanAdminister(em: EntityManager, viewer: Viewer, organizationId: string): Promise<void> {
  if (await canAdminister(em, viewer, organizationId)) return;
  throw new DomainError(ErrorCode.FORBIDDEN, `Organization ${organizationId} is outside the subtree you administer`, {
    organizationId,
    scope: viewer.organizationId,
  });
}

/**
 * A member's cards: their admins, and, where `self` allows it, the member in person (blocking a
 * lost card, activating their virtual card, joining the bonus program in the app).
 */
export async function assertCanActFor(em: EntityManager, viewer: Viewer, member: MemberSummary, options: { self: boolean }): Promise<void> {
  if (options.self && hasRole(viewer, Role.MEMBER) && viewer.memberId === member.id) return;
  if (await canAdminister(em, viewer, member.organizationId)) return;
  throw new DomainError(ErrorCode.FORBIDDEN, `Member ${member.id} is not yours to act for: ${options.self ? 'the member or ' : ''}an admin of their organization may`, {
    memberId: member.id,
  });
}
