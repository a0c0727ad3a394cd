import { Migration } from '@mikro-orm/migrations';

/**
 * What the database itself guarantees about a membership's history (issue 11), so a racing or
 * buggy writer fails instead of leaving a history that counts a member twice or never:
 *
 * - at most one open period per member: already the unique index `membership_period_open`
 *   (Migration20261124100001);
 * - no two periods of a member overlap: an exclusion constraint over half-open date ranges
 *   (`[valid_from, valid_to)`, the way `memberCounts(asOf)` reads them);
 * - a member is ACTIVE if and only if it has an open period: a deferred constraint trigger,
 *   checked at commit, since a movement writes the record and its periods in separate statements.
 *   A members import sets `members.history_checked_by_writer` for its own statements and checks
 *   the members it wrote in one set-based query instead: a trigger per row queued millions of
 *   checks, and pending trigger events forbid the index rebuilds of its bulk path;
 * - `valid_to >= valid_from` stays the rule (the check of Migration20261124100001): a movement
 *   may be dated on the day its period began (a same-day correction of an admission or a
 *   transfer), which leaves a period `[D, D)` that counts on no day and overlaps nothing.
 */
export class Migration20261201100070MembershipIntegrity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists btree_gist;`);
    this.addSql(`
      alter table members.membership_period
        add constraint membership_period_no_overlap
        exclude using gist (member_id with =, daterange(valid_from, valid_to, '[)') with &&);`);

    this.addSql(`
      create function members.assert_status_matches_period(checked uuid) returns void language plpgsql as $$
      declare
        current_status text;
        open_periods int;
      begin
        select status into current_status from members.member where id = checked;
        if not found then return; end if;
        select count(*) into open_periods from members.membership_period where member_id = checked and valid_to is null;
        if (current_status = 'ACTIVE') <> (open_periods > 0) then
          raise exception 'member % is % with % open membership period(s): expected an open period exactly when ACTIVE', checked, current_status, open_periods
            using errcode = 'check_violation', constraint = 'member_status_matches_period', table = 'member', schema = 'members';
        end if;
      end $$;`);
    this.addSql(`
      create function members.member_status_matches_period() returns trigger language plpgsql as $$
      begin
        perform members.assert_status_matches_period(new.id);
        return null;
      end $$;`);
    this.addSql(`
      create function members.period_matches_member_status() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          perform members.assert_status_matches_period(old.member_id);
        else
          perform members.assert_status_matches_period(new.member_id);
        end if;
        return null;
      end $$;`);
    this.addSql(`
      create constraint trigger member_status_matches_period
        after insert or update of status on members.member
        deferrable initially deferred for each row
        when (current_setting('members.history_checked_by_writer', true) is distinct from 'on') execute function members.member_status_matches_period();`);
    this.addSql(`
      create constraint trigger period_matches_member_status
        after insert or update of valid_to, member_id or delete on members.membership_period
        deferrable initially deferred for each row
        when (current_setting('members.history_checked_by_writer', true) is distinct from 'on') execute function members.period_matches_member_status();`);

    // The triggers judge changes from now on; the history already held must meet the same rule.
    this.addSql(`
      do $$
      declare broken int;
      begin
        select count(*) into broken from members.member m
         where (m.status = 'ACTIVE') <> exists (select from members.membership_period p where p.member_id = m.id and p.valid_to is null);
        if broken > 0 then
          raise exception '% member(s) have a status that disagrees with their open period: expected none', broken;
        end if;
      end $$;`);
  }
}
