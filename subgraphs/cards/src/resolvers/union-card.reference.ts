import type { ReferenceResolvers } from '@registry/lib';
import { isUuid } from '@registry/lib';
import type { CardsContext } from '../context';
import { coversMember } from './member-cards.resolver';

export const unionCardReferences: ReferenceResolvers = {
  /** Batched through the loader; null for a card the viewer may not see. */
  UnionCard: {
    async __resolveReference(reference: { id: string }, context: CardsContext) {
      if (!isUuid(reference.id)) return null;
      const card = await context.loaders.cardsById.load(reference.id);
      return card && (await coversMember(context, card.memberId)) ? card : null;
    },
  },
  // Member and Organization need none: this subgraph holds nothing of them but the id, which is
  // what federation's default reference resolver returns; their fields check access.
};
