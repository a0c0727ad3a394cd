import { Migration } from '@mikro-orm/migrations';

/**
 * Published for the statistics subgraph: membership periods (counts on a past date) and, per
 * member, how many mandatory fields of the registration card are filled — numbers only, no data.
 * The mandatory fields are those of services/member-read.ts; keep the two in step.
 */
export class Migration20261124100003StatisticsViews extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create view members.membership_period_v1 as
        select member_id, organization_id, valid_from, valid_to from members.membership_period;`);
    this.addSql(`
      create view members.member_completeness_v1 as
        select id as member_id,
               (middle_name is not null)::int + (sex is not null)::int + (phone is not null)::int
                 + (email is not null)::int + (snils is not null)::int
                 + case when category = 'EMPLOYEE' then (position is not null)::int else 0 end as filled,
               5 + case when category = 'EMPLOYEE' then 1 else 0 end as required
          from members.member;`);
  }
}
