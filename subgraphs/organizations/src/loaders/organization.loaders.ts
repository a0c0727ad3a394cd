import type { EntityManager } from '@mikro-orm/postgresql';
import { memoized, pgArray } from '@registry/lib';
import DataLoader from 'dataloader';
import { Organization } from '../entities/organization';
import type { OrganizationStatus } from '../entities/organization-enums';
import { OrganizationLevel } from '../entities/organization-enums';
import { OrganizationEvent } from '../entities/organization-event';

/** Per-level counts of an organization's active descendants (itself excluded). */
export interface DescendantCounts {
  regional: number;
  territorial: number;
  primary: number;
  total: number;
}

export interface ChildrenFilter {
  level?: OrganizationLevel | null | undefined;
  status?: OrganizationStatus | null | undefined;
}

export interface OrganizationLoaders {
  organizationsById: DataLoader<string, Organization | null>;
  /** One loader per distinct filter, each batching parent ids: `children(level: PRIMARY)` stays one statement a level. */
  childrenByParentId(filter: ChildrenFilter): DataLoader<string, Organization[]>;
  /** Ancestors from the root down to the parent. */
  ancestorsById: DataLoader<string, Organization[]>;
  depthById: DataLoader<string, number>;
  descendantCountsById: DataLoader<string, DescendantCounts>;
  eventsByOrganizationId: DataLoader<string, OrganizationEvent[]>;
}

const groupBy = <T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> => {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
};

/**
 * Loaders of one request: each batch function issues one SQL statement for all the keys the
 * request collected in a tick, and returns one result per key, in key order.
 */
export function createOrganizationLoaders(em: EntityManager): OrganizationLoaders {
  const organizationsById = new DataLoader<string, Organization | null>(async (ids) => {
    const found = await em.find(Organization, { id: { $in: [...ids] } });
    const byId = new Map(found.map((organization) => [organization.id, organization]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const childrenByParentId = memoized(
    (filter: ChildrenFilter) =>
      new DataLoader<string, Organization[]>(async (parentIds) => {
        const children = await em.find(
          Organization,
          {
            parentId: { $in: [...parentIds] },
            ...(filter.level ? { level: filter.level } : {}),
            ...(filter.status ? { status: filter.status } : {}),
          },
          // Read-only: children are shown, never changed through this loader, so they skip the
          // identity map (a full tree is 65 k entities the unit of work would otherwise track).
          { orderBy: { name: 'asc', id: 'asc' }, disableIdentityMap: true },
        );
        for (const child of children) organizationsById.prime(child.id, child);
        const byParent = groupBy(children, (child) => child.parentId);
        return parentIds.map((id) => byParent.get(id) ?? []);
      }),
  );

  const ancestorsById = new DataLoader<string, Organization[]>(async (ids) => {
    const rows = await em.execute<(Record<string, unknown> & { descendant_of: string })[]>(
      `select c.descendant_id as descendant_of, o.*
         from organizations.organization_closure c
         join organizations.organization o on o.id = c.ancestor_id
        where c.descendant_id = any(?::uuid[]) and c.depth > 0
        order by c.descendant_id, c.depth desc`,
      [pgArray(ids)],
    );
    const byDescendant = groupBy(rows, (row) => row.descendant_of);
    return ids.map((id) =>
      (byDescendant.get(id) ?? []).map(({ descendant_of: _, ...row }) => em.map(Organization, row)),
    );
  });

  const depthById = new DataLoader<string, number>(async (ids) => {
    const rows = await em.execute<{ id: string; depth: number }[]>(
      `select descendant_id as id, max(depth)::int as depth
         from organizations.organization_closure where descendant_id = any(?::uuid[]) group by descendant_id`,
      [pgArray(ids)],
    );
    const byId = new Map(rows.map((row) => [row.id, row.depth]));
    return ids.map((id) => byId.get(id) ?? new Error(`Organization ${id} is not in the tree`));
  });

  const descendantCountsById = new DataLoader<string, DescendantCounts>(async (ids) => {
    const rows = await em.execute<{ id: string; level: OrganizationLevel; count: number }[]>(
      `select c.ancestor_id as id, o.level, count(*)::int as count
         from organizations.organization_closure c
         join organizations.organization o on o.id = c.descendant_id
        where c.ancestor_id = any(?::uuid[]) and c.depth > 0 and o.status = 'ACTIVE'
        group by c.ancestor_id, o.level`,
      [pgArray(ids)],
    );
    const counts = new Map<string, DescendantCounts>(
      ids.map((id) => [id, { regional: 0, territorial: 0, primary: 0, total: 0 }]),
    );
    for (const row of rows) {
      const entry = counts.get(row.id);
      if (!entry) continue;
      if (row.level === OrganizationLevel.REGIONAL) entry.regional += row.count;
      if (row.level === OrganizationLevel.TERRITORIAL) entry.territorial += row.count;
      if (row.level === OrganizationLevel.PRIMARY) entry.primary += row.count;
      entry.total += row.count;
    }
    return ids.map((id) => counts.get(id) ?? { regional: 0, territorial: 0, primary: 0, total: 0 });
  });

  const eventsByOrganizationId = new DataLoader<string, OrganizationEvent[]>(async (ids) => {
    const events = await em.find(
      OrganizationEvent,
      { organizationId: { $in: [...ids] } },
      { orderBy: { occurredAt: 'asc', id: 'asc' } },
    );
    const byOrganization = groupBy(events, (event) => event.organizationId);
    return ids.map((id) => byOrganization.get(id) ?? []);
  });

  return {
    organizationsById,
    childrenByParentId,
    ancestorsById,
    depthById,
    descendantCountsById,
    eventsByOrganizationId,
  };
}
