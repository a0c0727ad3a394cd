import { Migration } from '@mikro-orm/migrations';

/**
 * Members on record on a past date read as today's are read: one row per organization, found by
 * an index probe, instead of summing every dated change up to the date (issue 15: "any date as
 * fast as today"). Replaces the dated deltas of …100100 as the store; their triggers stay.
 *
 * - `members.organization_tally_by_day(organization_id, from_date, …)` holds an organization's
 *   figures from `from_date` on, until its next row: running totals of the deltas, one row per
 *   organization and day on which a figure changes (a join, an exit, a transfer, a 35th birthday;
 *   days after today too, a youth that ends next year). A date D reads, per organization, the
 *   latest row on or before D. No row equals the row before it, so the rows are the change days.
 * - Writers still only append: the delta triggers of …100100 write a statement's changes to
 *   `organization_tally_pending` and request one fold per transaction. A backdated change must
 *   rewrite the organization's later rows, and rewriting them per statement would lock them in
 *   statement order: a movement writes its periods before its member, so two crossing transfers
 *   (A→B, B→A) would deadlock, which is why the deltas were insert-only.
 * - The fold runs at commit, in the writing transaction, from a deferred constraint trigger on the
 *   one marker row the transaction inserted (`organization_tally_fold`): by then the transaction
 *   has written all it will, and it takes the organizations' locks at once, in one global order
 *   (advisory locks keyed by organization; beyond 64 organizations one exclusive lock
 *   instead, which a bulk import takes, so no fold holds thousands of locks). Nothing else waits
 *   while holding a fold lock, so folds cannot deadlock, and each one reads its organizations'
 *   rows after taking their locks (read committed: a new snapshot per statement), so a concurrent
 *   writer of the same organization is counted once, after the other's commit.
 * - A transaction sees no pending rows but its own (others' are uncommitted, and each deletes its
 *   own in its fold), and finds them by its transaction id, never scanning the rows others left
 *   for vacuum. The table is unlogged: no row of it outlives its transaction, so a crash loses only
 *   rows of transactions that never committed. Before its commit, a writing transaction does not
 *   see its own changes on a past date (today's tally it does).
 * - `subtree_member_counts_v1(ids, as_of)` keeps its signature and columns: today and later read
 *   the tally as before, an earlier date the rows of the day. `rebuild_organization_tally_by_day()`
 *   writes them from the periods (the backfill below; tests compare it with what the folds kept).
 */
