import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, SUBTREE_V1, subtreeMembership } from '@registry/lib';

/**
 * The organizations subgraph's contract with the other subgraphs of the same database
 * (`@registry/organizations/contract`, the only module they may import from this package): the
 * names of its published views (migrations Migration20261124000002, …000003, …1201200010), typed
 * queries over them and their row types. Readers compose their statements from these names and
 * call these functions; they never write the views' names themselves, so a `_v2` beside a `_v1` is
 * a change here that the type checker walks through every reader. test/contract.test.ts pins the
 * columns.
 */

/** id, code, name, level, primary_type, parent_id, subject_code, status. */
export const ORGANIZATION_V1 = 'organizations.organization_v1';
/** organization_v1 with registered_on (UTC day of creation) and closed_on (liquidation or merger). */
export const ORGANIZATION_V2 = 'organizations.organization_v2';
/** organization_id, filled, required: the mandatory passport fields (services/passport.ts's rule). */
export const PASSPORT_V1 = 'organizations.passport_v1';
/** ancestor_id, descendant_id, depth; self at depth 0. Defined in lib, whose request scope reads it. */
export { SUBTREE_V1, subtreeMembership };

/** A row of `organization_v1`. */
export interface OrganizationV1Row {
  id: string;
  code: string;
  name: string;
  level: 'CENTRAL' | 'REGIONAL' | 'TERRITORIAL' | 'PRIMARY';
  primary_type: string | null;
  parent_id: string | null;
  subject_code: string | null;
  status: 'ACTIVE' | 'LIQUIDATED' | 'MERGED';
}

const V1_COLUMNS = 'id, code, name, level, primary_type, parent_id, subject_code, status';

/** Organizations by id, in no particular order; ids that name none are absent. One statement. */
export async function organizationsById(em: EntityManager, ids: readonly string[]): Promise<OrganizationV1Row[]> {
  return em.execute<OrganizationV1Row[]>(`select ${V1_COLUMNS} from ${ORGANIZATION_V1} where id = any(?::uuid[])`, [
    pgArray(ids),
  ]);
}

/** One organization by id, or null. */
export async function organizationById(em: EntityManager, id: string): Promise<OrganizationV1Row | null> {
  const [row] = await em.execute<OrganizationV1Row[]>(`select ${V1_COLUMNS} from ${ORGANIZATION_V1} where id = ?`, [
    id,
  ]);
  return row ?? null;
}

/** Organizations by registry code, in no particular order; codes that name none are absent. */
export async function organizationsByCode(em: EntityManager, codes: readonly string[]): Promise<OrganizationV1Row[]> {
  return em.execute<OrganizationV1Row[]>(`select ${V1_COLUMNS} from ${ORGANIZATION_V1} where code = any(?::text[])`, [
    pgArray(codes),
  ]);
}

/** The central council's id, or null in a registry without one yet. */
export async function centralOrganizationId(em: EntityManager): Promise<string | null> {
  const [row] = await em.execute<{ id: string }[]>(`select id from ${ORGANIZATION_V1} where level = 'CENTRAL'`);
  return row?.id ?? null;
}

/** Whether `organizationId` is `ancestorId` or below it. */
export async function isInSubtree(em: EntityManager, ancestorId: string, organizationId: string): Promise<boolean> {
  return (await subtreeMembership(em, ancestorId, [organizationId])).has(organizationId);
}
