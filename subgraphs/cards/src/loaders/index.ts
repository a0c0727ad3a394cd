import type { EntityManager } from '@mikro-orm/postgresql';
import type { BonusLoaders } from './bonus.loaders';
import { createBonusLoaders } from './bonus.loaders';
import type { CardLoaders } from './card.loaders';
import { createCardLoaders } from './card.loaders';
import type { OrganizationFiguresLoaders } from './organization-figures.loaders';
import { createOrganizationFiguresLoaders } from './organization-figures.loaders';

export type CardsLoaders = CardLoaders & BonusLoaders & OrganizationFiguresLoaders;

/** Every per-request loader of the cards subgraph, made fresh for each request. */
export function createCardsLoaders(em: EntityManager): CardsLoaders {
  return { ...createCardLoaders(em), ...createBonusLoaders(em), ...createOrganizationFiguresLoaders(em) };
}
