import { Migration } from '@mikro-orm/migrations';

/** Published for the statistics subgraph's report forms: admissions and exits in a period, no personal data. */
export class Migration20261124100004EventView extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create view members.membership_event_v1 as
        select member_id, kind, occurred_on, organization_id, from_organization_id from members.membership_event;`);
  }
}
