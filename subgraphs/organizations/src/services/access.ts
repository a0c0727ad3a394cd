import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { DomainError, ErrorCode, hasRole, Role } from '@registry/lib';
import { isWithinSubtree } from './tree';

/**
 * A central admin manages the whole tree; an org admin only its own organization's subtree.
 * The shield has already checked the role; this checks the scope, which needs the tree.
 */
export async function assertCanManage(em: EntityManager, viewer: Viewer, organizationId: string): Promise<void> {
  if (hasRole(viewer, Role.CENTRAL_ADMIN)) return;
  if (
    hasRole(viewer, Role.ORG_ADMIN) &&
    viewer.organizationId !== null &&
    (await isWithinSubtree(em, viewer.organizationId, organizationId))
  ) {
    return;
  }
  throw new DomainError(ErrorCode.FORBIDDEN, `Organization ${organizationId} is outside the subtree you administer`, {
    organizationId,
    scope: viewer.organizationId,
  });
}
