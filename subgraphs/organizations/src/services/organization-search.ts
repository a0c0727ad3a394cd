import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '@registry/lib';
import { Organization } from '../entities/organization';
import type { OrganizationLevel, OrganizationStatus } from '../entities/organization-enums';

export interface OrganizationSearch {
  level?: OrganizationLevel | null | undefined;
  status?: OrganizationStatus | null | undefined;
  /** Direct children of this organization. */
  parentId?: string | null | undefined;
  /** Anywhere in this organization's subtree (itself excluded). */
  ancestorId?: string | null | undefined;
  subjectCode?: string | null | undefined;
  /** Part of the name (case-insensitive), or an exact registry code or INN. */
  search?: string | null | undefined;
}

/**
 * One page of organizations ordered by (name, id), after a keyset position, with the total number
 * of matches computed by a window function in the same statement.
 */
export async function searchOrganizations(
  em: EntityManager,
  filter: OrganizationSearch,
  page: { size: number; after: [string, string] | null },
): Promise<{ rows: Organization[]; totalCount: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]): void => {
    where.push(clause);
    params.push(...values);
  };
  if (filter.level) add('o.level = ?', filter.level);
  if (filter.status) add('o.status = ?', filter.status);
  if (filter.parentId) add('o.parent_id = ?', filter.parentId);
  if (filter.ancestorId) {
    add(
      'o.id in (select descendant_id from organizations.organization_closure where ancestor_id = ? and depth > 0)',
      filter.ancestorId,
    );
  }
  if (filter.subjectCode) add('o.subject_code = ?', filter.subjectCode);
  const search = filter.search?.trim();
  if (search) {
    if (search.length > 200) throw badInput('search', 'at most 200 characters', `${search.length} characters`);
    add(
      `(o.name ilike ? escape '\\' or o.code = ? or o.inn = ?)`,
      `%${search.replace(/[\\%_]/g, '\\$&')}%`,
      search,
      search,
    );
  }
  // The total is counted before the keyset position narrows the rows.
  const filtered = where.length > 0 ? `where ${where.join(' and ')}` : '';
  const keyset = page.after ? 'where (name, id) > (?, ?::uuid)' : '';
  const rows = await em.execute<(Record<string, unknown> & { total_count: number })[]>(
    `select * from (
       select o.*, count(*) over ()::int as total_count from organizations.organization o ${filtered}
     ) matches ${keyset}
     order by name, id limit ?`,
    [...params, ...(page.after ?? []), page.size + 1],
  );
  const totalCount = rows[0]?.total_count ?? (page.after ? await countMatches(em, filtered, params) : 0);
  return { rows: rows.map(({ total_count: _, ...row }) => em.map(Organization, row)), totalCount };
}

/** Past the last page no row carries the window count, so it is counted on its own. */
async function countMatches(em: EntityManager, filtered: string, params: unknown[]): Promise<number> {
  const [row] = await em.execute<{ count: number }[]>(
    `select count(*)::int as count from organizations.organization o ${filtered}`,
    params,
  );
  return row?.count ?? 0;
}
