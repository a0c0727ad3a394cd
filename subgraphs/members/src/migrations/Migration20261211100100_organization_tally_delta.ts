import { Migration } from '@mikro-orm/migrations';

/**
 * Members on record on any past date from dated deltas, so that a past `asOf` no longer counts
 * membership periods member by member (issue 15: the union reports as of dates).
 *
 * - `members.organization_tally_delta(organization_id, on_date, …)` holds, per organization and
 *   day, how the figures changed that day. The figures of a date D are the sum of the rows up to D:
 *   a period `[valid_from, valid_to)` adds its member on `valid_from` and takes it off on
 *   `valid_to`, exactly the half-open reading of `memberCounts(asOf)` and the exclusion constraint.
 * - The member-by-member count takes the category and birth date from the member's record, not
 *   as they were then; the deltas do the same, so a changed category or birth date rewrites that
 *   member's contributions on every date (trigger on members.member), and both readings agree.
 * - Youth needs no split by birth year: a member is under 35 on D while D < `youth_ends_on(birth
 *   date)`, so within a period youth is itself an interval `[valid_from, least(valid_to, that
 *   day))` and becomes one +1 and one −1 like the rest. Days after today are stored too (a youth
 *   that ends next year); a reader of a date never adds them.
 * - Statement-level triggers over transition tables on membership_period (insert, update, delete)
 *   and on member (category, birth date), as the tally's: one grouped insert per statement (a
 *   members import, bulk path included, costs one per statement it makes). Insert only, never an
 *   upsert: a movement writes its periods before its member, so two crossing transfers (A→B,
 *   B→A) would lock the same organization-days in opposite orders and deadlock; appended rows lock
 *   nothing. A day may so hold several rows of an organization; reading sums them all the same, and
 *   `compact_organization_tally_delta()` (run hourly with the youth cutoff) folds them into one.
 * - `subtree_member_counts_v1(ids, as_of)` keeps its signature and columns: today and later read
 *   the tally, an earlier date sums the deltas, so every reader gets it without restating it.
 *   `rebuild_organization_tally_delta()` writes the deltas from the periods (the backfill below).
 */