export class Migration20261212100110OrganizationTallyByDay extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table members.organization_tally_by_day (
        organization_id uuid not null,
        from_date date not null,
        active int not null,
        employees int not null,
        students int not null,
        pensioners int not null,
        youth int not null,
        primary key (organization_id, from_date)
      );`);
    this.addSql(`
      create unlogged table members.organization_tally_pending (
        xact xid8 not null default pg_current_xact_id(),
        organization_id uuid not null,
        on_date date not null,
        active int not null,
        employees int not null,
        students int not null,
        pensioners int not null,
        youth int not null
      );`);
    // Every fold finds its own rows through the index, never scanning other transactions' dead ones.
    this.addSql(`create index organization_tally_pending_xact_idx on members.organization_tally_pending (xact);`);
    this.addSql(
      `create unlogged table members.organization_tally_fold (xact xid8 primary key default pg_current_xact_id());`,
    );

    // Folds the transaction's pending changes into the rows of the day: per organization, the
    // changes its stored rows stand for (each row minus the one before) and the new ones are
    // summed per day and added up again from the last row before the earliest change; rows equal
    // to the one before are dropped. \`spread\`: the most organizations locked one by one (the
    // shared lock table holds a few thousand locks in all).
    this.addSql(`
      create function members.fold_organization_tally(spread int default 64) returns void language plpgsql as $$
      declare
        organizations int;
        lock_key int;
      begin
        select count(distinct organization_id) into organizations
          from members.organization_tally_pending where xact = pg_current_xact_id();
        if organizations = 0 then return; end if;
        if organizations > spread then
          perform pg_advisory_xact_lock(hashtext('members.organization_tally_by_day'), 0);
        else
          perform pg_advisory_xact_lock_shared(hashtext('members.organization_tally_by_day'), 0);
          for lock_key in
            select distinct hashtext(organization_id::text) from members.organization_tally_pending
             where xact = pg_current_xact_id() order by 1
          loop
            perform pg_advisory_xact_lock(hashtext('members.organization_tally_by_day:organization'), lock_key);
          end loop;
        end if;
        -- Organizations with no rows yet (a first load): their rows are the pending changes added up.
        if not exists (select from members.organization_tally_by_day d
                        where d.organization_id in (select organization_id from members.organization_tally_pending
                                                     where xact = pg_current_xact_id())) then
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
          delete from members.organization_tally_pending where xact = pg_current_xact_id();
          return;
        end if;
        with pending as (
          select organization_id, on_date, sum(active) as active, sum(employees) as employees, sum(students) as students,
                 sum(pensioners) as pensioners, sum(youth) as youth
            from members.organization_tally_pending where xact = pg_current_xact_id()
           group by organization_id, on_date),
        earliest as (select organization_id, min(on_date) as on_date from pending group by organization_id),
        -- The stored rows from the last one before the earliest change on: that one is the base the
        -- changes add to (and what a changed first row is judged against); earlier rows stay as they are.
        stored as (
          select d.* from earliest e
            join members.organization_tally_by_day d on d.organization_id = e.organization_id
             and d.from_date >= coalesce((select max(b.from_date) from members.organization_tally_by_day b
                                           where b.organization_id = e.organization_id and b.from_date < e.on_date), '-infinity'::date)),
        changes as (
          select organization_id, on_date, active, employees, students, pensioners, youth from pending
          union all
          select organization_id, from_date, active - coalesce(lag(active) over w, 0),
                 employees - coalesce(lag(employees) over w, 0), students - coalesce(lag(students) over w, 0),
                 pensioners - coalesce(lag(pensioners) over w, 0), youth - coalesce(lag(youth) over w, 0)
            from stored
          window w as (partition by organization_id order by from_date)),
        by_day as (
          select organization_id, on_date, sum(active) as active, sum(employees) as employees, sum(students) as students,
                 sum(pensioners) as pensioners, sum(youth) as youth
            from changes group by organization_id, on_date),
        running as (
          select organization_id, on_date, sum(active) over w as active, sum(employees) over w as employees,
                 sum(students) over w as students, sum(pensioners) over w as pensioners, sum(youth) over w as youth
            from by_day
          window w as (partition by organization_id order by on_date)),
        judged as (
          select r.*, (r.active, r.employees, r.students, r.pensioners, r.youth) is not distinct from
                      (coalesce(lag(r.active) over w, 0), coalesce(lag(r.employees) over w, 0), coalesce(lag(r.students) over w, 0),
                       coalesce(lag(r.pensioners) over w, 0), coalesce(lag(r.youth) over w, 0)) as redundant
            from running r
          window w as (partition by r.organization_id order by r.on_date)),
        -- Only what differs from what is stored is written: a row locked or rewritten for nothing
        -- costs as much as one that changed, and a backdated change leaves most later rows as they are.
        touched as (
          select j.*, s.from_date is not null as kept,
                 (j.active, j.employees, j.students, j.pensioners, j.youth)
                   is not distinct from (s.active, s.employees, s.students, s.pensioners, s.youth) as unchanged
            from judged j
            join earliest e on e.organization_id = j.organization_id and j.on_date >= e.on_date
            left join stored s on s.organization_id = j.organization_id and s.from_date = j.on_date),
        gone as (
          delete from members.organization_tally_by_day d using touched t
           where t.redundant and t.kept and d.organization_id = t.organization_id and d.from_date = t.on_date),
        changed as (
          update members.organization_tally_by_day d
             set active = t.active, employees = t.employees, students = t.students, pensioners = t.pensioners, youth = t.youth
            from touched t
           where t.kept and not t.redundant and not t.unchanged and d.organization_id = t.organization_id and d.from_date = t.on_date)
        -- New days only (no conflict to look for: nobody else writes these organizations' rows now).
        insert into members.organization_tally_by_day (organization_id, from_date, active, employees, students, pensioners, youth)
        select organization_id, on_date, active, employees, students, pensioners, youth from touched
         where not kept and not redundant;
        delete from members.organization_tally_pending where xact = pg_current_xact_id();
      end $$;`);
    this.addSql(`
      create function members.fold_organization_tally_at_commit() returns trigger language plpgsql as $$
      begin
        delete from members.organization_tally_fold where xact = new.xact;
        perform members.fold_organization_tally();
        return null;
      end $$;`);
    this.addSql(`
      create constraint trigger organization_tally_fold_at_commit after insert on members.organization_tally_fold
        deferrable initially deferred for each row execute function members.fold_organization_tally_at_commit();`);

    // The deltas' one statement (…100100) now writes to the pending changes and asks for the fold
    // once per transaction; its rule for what a set of periods changes on which day is unchanged.
    this.addSql(`
      create or replace function members.period_deltas_insert(contributions text) returns text language sql immutable as $$
        select format($sql$
          with added as (
          insert into members.organization_tally_pending (organization_id, on_date, active, employees, students, pensioners, youth)
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
          returning 1)
          insert into members.organization_tally_fold select from (select from added limit 1) any_added
          on conflict (xact) do nothing
 $sql$, contributions)
      $$;`);

    this.addSql(`drop function members.compact_organization_tally_delta();`);
    this.addSql(`drop function members.rebuild_organization_tally_delta();`);
    this.addSql(`drop table members.organization_tally_delta;`);

    this.addSql(`
      create function members.rebuild_organization_tally_by_day() returns void language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(hashtext('members.organization_tally_by_day'), 0);
        delete from members.organization_tally_by_day;
        execute members.period_deltas_insert('select p.organization_id, p.valid_from, p.valid_to, m.category, m.birth_date, 1 as sign
                                                from members.membership_period p join members.member m on m.id = p.member_id');
        perform members.fold_organization_tally();
      end $$;`);
    this.addSql(`select members.rebuild_organization_tally_by_day();`);
    this.addSql(`analyze members.organization_tally_by_day;`);

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
            cross join lateral (
              select r.active, r.youth, r.employees, r.students, r.pensioners from members.organization_tally_by_day r
               where r.organization_id = s.descendant_id and r.from_date <= as_of
               order by r.from_date desc limit 1) d
           where s.ancestor_id = any(ancestor_ids) and as_of < current_date
           group by s.ancestor_id)
        select t.ancestor_id, t.active, (t.youth + coalesce(y.youth, 0))::int, t.employees, t.students, t.pensioners
          from tallied t left join youth_correction y on y.ancestor_id = t.ancestor_id
        union all
        select d.ancestor_id, d.active, d.youth, d.employees, d.students, d.pensioners from dated d
      $$;`);
  }
}
