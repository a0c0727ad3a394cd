import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { Ability, scopeOf } from '@registry/lib';

/**
 * Refuses with FORBIDDEN unless the viewer may manage the members of `organizationId`, by the
 * scope's one table of roles (`ROLE_REACH`). For services not handed the request's scope; those
 * that are ask `scope.assertCovers` directly, which shares the request's batched subtree loader.
 */
export async function assertCanManageMembersOf(em: EntityManager, viewer: Viewer, organizationId: string): Promise<void> {
  await scopeOf(em, viewer).assertCovers(organizationId, Ability.MANAGE);
}
