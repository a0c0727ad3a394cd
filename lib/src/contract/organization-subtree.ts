import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../db/pg-array';
import { isUuid } from '../validation/fields';

/**
 * The organizations subgraph's published closure, `organizations.subtree_v1(ancestor_id,
 * descendant_id, depth)`, self at depth 0.
 *
 * The one piece of a subgraph's contract that lives in lib: every subgraph's request scope
 * (auth/scope.ts) asks "is this organization in that subtree?", and lib cannot import a subgraph
 * (layers run gateway → subgraphs → lib). Injecting the function into each subgraph's scope instead
 * would leave four call sites to wire and no caller that could choose another. The organizations
 * subgraph re-exports both names from its contract (`@registry/organizations/contract`), which is
 * where readers import them and where its column test pins the view.
 */
export const SUBTREE_V1 = 'organizations.subtree_v1';

/**
 * Which of `ids` lie in the subtree of `rootId` (the root itself included): one statement for any
 * number of ids. Ids that are no UUID name no organization, so they are outside, never an SQL error.
 */
export async function subtreeMembership(
  em: EntityManager,
  rootId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const candidates = ids.filter(isUuid);
  if (!isUuid(rootId) || candidates.length === 0) return new Set();
  const rows = await em.execute<{ id: string }[]>(
    `select descendant_id as id from ${SUBTREE_V1} where ancestor_id = ? and descendant_id = any(?::uuid[])`,
    [rootId, pgArray(candidates)],
  );
  return new Set(rows.map((row) => row.id));
}
