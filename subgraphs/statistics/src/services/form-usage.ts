import type { EntityManager } from '@mikro-orm/postgresql';
import { ORGANIZATION_V2, SUBTREE_V1 } from '@registry/organizations/contract';

export interface FormUsage {
  level: string;
  organizations: number;
  generated: number;
  submitted: number;
}

export interface RegionFormUsage extends FormUsage {
  /** The child of the asked organization whose subtree the row counts (a region, a territorial…). */
  id: string;
  name: string;
  code: string;
}

/**
 * Organizations in the registry ON the report date (ORGANIZATION_V2): entered by
 * then and not yet closed. The union's shares are of the organizations there were on each report
 * date; counting today's made a merger in August change the July share. The tree is today's
 * (a merged organization keeps its place; moves are not kept as history).
 */
const inRegistryOnDate = (alias: string): string =>
  `${alias}.registered_on <= ?::date and ((${alias}.closed_on is null and ${alias}.status = 'ACTIVE') or ${alias}.closed_on > ?::date)`;

/**
 * How many organizations of each level generated and submitted their forms for a report date,
 * against how many were in the registry that day — the figure the union reports (4,467 primaries
 * = 7.12 % in 2020). `subtreeOf` restricts the count to one organization's subtree; null counts
 * the whole union.
 */
export async function formUsage(em: EntityManager, reportDate: string, subtreeOf: string | null): Promise<FormUsage[]> {
  const [from, parameters] =
    subtreeOf === null
      ? [`${ORGANIZATION_V2} o`, [reportDate, reportDate, reportDate]]
      : [
          `${SUBTREE_V1} s join ${ORGANIZATION_V2} o on o.id = s.descendant_id and s.ancestor_id = ?::uuid`,
          [subtreeOf, reportDate, reportDate, reportDate],
        ];
  return em.execute<FormUsage[]>(
    `select o.level, count(*)::int as organizations,
            count(f.id)::int as generated, count(f.id) filter (where f.status = 'SUBMITTED')::int as submitted
       from ${from}
       left join statistics.report_form f on f.organization_id = o.id and f.report_date = ?::date
      where ${inRegistryOnDate('o')} and o.level in ('PRIMARY', 'TERRITORIAL', 'REGIONAL')
      group by o.level order by o.level`,
    parameters,
  );
}

/**
 * The same count per child of `parentId` (per region of the union, per territorial of a region):
 * the organizations of `level` in each child's subtree that were in the registry on the report
 * date, and how many of them generated and submitted their forms for it. One statement. A child
 * closed before the report date has no row; one with no organization of the level counts 0.
 */
export async function formUsageByChild(
  em: EntityManager,
  reportDate: string,
  parentId: string,
  level: string,
): Promise<RegionFormUsage[]> {
  return em.execute<RegionFormUsage[]>(
    `select c.id, c.name, c.code, ?::text as level,
            count(o.id)::int as organizations,
            count(f.id)::int as generated, count(f.id) filter (where f.status = 'SUBMITTED')::int as submitted
       from ${ORGANIZATION_V2} c
       left join ${SUBTREE_V1} s on s.ancestor_id = c.id
       left join ${ORGANIZATION_V2} o on o.id = s.descendant_id and o.level = ?
        and ${inRegistryOnDate('o')}
       left join statistics.report_form f on f.organization_id = o.id and f.report_date = ?::date
      where c.parent_id = ?::uuid and ${inRegistryOnDate('c')}
      group by c.id, c.name, c.code`,
    [level, level, reportDate, reportDate, reportDate, parentId, reportDate, reportDate],
  );
}
