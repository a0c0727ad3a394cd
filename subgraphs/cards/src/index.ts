import type { SubgraphDefinition } from '@registry/lib';
import { BonusLedgerEntry } from './entities/bonus-ledger-entry';
import { BonusParticipant } from './entities/bonus-participant';
import { CardEvent } from './entities/card-event';
import { Partner } from './entities/partner';
import { ProductionBatch } from './entities/production-batch';
import { Purchase } from './entities/purchase';
import { UnionCard } from './entities/union-card';
import type { CardsLoaders } from './loaders';
import { createCardsLoaders } from './loaders';
import { Migration20261124300001Cards } from './migrations/Migration20261124300001_cards';
import { Migration20261124300002PublishedViews } from './migrations/Migration20261124300002_published_views';
import { Migration20261124300003RandomCardSerials } from './migrations/Migration20261124300003_random_card_serials';
import { Migration20261201300004CardHistory } from './migrations/Migration20261201300004_card_history';
import { Migration20261201300005DropPurchaseView } from './migrations/Migration20261201300005_drop_purchase_view';
import { Migration20261213300006CardsInUsePlanned } from './migrations/Migration20261213300006_cards_in_use_planned';
import { buildCardsSchema } from './schema';
import { cardsSettingsOf } from './services/cards-settings';
import { startMemberEventsPoller } from './services/member-events.consumer';
import { authenticatePartnerApiKey } from './services/partner.service';

/**
 * Union cards (ЭПБ), their production, partners' verification and the bonus program. Consumes the
 * members outbox in the background (cards of people who leave are revoked), and authenticates
 * partners' API keys.
 */
export const cardsSubgraph: SubgraphDefinition<CardsLoaders> = {
  name: 'cards',
  dbSchema: 'cards',
  entities: [UnionCard, CardEvent, ProductionBatch, Partner, Purchase, BonusParticipant, BonusLedgerEntry],
  migrations: [
    { name: 'Migration20261124300001_cards', class: Migration20261124300001Cards },
    { name: 'Migration20261124300002_published_views', class: Migration20261124300002PublishedViews },
    { name: 'Migration20261124300003_random_card_serials', class: Migration20261124300003RandomCardSerials },
    { name: 'Migration20261201300004_card_history', class: Migration20261201300004CardHistory },
    { name: 'Migration20261201300005_drop_purchase_view', class: Migration20261201300005DropPurchaseView },
    { name: 'Migration20261213300006_cards_in_use_planned', class: Migration20261213300006CardsInUsePlanned },
  ],
  buildSchema: buildCardsSchema,
  createLoaders: createCardsLoaders,
  background: (orm, { config }) => startMemberEventsPoller(orm, cardsSettingsOf(config).memberEventsIntervalMs),
  authenticateApiKey: authenticatePartnerApiKey,
};

export type { CardsLoaders } from './loaders';
// What the development stack's demo union, tests/generator and the statistics tests issue cards,
// enrol members and report purchases through, in process: the same rules as the API's.
export { BonusChannel } from './entities/card-enums';
export { enrollInBonusProgram } from './services/bonus-enrollment.service';
export { activateVirtualCard, issueVirtualCard } from './services/card-lifecycle.service';
export { authenticatePartnerApiKey, createPartner } from './services/partner.service';
export {
  exportCardBatch,
  issueDuePlasticCards,
  markBatchIssued,
  markBatchProduced,
  orderCardBatch,
} from './services/production-batch.service';
export { reportPurchase } from './services/purchase.service';
export { cardsSettingsOf } from './services/cards-settings';
