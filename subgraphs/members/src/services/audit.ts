import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { pgArray, Role } from '@registry/lib';

/**
 * Records that an admin read members' personal data (152-FZ asks who saw what, when). One row per
 * read, listing every member it returned; a member reading their own record is not logged.
 */
export async function logPersonalDataAccess(em: EntityManager, viewer: Viewer, memberIds: readonly string[], purpose: string): Promise<void> {
  const admin = viewer.roles.some((role) => role === Role.CENTRAL_ADMIN || role === Role.ORG_ADMIN);
  if (!admin || memberIds.length === 0) return;
  await em.execute('insert into members.personal_data_access (actor, roles, member_ids, purpose) values (?, ?::text[], ?::uuid[], ?)', [
      viewer.subject ?? 'unknown',
      pgArray(viewer.roles),
      pgArray(memberIds),
      purpose,
    ]);
}
