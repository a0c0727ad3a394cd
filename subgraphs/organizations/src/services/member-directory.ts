import type { EntityManager } from '@mikro-orm/postgresql';
import { MEMBER_V1 } from '@registry/members/contract';

/**
 * Active members of organizations, read from the members subgraph's published view
 * (`MEMBER_V1`), never from its tables: the organizations subgraph may refuse to close an
 * organization that still has members, but only the members subgraph moves them.
 *
 * The view belongs to a subgraph migrated after this one; where it is not installed (this
 * subgraph run or tested on its own) there are no members at all, so the count is 0.
 */
export async function countActiveMembers(
  em: EntityManager,
  organizationId: string,
  options: { subtree: boolean },
): Promise<number> {
  const [view] = await em.execute<{ installed: boolean }[]>(
    `select to_regclass('${MEMBER_V1}') is not null as installed`,
  );
  if (!view?.installed) return 0;
  const [row] = await em.execute<{ active: number }[]>(
    options.subtree
      ? `select count(*)::int as active from ${MEMBER_V1} m
           join organizations.organization_closure c on c.descendant_id = m.organization_id
          where c.ancestor_id = ? and m.status = 'ACTIVE'`
      : `select count(*)::int as active from ${MEMBER_V1} m where m.organization_id = ? and m.status = 'ACTIVE'`,
    [organizationId],
  );
  return row?.active ?? 0;
}
