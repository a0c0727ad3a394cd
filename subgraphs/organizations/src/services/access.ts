import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { Ability, scopeOf } from '@registry/lib';

/**
 * A central admin manages the whole tree; an org admin only its own organization's subtree.
 * The shield has already checked the role; this checks the scope, which needs the tree, through
 * the one table of who reaches what (`@registry/lib` scope).
 */
export async function assertCanManage(em: EntityManager, viewer: Viewer, organizationId: string): Promise<void> {
  await scopeOf(em, viewer).assertCovers(organizationId, Ability.MANAGE);
}
