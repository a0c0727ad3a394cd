import { Migration } from '@mikro-orm/migrations';

/**
 * The chair's inbox (issue 12): applications are listed by status and filing time, in one
 * organization's subtree or the whole union, and their applicant's details are personal data
 * read through the same audit as a member's.
 *
 * `personal_data_read` gets a second kind of subject: a row names either the member or the
 * application whose fields were read, never both, never neither.
 */
export class Migration20261210100081ApplicationInbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table members.personal_data_read
        add column application_id uuid,
        alter column member_id drop not null,
        add constraint personal_data_read_one_subject check (num_nonnulls(member_id, application_id) = 1);`);
    this.addSql(
      `create index personal_data_read_application_idx on members.personal_data_read (application_id, id desc) where application_id is not null;`,
    );
    // The inbox is a queue, oldest first: keyset on (submitted_at, id) within a status.
    this.addSql(
      `create index membership_application_inbox_idx on members.membership_application (status, submitted_at, id);`,
    );
    this.addSql(
      `create index membership_application_organization_idx on members.membership_application (organization_id, status);`,
    );
  }
}
