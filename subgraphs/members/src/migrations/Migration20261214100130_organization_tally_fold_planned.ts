import { Migration } from '@mikro-orm/migrations';

/**
 * The fold of the running totals by day (…100110) reads only its organizations' rows and writes
 * only what changes (issue 15: at national scale an admission took 3.6 s, and an import of 200 k
 * members into a loaded registry 87 s). Same rows, rules and locks as …100110.
 *
 * - The first-load test asked whether any stored row belongs to a pending organization as
 *   `organization_id in (pending)`. PostgreSQL answered it by scanning the stored rows until one
 *   matched, up to all 5.2 M of them. It now probes each pending organization by the primary key.
 * - A writer of a few organizations (an admission, a movement, a hand edit: at most `spread`)
 *   folds them one by one, each statement planned for its organization (`execute … using`). The
 *   pending table's statistics are whatever autovacuum last saw, often a bulk import's; with them
 *   a statement shared by all organizations was planned for millions of stored rows.
 * - The merge no longer recomputes an organization's rows from the earliest change on (their
 *   differences, the new changes, running sums and a comparison with what was stored: sorts of
 *   4 M rows spilling to disk on a backdated national import). Rows after a changed day are
 *   shifted in place by the changes up to it; only a changed day's own row is computed. The
 *   bulk import's fold went from 65 s to 19 s, nearly all of it the update of the 3.9 M rows after
 *   its date (docs/benchmarks.md).
 */
