import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Viewer } from '../auth/viewer';
import { hasRole, Role } from '../auth/viewer';
import { pgArray } from '../db/pg-array';
import { DomainError, ErrorCode } from '../errors/domain-error';
import { memoized } from './memoized';

/**
 * Per-request loaders answering "does `organizationId` lie in `scopeId`'s subtree?", one per
 * scope, each batch one statement on the organizations subgraph's published `subtree_v1` view.
 * Scope checks of admins and analysts ask it once per row of a list, hence the batching.
 */
export function createSubtreeLoaders(em: EntityManager): (scopeId: string) => DataLoader<string, boolean> {
  return memoized(
    (scopeId: string) =>
      new DataLoader<string, boolean>(async (ids) => {
        const rows = await em.execute<{ id: string }[]>(
          'select descendant_id as id from organizations.subtree_v1 where ancestor_id = ? and descendant_id = any(?::uuid[])',
          [scopeId, pgArray(ids)],
        );
        const inside = new Set(rows.map((row) => row.id));
        return ids.map((id) => inside.has(id));
      }),
  );
}

/** Central admins everywhere; org admins and analysts in their own subtree; anyone else nowhere. */
export async function assertWithinViewerScope(
  viewer: Viewer,
  withinSubtreeOf: (scopeId: string) => DataLoader<string, boolean>,
  organizationId: string,
): Promise<void> {
  if (hasRole(viewer, Role.CENTRAL_ADMIN)) return;
  if (viewer.organizationId !== null && (await withinSubtreeOf(viewer.organizationId).load(organizationId))) return;
  throw new DomainError(ErrorCode.FORBIDDEN, `Organization ${organizationId} is outside your subtree`, { organizationId, scope: viewer.organizationId });
}
