import { Migration } from '@mikro-orm/migrations';

/**
 * Today's active members per organization, kept exact by the members table's own triggers, so
 * that coverage of a subtree sums one row per organization instead of counting its members
 * (the national union: 65 k organizations instead of 3.9 M members per tree level).
 *
 * - Statement-level triggers with transition tables: a bulk import of millions of rows costs
 *   one grouped upsert, an admission one row. The upsert goes in organization order, so two
 *   writers never lock the same rows in opposite orders.
 * - Youth ("under 35") depends on the date. `youth` counts members born after the stored
 *   `youth_cutoff`; a reader for another cutoff corrects it with the few members born between the
 *   two dates (index `member_active_birth_date_idx`), and `advance_youth_cutoff` moves the cutoff
 *   (the members subgraph does so in the background) so that window stays a few days wide.
 * - Writers take `for key share` on the cutoff row before counting, and the advance takes
 *   `for update`: a writer either counts against the old cutoff and commits before the advance
 *   reads, or waits and counts against the new one, so no member is counted against the wrong date.
 * - Published as `members.subtree_member_counts_v1(ids, as_of)`: today's figures of subtrees, youth
 *   corrected, read in one statement so the tally and its cutoff come from one snapshot.
 *   `recount_organization_tally()` rebuilds the tally from the members (tests compare the two).
 */
export class Migration20261124100005OrganizationTally extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table members.organization_tally (
        organization_id uuid primary key,
        active int not null default 0,
        employees int not null default 0,
        students int not null default 0,
        pensioners int not null default 0,
        youth int not null default 0
      );`);
    this.addSql(`
      create table members.tally_state (
        singleton boolean primary key default true check (singleton),
        youth_cutoff date not null
      );`);
    this.addSql(`insert into members.tally_state (youth_cutoff) values ((current_date - interval '35 years')::date);`);
    this.addSql(`create index member_active_birth_date_idx on members.member (birth_date) where status = 'ACTIVE';`);

    // One body for the three events. The rows that count differ per event, and a static statement
    // may name only the transition tables its event has, so the statement is put together here.
    // An update that touches none of the counted columns (contacts, say) adds nothing.
    this.addSql(`
      create function members.tally_member_changes() returns trigger language plpgsql as $$
      declare
        cutoff date;
        changed constant text := 'old_members o join new_members n on n.id = o.id
          where (o.status, o.organization_id, o.category, o.birth_date) is distinct from (n.status, n.organization_id, n.category, n.birth_date)';
        source text;
      begin
        select youth_cutoff into cutoff from members.tally_state for key share;
        source := case tg_op
          when 'INSERT' then 'select organization_id, category, birth_date, 1 as sign from new_members where status = ''ACTIVE'''
          when 'DELETE' then 'select organization_id, category, birth_date, -1 as sign from old_members where status = ''ACTIVE'''
          else 'select n.organization_id, n.category, n.birth_date, 1 as sign from ' || changed || ' and n.status = ''ACTIVE''
                union all
                select o.organization_id, o.category, o.birth_date, -1 as sign from ' || changed || ' and o.status = ''ACTIVE'''
        end;
        execute format($sql$
          insert into members.organization_tally as t (organization_id, active, employees, students, pensioners, youth)
          select organization_id, sum(sign)::int,
                 coalesce(sum(sign) filter (where category = 'EMPLOYEE'), 0)::int,
                 coalesce(sum(sign) filter (where category = 'STUDENT'), 0)::int,
                 coalesce(sum(sign) filter (where category = 'NON_WORKING_PENSIONER'), 0)::int,
                 coalesce(sum(sign) filter (where birth_date > $1), 0)::int
            from (%s) delta
           group by organization_id
           order by organization_id
          on conflict (organization_id) do update set
            active = t.active + excluded.active, employees = t.employees + excluded.employees,
            students = t.students + excluded.students, pensioners = t.pensioners + excluded.pensioners,
            youth = t.youth + excluded.youth$sql$, source) using cutoff;
        return null;
      end $$;`);
    this.addSql(`
      create trigger member_tally_insert after insert on members.member
        referencing new table as new_members for each statement execute function members.tally_member_changes();`);
    this.addSql(`
      create trigger member_tally_update after update on members.member
        referencing old table as old_members new table as new_members for each statement execute function members.tally_member_changes();`);
    this.addSql(`
      create trigger member_tally_delete after delete on members.member
        referencing old table as old_members for each statement execute function members.tally_member_changes();`);

    this.addSql(`
      create function members.recount_organization_tally() returns void language plpgsql as $$
      begin
        perform 1 from members.tally_state for update;
        delete from members.organization_tally;
        insert into members.organization_tally (organization_id, active, employees, students, pensioners, youth)
        select organization_id, count(*),
               count(*) filter (where category = 'EMPLOYEE'),
               count(*) filter (where category = 'STUDENT'),
               count(*) filter (where category = 'NON_WORKING_PENSIONER'),
               count(*) filter (where birth_date > (select youth_cutoff from members.tally_state))
          from members.member where status = 'ACTIVE'
         group by organization_id;
      end $$;`);
    this.addSql(`
      create function members.advance_youth_cutoff(target date) returns void language plpgsql as $$
      declare
        current_cutoff date;
      begin
        select youth_cutoff into current_cutoff from members.tally_state for update;
        if target = current_cutoff then return; end if;
        insert into members.organization_tally as t (organization_id, youth)
        select organization_id, (count(*) filter (where birth_date > target) - count(*) filter (where birth_date > current_cutoff))::int
          from members.member
         where status = 'ACTIVE' and birth_date > least(target, current_cutoff) and birth_date <= greatest(target, current_cutoff)
         group by organization_id
         order by organization_id
        on conflict (organization_id) do update set youth = t.youth + excluded.youth;
        update members.tally_state set youth_cutoff = target;
      end $$;`);
    this.addSql(`select members.recount_organization_tally();`);
    // The one place that reads the tally: members' own counts and the statistics subgraph's
    // coverage both call it, so the youth correction has a single definition.
    this.addSql(`
      create function members.subtree_member_counts_v1(ancestor_ids uuid[], as_of date)
        returns table (ancestor_id uuid, active int, youth int, employees int, students int, pensioners int)
        language sql stable as $$
        with cutoffs as (
          select youth_cutoff as stored, (as_of - interval '35 years')::date as wanted from members.tally_state),
        tallied as (
          select s.ancestor_id, sum(t.active)::int as active, sum(t.youth)::int as youth, sum(t.employees)::int as employees,
                 sum(t.students)::int as students, sum(t.pensioners)::int as pensioners
            from organizations.subtree_v1 s join members.organization_tally t on t.organization_id = s.descendant_id
           where s.ancestor_id = any(ancestor_ids)
           group by s.ancestor_id),
        youth_correction as (
          select s.ancestor_id, count(*) filter (where m.birth_date > c.wanted) - count(*) filter (where m.birth_date > c.stored) as youth
            from cutoffs c
            join members.member m on m.status = 'ACTIVE'
             and m.birth_date > least(c.stored, c.wanted) and m.birth_date <= greatest(c.stored, c.wanted)
            join organizations.subtree_v1 s on s.descendant_id = m.organization_id
           where s.ancestor_id = any(ancestor_ids)
           group by s.ancestor_id)
        select t.ancestor_id, t.active, (t.youth + coalesce(y.youth, 0))::int, t.employees, t.students, t.pensioners
          from tallied t left join youth_correction y on y.ancestor_id = t.ancestor_id
      $$;`);
  }
}
