import { Migration } from '@mikro-orm/migrations';

/**
 * The cards subgraph's read-only contract with the others (statistics above all), in the manner
 * of docs/architecture.md, "published views": card states and bonus figures without numbers,
 * keys or anything a holder could be recognised by.
 */
export class Migration20261124300002PublishedViews extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create view cards.card_v1 as
        select id, member_id, kind, status, issued_on, expires_on from cards.union_card;`);
    this.addSql(`
      create view cards.bonus_participant_v1 as
        select member_id, channel, active, enrolled_at from cards.bonus_participant;`);
    this.addSql(`
      create view cards.purchase_v1 as
        select id, member_id, organization_id, amount_kopecks, cashback_kopecks, occurred_at from cards.purchase;`);
    this.addSql(
      `comment on view cards.card_v1 is 'Published to other subgraphs: card kind and state per member, no numbers; join members.member_v1 (status ACTIVE) to count members only'`,
    );
    this.addSql(
      `comment on view cards.bonus_participant_v1 is 'Published to other subgraphs: bonus program participation'`,
    );
    this.addSql(
      `comment on view cards.purchase_v1 is 'Published to other subgraphs: purchases in kopecks, by the organization the member belonged to then'`,
    );
  }
}