export class Migration20261214100130OrganizationTallyFoldPlanned extends Migration {
  override async up(): Promise<void> {
    // A change on day D moves every stored row from D on by the same amount, up to the next
    // changed day, so no difference between two neighbouring rows changes except at a changed
    // day: only a changed day's row can come to equal the day before (then it is dropped, or not
    // written), and all other rows after it are shifted in place. The rows are …100110's: one per
    // organization and day on which a figure changes, none equal to the one before. With
    // `one_organization`, `$1` is that organization.
    this.addSql(`
      create function members.organization_tally_fold_sql(one_organization boolean) returns text language sql immutable as $fn$
        select format($sql$
        with pending as (
          select organization_id, on_date, sum(active)::int as active, sum(employees)::int as employees, sum(students)::int as students,
                 sum(pensioners)::int as pensioners, sum(youth)::int as youth
            from members.organization_tally_pending where xact = pg_current_xact_id() %s
           group by organization_id, on_date),
        -- The changes added up per organization, day by day, each until the next changed day.
        cumulative as (
          select organization_id, on_date, lead(on_date) over w as until,
                 (sum(active) over w)::int as active, (sum(employees) over w)::int as employees, (sum(students) over w)::int as students,
                 (sum(pensioners) over w)::int as pensioners, (sum(youth) over w)::int as youth
            from pending
          window w as (partition by organization_id order by on_date)),
        -- Each changed day's figures and the day before's, from the stored rows then in force.
        days as (
          select c.organization_id, c.on_date, s.from_date is not distinct from c.on_date as kept,
                 coalesce(s.active, 0) + c.active as active, coalesce(s.employees, 0) + c.employees as employees,
                 coalesce(s.students, 0) + c.students as students, coalesce(s.pensioners, 0) + c.pensioners as pensioners,
                 coalesce(s.youth, 0) + c.youth as youth,
                 (coalesce(s.active, 0) + c.active, coalesce(s.employees, 0) + c.employees, coalesce(s.students, 0) + c.students,
                  coalesce(s.pensioners, 0) + c.pensioners, coalesce(s.youth, 0) + c.youth)
                   = (coalesce(b.active, 0) + c.active - p.active, coalesce(b.employees, 0) + c.employees - p.employees,
                      coalesce(b.students, 0) + c.students - p.students, coalesce(b.pensioners, 0) + c.pensioners - p.pensioners,
                      coalesce(b.youth, 0) + c.youth - p.youth) as redundant
            from cumulative c
            join pending p on p.organization_id = c.organization_id and p.on_date = c.on_date
            left join lateral (select d.* from members.organization_tally_by_day d
                                where d.organization_id = c.organization_id %s and d.from_date <= c.on_date
                                order by d.from_date desc limit 1) s on true
            left join lateral (select d.* from members.organization_tally_by_day d
                                where d.organization_id = c.organization_id %s and d.from_date < c.on_date
                                order by d.from_date desc limit 1) b on true),
        shifted as (
          update members.organization_tally_by_day d
             set active = d.active + c.active, employees = d.employees + c.employees, students = d.students + c.students,
                 pensioners = d.pensioners + c.pensioners, youth = d.youth + c.youth
            from cumulative c
           where d.organization_id = c.organization_id %s and d.from_date > c.on_date and (c.until is null or d.from_date < c.until)
             and (c.active, c.employees, c.students, c.pensioners, c.youth) <> (0, 0, 0, 0, 0)),
        gone as (
          delete from members.organization_tally_by_day d using days x
           where x.kept and x.redundant and d.organization_id = x.organization_id and d.from_date = x.on_date),
        changed as (
          update members.organization_tally_by_day d
             set active = x.active, employees = x.employees, students = x.students, pensioners = x.pensioners, youth = x.youth
            from days x
           where x.kept and not x.redundant and d.organization_id = x.organization_id and d.from_date = x.on_date
             and (d.active, d.employees, d.students, d.pensioners, d.youth) <> (x.active, x.employees, x.students, x.pensioners, x.youth))
        insert into members.organization_tally_by_day (organization_id, from_date, active, employees, students, pensioners, youth)
        select organization_id, on_date, active, employees, students, pensioners, youth from days where not kept and not redundant
        $sql$,
        case when one_organization then 'and organization_id = $1' else '' end,
        case when one_organization then 'and d.organization_id = $1' else '' end,
        case when one_organization then 'and d.organization_id = $1' else '' end,
        case when one_organization then 'and d.organization_id = $1' else '' end)
      $fn$;`);

    this.addSql(`
      create or replace function members.fold_organization_tally(spread int default 64) returns void language plpgsql as $$
      declare
        organizations int;
        lock_key int;
        organization uuid;
      begin
        select count(distinct organization_id) into organizations
          from members.organization_tally_pending where xact = pg_current_xact_id();
        if organizations = 0 then return; end if;
        if organizations <= spread then
          perform pg_advisory_xact_lock_shared(hashtext('members.organization_tally_by_day'), 0);
          for lock_key in
            select distinct hashtext(organization_id::text) from members.organization_tally_pending
             where xact = pg_current_xact_id() order by 1
          loop
            perform pg_advisory_xact_lock(hashtext('members.organization_tally_by_day:organization'), lock_key);
          end loop;
          for organization in
            select distinct organization_id from members.organization_tally_pending where xact = pg_current_xact_id()
          loop
            execute members.organization_tally_fold_sql(true) using organization;
          end loop;
          delete from members.organization_tally_pending where xact = pg_current_xact_id();
          return;
        end if;
        perform pg_advisory_xact_lock(hashtext('members.organization_tally_by_day'), 0);
        -- Organizations with no rows yet (a first load): their rows are the pending changes added up.
        if not exists (select from members.organization_tally_pending p
                        cross join lateral (select from members.organization_tally_by_day d
                                             where d.organization_id = p.organization_id limit 1) stored
                        where p.xact = pg_current_xact_id()) then
          insert into members.organization_tally_by_day (organization_id, from_date, active, employees, students, pensioners, youth)
          select organization_id, on_date, active, employees, students, pensioners, youth
            from (select organization_id, on_date, active, employees, students, pensioners, youth,
                         (active, employees, students, pensioners, youth) is not distinct from
                           (coalesce(lag(active) over w, 0), coalesce(lag(employees) over w, 0), coalesce(lag(students) over w, 0),
                            coalesce(lag(pensioners) over w, 0), coalesce(lag(youth) over w, 0)) as redundant
                    from (select organization_id, on_date, sum(active) over w as active, sum(employees) over w as employees,
                                 sum(students) over w as students, sum(pensioners) over w as pensioners, sum(youth) over w as youth
                            from (select organization_id, on_date, sum(active) as active, sum(employees) as employees,
                                         sum(students) as students, sum(pensioners) as pensioners, sum(youth) as youth
                                    from members.organization_tally_pending where xact = pg_current_xact_id()
                                   group by organization_id, on_date) changes
                          window w as (partition by organization_id order by on_date)) running
                  window w as (partition by organization_id order by on_date)) judged
           where not redundant;
        else
          execute members.organization_tally_fold_sql(false);
        end if;
        delete from members.organization_tally_pending where xact = pg_current_xact_id();
      end $$;`);
  }
}
