import { Migration } from '@mikro-orm/migrations';

/**
 * `cards.purchase_v1` was published for readers that never came: statistics reads card figures
 * through `cards.cards_in_use_v1`, and purchases are summed by this subgraph's own
 * `bonusFigures`. A published object nobody reads is a contract kept for nothing, so it goes.
 */
export class Migration20261201300005DropPurchaseView extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop view if exists cards.purchase_v1');
  }

  override async down(): Promise<void> {
    this.addSql(
      'create view cards.purchase_v1 as select id, member_id, organization_id, amount_kopecks, cashback_kopecks, occurred_at from cards.purchase',
    );
  }
}
