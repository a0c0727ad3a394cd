import type { EntityManager } from '@mikro-orm/postgresql';

/** Reads of the closure table that services need (loaders batch their own variants). */

/** Whether `ancestorId` is `descendantId` itself or one of its ancestors. */
export async function isWithinSubtree(em: EntityManager, ancestorId: string, descendantId: string): Promise<boolean> {
  const rows = await em.execute<{ found: number }[]>(
      'select 1 as found from organizations.organization_closure where ancestor_id = ? and descendant_id = ?',
      [ancestorId, descendantId],
    );
  return rows.length > 0;
}
