import { Migration } from '@mikro-orm/migrations';

/**
 * Published for the statistics subgraph: per organization, how many mandatory passport fields are
 * filled. The fields are those of services/passport.ts; keep the two in step.
 */
export class Migration20261124000003PassportView extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create view organizations.passport_v1 as
        select id as organization_id,
               (short_name is not null)::int + (address is not null)::int + (inn is not null)::int
                 + (ogrn is not null)::int + (chair_name is not null)::int + (chair_phone is not null)::int
                 + (chair_email is not null)::int
                 + case when level = 'CENTRAL' then 0 else (subject_code is not null)::int end as filled,
               case when level = 'CENTRAL' then 7 else 8 end as required
          from organizations.organization;`);
  }
}
