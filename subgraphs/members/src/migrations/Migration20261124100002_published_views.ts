import { Migration } from '@mikro-orm/migrations';

/**
 * The members subgraph's read-only contract with the others (see docs/architecture.md,
 * "published views"): membership status and consents without names or contacts, and the outbox
 * of domain events for consumers that poll it.
 */
export class Migration20261124100002PublishedViews extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create view members.member_v1 as
        select id, registration_number, organization_id, status, category, birth_date, joined_on, bonus_consent
        from members.member;`);
    this.addSql(`
      create view members.outbox_event_v1 as
        select id, type, aggregate_id, payload, occurred_at from members.outbox_event;`);
    this.addSql(`comment on view members.member_v1 is 'Published to other subgraphs: no names or contacts'`);
    this.addSql(
      `comment on view members.outbox_event_v1 is 'Published to other subgraphs: domain events in id order (docs/events.md)'`,
    );
  }
}
