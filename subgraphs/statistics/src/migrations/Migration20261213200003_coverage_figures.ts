import { Migration } from '@mikro-orm/migrations';

/**
 * The rules of coverage figures as ONE function, `statistics.coverage_figures(ids, as_of,
 * report_date)` (issue 15): the `coverage` field's batches and the flat coverage table both call
 * it, so a change of a rule reaches both. It was a TypeScript builder of CTEs, and the table fed it
 * its page's ids as a subquery; PostgreSQL then planned every part for an array of unknown length
 * (nested loops over tens of thousands of descendants, the report's check repeated per stated
 * organization). PL/pgSQL's `execute … using` plans the statement on each call with the
 * arguments' values, so the first page of the national table gets hash joins.
 *
 * Figures of each organization of `ids` (one row each, in any order) on `as_of` against the report
 * of `report_date` (null: the latest report on or before `as_of`):
 *
 * - Registry: the active organizations of each level in the subtree (the organization itself
 *   included). Counted in the aggregate over every descendant rather than by filtering the join: on
 *   a freshly loaded database PostgreSQL estimated the filtered join at two rows and chose a nested
 *   loop over the whole subtree.
 * - Members: the members subgraph's published `subtree_member_counts_v1`.
 * - The report's figures in effect: a baseline an organization stated is used as is; where it stated
 *   none, it is the sum of the nearest stated organizations below it (a stated organization hides
 *   everything under it, also the figures it left unknown). A figure is unknown (null) when any of
 *   those organizations left it unknown: a partial sum would pass for the whole. "Nearest" is found
 *   once per stated organization (`shadowed_at`: how far up its nearest stated ancestor is), not
 *   once per stated organization and ancestor asked about.
 */
export class Migration20261213200003CoverageFigures extends Migration {
  override async up(): Promise<void> {
    const knownSum = (column: string): string =>
      `case when bool_and(b.${column} is not null) then sum(b.${column})::int end`;
    this.addSql(`
      create function statistics.coverage_figures(ids uuid[], as_of date, report_date date)
        returns table (
          id uuid, cf_report_date text,
          cf_regional int, cf_territorial int, cf_primary int,
          cf_active int, cf_youth int, cf_employees int, cf_students int, cf_pensioners int,
          cf_reported boolean, cf_report_members int, cf_report_employees int, cf_report_students int,
          cf_report_primary int, cf_report_territorial int)
        language plpgsql stable as $fn$
      begin
        return query execute $sql$
          with chosen as (
            select coalesce($3, (select max(report_date) from statistics.report_baseline where report_date <= $2)) as report_date),
          registry as (
            select s.ancestor_id as id,
                   count(*) filter (where o.status = 'ACTIVE' and o.level = 'REGIONAL')::int as regional,
                   count(*) filter (where o.status = 'ACTIVE' and o.level = 'TERRITORIAL')::int as territorial,
                   count(*) filter (where o.status = 'ACTIVE' and o.level = 'PRIMARY')::int as primary
              from organizations.subtree_v1 s join organizations.organization_v1 o on o.id = s.descendant_id
             where s.ancestor_id = any($1)
             group by s.ancestor_id),
          on_record as (
            select ancestor_id as id, active, youth, employees, students, pensioners
              from members.subtree_member_counts_v1($1, $2)),
          stated as (
            select b.*,
                   (select min(up.depth) from organizations.subtree_v1 up
                      join statistics.report_baseline s on s.organization_id = up.ancestor_id and s.report_date = b.report_date
                     where up.descendant_id = b.organization_id and up.depth > 0) as shadowed_at
              from statistics.report_baseline b
             where b.report_date = (select report_date from chosen)),
          report as (
            select x.ancestor_id as id,
                   ${knownSum('members')} as members, ${knownSum('employees')} as employees,
                   ${knownSum('students')} as students, ${knownSum('primary_organizations')} as primary_organizations,
                   ${knownSum('territorial_organizations')} as territorial_organizations
              from organizations.subtree_v1 x
              join stated b on b.organization_id = x.descendant_id and (b.shadowed_at is null or b.shadowed_at > x.depth)
             where x.ancestor_id = any($1)
             group by x.ancestor_id)
          select i.id, to_char(c.report_date, 'YYYY-MM-DD'),
                 coalesce(g.regional, 0), coalesce(g.territorial, 0), coalesce(g.primary, 0),
                 coalesce(m.active, 0), coalesce(m.youth, 0), coalesce(m.employees, 0),
                 coalesce(m.students, 0), coalesce(m.pensioners, 0),
                 r.id is not null, r.members, r.employees, r.students, r.primary_organizations, r.territorial_organizations
            from unnest($1) as i(id)
            cross join chosen c
            left join registry g on g.id = i.id
            left join on_record m on m.id = i.id
            left join report r on r.id = i.id
        $sql$ using ids, as_of, report_date;
      end $fn$;`);
  }
}
