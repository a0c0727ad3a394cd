import type { EntityManager } from '@mikro-orm/postgresql';

export interface FormUsage {
  level: string;
  organizations: number;
  generated: number;
  submitted: number;
}

/**
 * How many organizations of each level generated and submitted their forms for a report date,
 * against how many there are — the figure the union reports (4,467 primaries = 7.12 % in 2020).
 * `subtreeOf` restricts the count to one organization's subtree; null counts the whole union.
 */
export async function formUsage(em: EntityManager, reportDate: string, subtreeOf: string | null): Promise<FormUsage[]> {
  const [from, parameters] =
    subtreeOf === null
      ? ['organizations.organization_v1 o', [reportDate]]
      : ['organizations.subtree_v1 s join organizations.organization_v1 o on o.id = s.descendant_id and s.ancestor_id = ?::uuid', [subtreeOf, reportDate]];
  return em.execute<FormUsage[]>(
    `select o.level, count(*)::int as organizations,
            count(f.id)::int as generated, count(f.id) filter (where f.status = 'SUBMITTED')::int as submitted
       from ${from}
       left join statistics.report_form f on f.organization_id = o.id and f.report_date = ?::date
      where o.status = 'ACTIVE' and o.level in ('PRIMARY', 'TERRITORIAL', 'REGIONAL')
      group by o.level order by o.level`,
    parameters,
  );
}
