import { Migration } from '@mikro-orm/migrations';

/**
 * `subtree_member_counts_v1(ids, as_of)` plans its statement for the ids it is given (issue 15:
 * the coverage table's first page). Same signature, columns and rules as …100110.
 *
 * A LANGUAGE sql function is inlined into its caller's statement only when its arguments hold no
 * subquery. Statistics' coverage table passes the page's ids as one (`(select ids from page_ids)`,
 * so a page stays one statement), and then PostgreSQL planned the body once for an array of unknown
 * length: index probes per descendant, where a hash join over the organization tally is the right
 * plan for a subtree of thousands. PL/pgSQL's `execute … using` plans the statement anew on each
 * call with the arguments' values, so every caller gets the plan its ids call for.
 *
 * The youth cutoffs are passed the same way: read from `tally_state` inside the statement, their
 * window was unknown to the planner, which then hashed all 3.9 M members of a national registry to
 * find the few born between the two dates (2.2 s for a page of 5,000 organizations) instead of
 * reading them from the index on birth dates. A STABLE function's statements all see the snapshot
 * of the statement that called it, so the cutoff read first and the tally read after still come
 * from one snapshot, as …100005 requires.
 */
export class Migration20261213100120SubtreeMemberCountsPlanned extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create or replace function members.subtree_member_counts_v1(ancestor_ids uuid[], as_of date)
        returns table (ancestor_id uuid, active int, youth int, employees int, students int, pensioners int)
        language plpgsql stable as $fn$
      declare
        stored date;
        wanted date := (as_of - interval '35 years')::date;
      begin
        select youth_cutoff into strict stored from members.tally_state;
        return query execute $sql$
          with tallied as (
            select s.ancestor_id, sum(t.active)::int as active, sum(t.youth)::int as youth, sum(t.employees)::int as employees,
                   sum(t.students)::int as students, sum(t.pensioners)::int as pensioners
              from organizations.subtree_v1 s join members.organization_tally t on t.organization_id = s.descendant_id
             where s.ancestor_id = any($1) and $2 >= current_date
             group by s.ancestor_id),
          youth_correction as (
            select s.ancestor_id, count(*) filter (where m.birth_date > $4) - count(*) filter (where m.birth_date > $3) as youth
              from members.member m
              join organizations.subtree_v1 s on s.descendant_id = m.organization_id
             where m.status = 'ACTIVE' and m.birth_date > least($3, $4) and m.birth_date <= greatest($3, $4)
               and s.ancestor_id = any($1) and $2 >= current_date
             group by s.ancestor_id),
          dated as (
            select s.ancestor_id, sum(d.active)::int as active, sum(d.youth)::int as youth, sum(d.employees)::int as employees,
                   sum(d.students)::int as students, sum(d.pensioners)::int as pensioners
              from organizations.subtree_v1 s
              cross join lateral (
                select r.active, r.youth, r.employees, r.students, r.pensioners from members.organization_tally_by_day r
                 where r.organization_id = s.descendant_id and r.from_date <= $2
                 order by r.from_date desc limit 1) d
             where s.ancestor_id = any($1) and $2 < current_date
             group by s.ancestor_id)
          select t.ancestor_id, t.active, (t.youth + coalesce(y.youth, 0))::int, t.employees, t.students, t.pensioners
            from tallied t left join youth_correction y on y.ancestor_id = t.ancestor_id
          union all
          select d.ancestor_id, d.active, d.youth, d.employees, d.students, d.pensioners from dated d
        $sql$ using ancestor_ids, as_of, stored, wanted;
      end $fn$;`);
  }
}
