import { Migration } from '@mikro-orm/migrations';

/**
 * organization_v2: organization_v1 and the dates an organization was in the registry. Statistics
 * counts the organizations in the registry ON a report date (a merger in August must not change
 * the July share): entered on `registered_on` (the day its row was created, UTC), gone from
 * `closed_on` (liquidation or merger) on. v1 stays as it is for its readers.
 */
export class Migration20261201200010OrganizationV2 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create view organizations.organization_v2 as
        select id, code, name, level, primary_type, parent_id, subject_code, status,
               (created_at at time zone 'UTC')::date as registered_on, closed_on
          from organizations.organization;`);
    this.addSql(
      `comment on view organizations.organization_v2 is 'Published to other subgraphs: organization_v1 with registered_on and closed_on'`,
    );
  }
}
