import type { StackHarness } from './stack-harness';

/**
 * A digest of every table the four subgraphs own (their migrations' bookkeeping aside): equal
 * before and after a request means the request wrote nothing, whatever it touched.
 */
export async function registryDigest(harness: StackHarness): Promise<string> {
  const orm = harness.stack.subgraphs.get('organizations')?.orm;
  if (!orm) throw new Error('Expected the organizations subgraph in the stack');
  const em = orm.em.fork();
  const tables = await em.execute<{ name: string }[]>(
    "select format('%I.%I', table_schema, table_name) as name from information_schema.tables where table_schema in ('organizations', 'members', 'cards', 'statistics') and table_type = 'BASE TABLE' and table_name not like 'mikro_orm%' order by 1",
  );
  const parts = tables.map(
    ({ name }) =>
      `select '${name}' as name, count(*)::text || ':' || coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') as digest from ${name} t`,
  );
  const rows = await em.execute<{ name: string; digest: string }[]>(parts.join(' union all '));
  return rows.map((row) => `${row.name}=${row.digest}`).join('\n');
}
