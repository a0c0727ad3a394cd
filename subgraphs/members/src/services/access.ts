import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { DomainError, ErrorCode, hasRole, Role } from '@registry/lib';
import { isWithinSubtree } from './organization-directory';

/**
 * Members of an organization are managed by a central admin, or by an org admin whose subtree
 * holds the organization (a primary organization's own admin has a subtree of one).
 */
export async function assertCanManageMembersOf(em: EntityManager, viewer: Viewer, organizationId: string): Promise<void> {
  if (await canManageMembersOf(em, viewer, organizationId)) return;
  throw new DomainError(ErrorCode.FORBIDDEN, `Organization ${organizationId} is outside the subtree you administer`, {
    organizationId,
    scope: viewer.organizationId,
  });
}

export async function canManageMembersOf(em: EntityManager, viewer: Viewer, organizationId: string): Promise<boolean> {
  if (hasRole(viewer, Role.CENTRAL_ADMIN)) return true;
  return hasRole(viewer, Role.ORG_ADMIN) && viewer.organizationId !== null && isWithinSubtree(em, viewer.organizationId, organizationId);
}
