/**
 * The bulk path of an import that adds at least a third of the registry it leaves (the first load
 * of a union, a region joining): the member tables' indexes, keys and foreign keys are dropped
 * inside the import's transaction and built again after the inserts, from the definitions the
 * catalog held (`pg_get_indexdef`, `pg_get_constraintdef`), so migrations stay the one place that
 * defines them.
 *
 * Why: an insert into an indexed table costs a B-tree descent per index and row, and a foreign
 * key a lookup and a row lock of the member per row; building an index sorts once (in parallel
 * workers) and a foreign key is checked by one join. On a large load the inserts save far more
 * than the builds and checks afterwards cost (docs/benchmarks.md, "From source comments").
 *
 * The price: dropping an index takes an ACCESS EXCLUSIVE lock, so readers of members wait until
 * the import commits. That is why only imports this large take the path ({@link shouldLoadInBulk});
 * they are rare, and a rebuild is then cheaper than row-by-row upkeep anyway. A failed import
 * rolls the drops back with everything else. The exclusion constraint against overlapping periods
 * (a GiST index) is dropped and rebuilt the same way.
 */
import type { Client } from 'pg';

/** The tables an import inserts a row per new member into. */
const TABLES = ['members.member', 'members.membership_period', 'members.membership_event'] as const;

/** What was dropped, as the statements that make it again. */
export interface DeferredDefinitions {
  statements: string[];
}

/**
 * True when the registry holds fewer than twice the members the import adds (counted only up to
 * that number). By their measured costs per row (docs/benchmarks.md, "From source comments") the
 * bulk and the row-by-row paths break even near three times as many members as the import adds,
 * so twice leaves a margin.
 */
export async function shouldLoadInBulk(client: Client, newMembers: number): Promise<boolean> {
  if (newMembers === 0) return false;
  const result = await client.query<{ n: number }>(
    'select count(*)::int as n from (select from members.member limit $1) existing',
    [2 * newMembers],
  );
  return (result.rows[0]?.n ?? 0) < 2 * newMembers;
}

/**
 * Drops the indexes and key constraints of the member tables, and the foreign keys referring to
 * them from elsewhere (membership applications); returns how to make them again.
 */
export async function dropIndexesAndKeys(client: Client): Promise<DeferredDefinitions> {
  const constraints = await client.query<{ table_name: string; name: string; definition: string }>(
    `select c.conrelid::regclass::text as table_name, quote_ident(c.conname) as name, pg_get_constraintdef(c.oid) as definition
       from pg_constraint c
      where (c.conrelid = any($1::regclass[]) and c.contype in ('p', 'u', 'f', 'x')) or (c.confrelid = any($1::regclass[]) and c.contype = 'f')
      order by c.contype = 'f' desc, c.conname`,
    [TABLES],
  );
  const indexes = await client.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
      where i.indrelid = any($1::regclass[])
        and not exists (select from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid)
      order by 1`,
    [TABLES],
  );
  // Foreign keys first: they depend on the primary and unique keys they point at.
  for (const constraint of constraints.rows)
    await client.query(`alter table ${constraint.table_name} drop constraint ${constraint.name}`);
  for (const index of indexes.rows) await client.query(`drop index ${index.name}`);
  const keys = constraints.rows.map(
    (constraint) => `alter table ${constraint.table_name} add constraint ${constraint.name} ${constraint.definition}`,
  );
  return { statements: [...indexes.rows.map((index) => index.definition), ...keys.reverse()] };
}

/** Builds again what {@link dropIndexesAndKeys} dropped: sorted index builds, keys, then one check per foreign key. */
export async function restoreIndexesAndKeys(client: Client, deferred: DeferredDefinitions): Promise<void> {
  // Index builds sort in memory rather than on disk; local to the transaction.
  await client.query(`set local maintenance_work_mem = '512MB'`);
  for (const statement of deferred.statements) await client.query(statement);
  // The planner's statistics still describe the tables before the load: the next statements, the
  // next import (its twin check above all) and the first reads would be planned for a table a
  // fraction of the size. Of members only the columns queries filter and join on: sampling the
  // names sorts them by ICU, which costs several times the rest of the analyze.
  await client.query(
    'analyze members.member (status, organization_id, registration_number, snils, birth_date, joined_on, category)',
  );
  await client.query('analyze members.membership_period');
  await client.query('analyze members.membership_event');
}