export class Migration20261211100100OrganizationTallyDelta extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table members.organization_tally_delta (
        organization_id uuid not null,
        on_date date not null,
        active int not null default 0,
        employees int not null default 0,
        students int not null default 0,
        pensioners int not null default 0,
        youth int not null default 0
      );`);
    this.addSql(
      `create index organization_tally_delta_idx on members.organization_tally_delta (organization_id, on_date);`,
    );
    // The first day a member born on \`birth\` is no longer under 35, i.e. the least D with
    // \`birth > D - interval '35 years'\` false. Adding 35 years to 29 February lands on 28
    // February, a day on which the member is still under 35 by that rule, hence the extra day.
    this.addSql(`
      create function members.youth_ends_on(birth date) returns date language sql immutable parallel safe as $$
        select case when ((birth + interval '35 years')::date - interval '35 years')::date < birth
                    then (birth + interval '35 years')::date + 1 else (birth + interval '35 years')::date end
      $$;`);
    // The insert that adds what a set of periods, read with their members' category and birth
    // date, changes on each day (sign −1 takes it away): one text for every trigger below, so the
    // rule is written once. A function that returns the statement rather than running it, because
    // transition tables are visible only to the trigger function's own statements.
    this.addSql(`
      create function members.period_deltas_insert(contributions text) returns text language sql immutable as $$
        select format($sql$
          insert into members.organization_tally_delta (organization_id, on_date, active, employees, students, pensioners, youth)
          select c.organization_id, x.on_date, sum(c.sign * x.active)::int,
                 coalesce(sum(c.sign * x.active) filter (where c.category = 'EMPLOYEE'), 0)::int,
                 coalesce(sum(c.sign * x.active) filter (where c.category = 'STUDENT'), 0)::int,
                 coalesce(sum(c.sign * x.active) filter (where c.category = 'NON_WORKING_PENSIONER'), 0)::int,
                 sum(c.sign * x.youth)::int
            from (%s) c
            cross join lateral (
              select c.valid_from as on_date, 1 as active, case when c.valid_from < members.youth_ends_on(c.birth_date) then 1 else 0 end as youth
              union all
              select c.valid_to, -1, 0 where c.valid_to is not null
              union all
              select least(c.valid_to, members.youth_ends_on(c.birth_date)), 0, -1 where c.valid_from < members.youth_ends_on(c.birth_date)) x
           where c.valid_to is null or c.valid_to > c.valid_from
           group by c.organization_id, x.on_date
          having sum(c.sign * x.active) <> 0 or sum(c.sign * x.youth) <> 0
              or sum(c.sign * x.active) filter (where c.category = 'EMPLOYEE') <> 0
              or sum(c.sign * x.active) filter (where c.category = 'STUDENT') <> 0
              or sum(c.sign * x.active) filter (where c.category = 'NON_WORKING_PENSIONER') <> 0
 $sql$, contributions)
      $$;`);
    this.addSql(`
      create function members.tally_period_deltas() returns trigger language plpgsql as $$
      declare
        reading constant text := ' p join members.member m on m.id = p.member_id';
        changed constant text := 'old_periods o join new_periods n on n.id = o.id
          where (o.member_id, o.organization_id, o.valid_from, o.valid_to) is distinct from (n.member_id, n.organization_id, n.valid_from, n.valid_to)';
      begin
        execute members.period_deltas_insert(case tg_op
          when 'INSERT' then 'select p.organization_id, p.valid_from, p.valid_to, m.category, m.birth_date, 1 as sign from new_periods' || reading
          when 'DELETE' then 'select p.organization_id, p.valid_from, p.valid_to, m.category, m.birth_date, -1 as sign from old_periods' || reading
          else 'select p.organization_id, p.valid_from, p.valid_to, m.category, m.birth_date, 1 as sign
                  from (select n.* from ' || changed || ') p join members.member m on m.id = p.member_id
                union all
                select p.organization_id, p.valid_from, p.valid_to, m.category, m.birth_date, -1 as sign
                  from (select o.* from ' || changed || ') p join members.member m on m.id = p.member_id'
        end);
        return null;
      end $$;`);
    this.addSql(`
      create trigger period_tally_delta_insert after insert on members.membership_period
        referencing new table as new_periods for each statement execute function members.tally_period_deltas();`);
    this.addSql(`
      create trigger period_tally_delta_update after update on members.membership_period
        referencing old table as old_periods new table as new_periods for each statement execute function members.tally_period_deltas();`);
    this.addSql(`
      create trigger period_tally_delta_delete after delete on members.membership_period
        referencing old table as old_periods for each statement execute function members.tally_period_deltas();`);
    // A member's periods are read with its current category and birth date: when either changes,
    // its periods count again under the new ones on every date.
    this.addSql(`
      create function members.tally_member_deltas() returns trigger language plpgsql as $$
      declare
        changed constant text := 'old_members o join new_members n on n.id = o.id
          join members.membership_period p on p.member_id = n.id
          where (o.category, o.birth_date) is distinct from (n.category, n.birth_date)';
      begin
        execute members.period_deltas_insert(
          'select p.organization_id, p.valid_from, p.valid_to, n.category, n.birth_date, 1 as sign from ' || changed || '
           union all
           select p.organization_id, p.valid_from, p.valid_to, o.category, o.birth_date, -1 as sign from ' || changed);
        return null;
      end $$;`);
    this.addSql(`
      create trigger member_tally_delta_update after update on members.member
        referencing old table as old_members new table as new_members for each statement execute function members.tally_member_deltas();`);

    // The history already held; tests rebuild it too, to compare with what the triggers kept.
    this.addSql(`
      create function members.rebuild_organization_tally_delta() returns void language plpgsql as $$
      begin
        lock table members.organization_tally_delta in exclusive mode;
        delete from members.organization_tally_delta;
        execute members.period_deltas_insert('select p.organization_id, p.valid_from, p.valid_to, m.category, m.birth_date, 1 as sign
                                                from members.membership_period p join members.member m on m.id = p.member_id');
      end $$;`);
    this.addSql(`select members.rebuild_organization_tally_delta();`);
    // Folds the rows of an organization and day into one and drops days that add up to nothing.
    // Rows appended meanwhile are not in the delete's snapshot and stay as they are.
    this.addSql(`
      create function members.compact_organization_tally_delta() returns void language sql as $$
        with gone as (
          delete from members.organization_tally_delta d
           using (select organization_id, on_date from members.organization_tally_delta group by 1, 2
                   having count(*) > 1 or (sum(active), sum(employees), sum(students), sum(pensioners), sum(youth)) = (0, 0, 0, 0, 0)) folded
           where d.organization_id = folded.organization_id and d.on_date = folded.on_date
          returning d.*)
        insert into members.organization_tally_delta (organization_id, on_date, active, employees, students, pensioners, youth)
        select organization_id, on_date, sum(active), sum(employees), sum(students), sum(pensioners), sum(youth)
          from gone group by organization_id, on_date
        having (sum(active), sum(employees), sum(students), sum(pensioners), sum(youth)) <> (0, 0, 0, 0, 0)
      $$;`);
    this.addSql(`analyze members.organization_tally_delta;`);

    this.addSql(`
      create or replace function members.subtree_member_counts_v1(ancestor_ids uuid[], as_of date)
        returns table (ancestor_id uuid, active int, youth int, employees int, students int, pensioners int)
        language sql stable as $$
        with cutoffs as (
          select youth_cutoff as stored, (as_of - interval '35 years')::date as wanted from members.tally_state),
        tallied as (
          select s.ancestor_id, sum(t.active)::int as active, sum(t.youth)::int as youth, sum(t.employees)::int as employees,
                 sum(t.students)::int as students, sum(t.pensioners)::int as pensioners
            from organizations.subtree_v1 s join members.organization_tally t on t.organization_id = s.descendant_id
           where s.ancestor_id = any(ancestor_ids) and as_of >= current_date
           group by s.ancestor_id),
        youth_correction as (
          select s.ancestor_id, count(*) filter (where m.birth_date > c.wanted) - count(*) filter (where m.birth_date > c.stored) as youth
            from cutoffs c
            join members.member m on m.status = 'ACTIVE'
             and m.birth_date > least(c.stored, c.wanted) and m.birth_date <= greatest(c.stored, c.wanted)
            join organizations.subtree_v1 s on s.descendant_id = m.organization_id
           where s.ancestor_id = any(ancestor_ids) and as_of >= current_date
           group by s.ancestor_id),
        dated as (
          select s.ancestor_id, sum(d.active)::int as active, sum(d.youth)::int as youth, sum(d.employees)::int as employees,
                 sum(d.students)::int as students, sum(d.pensioners)::int as pensioners
            from organizations.subtree_v1 s
            join members.organization_tally_delta d on d.organization_id = s.descendant_id and d.on_date <= as_of
           where s.ancestor_id = any(ancestor_ids) and as_of < current_date
           group by s.ancestor_id)
        select t.ancestor_id, t.active, (t.youth + coalesce(y.youth, 0))::int, t.employees, t.students, t.pensioners
          from tallied t left join youth_correction y on y.ancestor_id = t.ancestor_id
        union all
        select d.ancestor_id, d.active, d.youth, d.employees, d.students, d.pensioners from dated d
      $$;`);
  }
}
