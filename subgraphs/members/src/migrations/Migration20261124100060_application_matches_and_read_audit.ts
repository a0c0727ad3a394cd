import { Migration } from '@mikro-orm/migrations';

/**
 * Two authorization fixes (issue 10).
 *
 * Applications: the public entry no longer refuses a person already on record (that answer told
 * anyone whether someone is a union member); it files every well-formed application and records
 * what it matched, for the reviewing chair only: `matched_member_id`, an active record of the
 * same person, and `repeat_of_id`, an earlier pending application of the same person.
 *
 * Audit: `personal_data_read` is written per field read, by the GraphQL layer, one row per
 * member and object path of a request, naming the fields. The older `personal_data_access`
 * (one row per hand-logged read, no fields) is kept for the reads it already holds.
 */
export class Migration20261124100060ApplicationMatchesAndReadAudit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table members.membership_application
        add column matched_member_id uuid references members.member (id),
        add column repeat_of_id uuid references members.membership_application (id);`);
    // Finding the earlier pending application of a person: by SNILS, else by name and birth date.
    this.addSql(
      `create index membership_application_pending_snils_idx on members.membership_application (snils) where status = 'PENDING';`,
    );
    this.addSql(
      `create index membership_application_pending_person_idx on members.membership_application (birth_date, lower(last_name), lower(first_name)) where status = 'PENDING';`,
    );

    this.addSql(`
      create table members.personal_data_read (
        id bigint generated always as identity primary key,
        actor_subject varchar(200) not null,
        actor_roles text[] not null,
        member_id uuid not null,
        fields text[] not null,
        operation_name varchar(200),
        path varchar(500) not null,
        read_at timestamptz not null default now()
      );`);
    // The log is listed newest first by id (identity order is write order), filtered by member,
    // actor or time.
    this.addSql(`create index personal_data_read_member_idx on members.personal_data_read (member_id, id desc);`);
    this.addSql(`create index personal_data_read_actor_idx on members.personal_data_read (actor_subject, id desc);`);
    this.addSql(`create index personal_data_read_time_idx on members.personal_data_read (read_at);`);
  }
}
