import { Migration } from '@mikro-orm/migrations';

/**
 * Registration numbers and SNILS are codes: looked up for equality, never sorted for people. Under
 * the database's collation (ICU ru-RU on the embedded server) every comparison of them in their
 * unique indexes went through ICU; byte order (`collate "C"`) builds those indexes faster and makes
 * each insert cheaper (docs/benchmarks.md, "From source comments"). Equality is
 * the same (ICU's collation here is deterministic), so lookups and uniqueness do not change. Names
 * keep the database's collation: people are listed by them.
 *
 * The twin index (same full name and birth date) leads with the birth date: every lookup in it is
 * an equality on all three columns, and a build sorting dates first is cheaper than one sorting
 * ICU-lowered names first, which a bulk import pays for.
 *
 * The published views over these columns are made again exactly as they were.
 */
export class Migration20261124100050CodeCollation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop view members.member_completeness_v1;`);
    this.addSql(`drop view members.member_v1;`);
    this.addSql(`
      alter table members.member
        alter column registration_number type varchar(20) collate "C",
        alter column snils type char(11) collate "C";`);
    this.addSql(`
      create view members.member_v1 as
        select id, registration_number, organization_id, status, category, birth_date, joined_on, bonus_consent
        from members.member;`);
    this.addSql(`comment on view members.member_v1 is 'Published to other subgraphs: no names or contacts'`);
    this.addSql(`
      create view members.member_completeness_v1 as
        select id as member_id,
               (middle_name is not null)::int + (sex is not null)::int + (phone is not null)::int
                 + (email is not null)::int + (snils is not null)::int
                 + case when category = 'EMPLOYEE' then (position is not null)::int else 0 end as filled,
               5 + case when category = 'EMPLOYEE' then 1 else 0 end as required
          from members.member;`);
    this.addSql(`drop index members.member_person_idx;`);
    this.addSql(`create index member_person_idx on members.member (birth_date, lower(last_name), lower(first_name));`);
  }
}
