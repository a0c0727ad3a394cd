import { buildFederatedSchema } from '@registry/lib';
import type { GraphQLSchema } from 'graphql';
import { permissions } from './permissions';
import { BonusAccountResolver, BonusLedgerEntryResolver, PurchaseFieldsResolver } from './resolvers/bonus.resolver';
import { CardVerificationResolver } from './resolvers/card-verification.resolver';
import { unionCardReferences } from './resolvers/union-card.reference';
import { MemberCardsResolver } from './resolvers/member-cards.resolver';
import { OrganizationCardsResolver } from './resolvers/organization-cards.resolver';
import { PartnerResolver } from './resolvers/partner.resolver';
import { ProductionBatchResolver } from './resolvers/production-batch.resolver';
import { PurchaseResolver } from './resolvers/purchase.resolver';
import { UnionCardResolver } from './resolvers/union-card.resolver';

/** The cards subgraph's schema; tests execute it directly, `server.ts` serves it. */
export function buildCardsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      UnionCardResolver,
      ProductionBatchResolver,
      MemberCardsResolver,
      OrganizationCardsResolver,
      BonusAccountResolver,
      BonusLedgerEntryResolver,
      PurchaseFieldsResolver,
      PartnerResolver,
      CardVerificationResolver,
      PurchaseResolver,
    ],
    referenceResolvers: unionCardReferences,
    permissions,
  });
}
