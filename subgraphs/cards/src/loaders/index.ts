import type { EntityManager } from '@mikro-orm/postgresql';
import type { BonusParticipantLoaders } from './bonus-participant.loaders';
import { createBonusParticipantLoaders } from './bonus-participant.loaders';
import type { OrganizationLoaders } from './organization.loaders';
import { createOrganizationLoaders } from './organization.loaders';
import type { PartnerLoaders } from './partner.loaders';
import { createPartnerLoaders } from './partner.loaders';
import type { UnionCardLoaders } from './union-card.loaders';
import { createUnionCardLoaders } from './union-card.loaders';

export type CardsLoaders = UnionCardLoaders & BonusParticipantLoaders & PartnerLoaders & OrganizationLoaders;

/** Every per-request loader of the cards subgraph, made fresh for each request. */
export function createCardsLoaders(em: EntityManager): CardsLoaders {
  return {
    ...createUnionCardLoaders(em),
    ...createBonusParticipantLoaders(em),
    ...createPartnerLoaders(em),
    ...createOrganizationLoaders(em),
  };
}
