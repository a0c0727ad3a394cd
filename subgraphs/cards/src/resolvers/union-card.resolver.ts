import { Ability, UUID } from '@registry/lib';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CardsContext } from '../context';
import { CardEvent } from '../entities/card-event';
import { CardStatus } from '../entities/card-enums';
import { Member } from '../entities/member';
import { ProductionBatch } from '../entities/production-batch';
import { UnionCard } from '../entities/union-card';
import {
  activateVirtualCard,
  blockCard,
  issueVirtualCard,
  reissueCard,
  unblockCard,
} from '../services/card-lifecycle.service';
import { parseCardNumber } from '../services/card-number';
import { cardsSettingsOf } from '../services/cards-settings';
import { VirtualCardActivation } from './card-views';
import { assertCoversHolder, missingTarget } from '../services/holder-scope';

/** Cards one at a time: reading, the virtual card's activation, blocking, reissue. */
@Resolver(() => UnionCard)
export class UnionCardResolver {
  @Query(() => UnionCard, { nullable: true, description: 'A card (its holder, or admins of their organization)' })
  async card(@Arg('id', () => UUID) id: string, @Ctx() context: CardsContext): Promise<UnionCard | null> {
    return seenCard(context, await context.loaders.cardsById.load(id), 'id', id);
  }

  @Query(() => UnionCard, {
    nullable: true,
    description: 'A card by its 16-digit number (admins); a wrong check digit is INVALID_CARD_NUMBER',
  })
  async cardByNumber(
    @Arg('number', () => String) number: string,
    @Ctx() context: CardsContext,
  ): Promise<UnionCard | null> {
    const parsed = parseCardNumber(number);
    return seenCard(context, await context.em.findOne(UnionCard, { number: parsed }), 'number', parsed);
  }

  @Mutation(() => UnionCard, {
    description: 'Issues a virtual card (ORDERED until activated); a second one in use is ALREADY_EXISTS',
  })
  async issueVirtualCard(@Arg('memberId', () => UUID) memberId: string, @Ctx() { em, scope }: CardsContext) {
    return issueVirtualCard(em, scope, memberId);
  }

  @Mutation(() => VirtualCardActivation, {
    description:
      'Activates a virtual card in the app and returns its signed QR payload; again for an active card returns the payload',
  })
  async activateVirtualCard(@Arg('cardId', () => UUID) cardId: string, @Ctx() { em, scope, config }: CardsContext) {
    return activateVirtualCard(em, scope, cardId, cardsSettingsOf(config).qrKeys);
  }

  @Mutation(() => UnionCard, { description: 'Blocks a card in use (the holder or an admin)' })
  async blockCard(
    @Arg('cardId', () => UUID) cardId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null | undefined,
    @Ctx() { em, scope }: CardsContext,
  ) {
    return blockCard(em, scope, cardId, reason);
  }

  @Mutation(() => UnionCard, { description: 'Puts a blocked card back in use (admins)' })
  async unblockCard(
    @Arg('cardId', () => UUID) cardId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null | undefined,
    @Ctx() { em, scope }: CardsContext,
  ) {
    return unblockCard(em, scope, cardId, reason);
  }

  @Mutation(() => UnionCard, {
    description:
      'The card is lost: its number is refused from now on, and the new card (ORDERED, `replaces` the old) is returned',
  })
  async reportCardLost(
    @Arg('cardId', () => UUID) cardId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null | undefined,
    @Ctx() { em, scope }: CardsContext,
  ) {
    return reissueCard(em, scope, cardId, CardStatus.LOST, reason);
  }

  @Mutation(() => UnionCard, {
    description: 'Replaces a damaged or expiring card (admins): the old one becomes REPLACED, the new one is returned',
  })
  async replaceCard(
    @Arg('cardId', () => UUID) cardId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null | undefined,
    @Ctx() { em, scope }: CardsContext,
  ) {
    return reissueCard(em, scope, cardId, CardStatus.REPLACED, reason);
  }

  @FieldResolver(() => Member, { description: 'The holder; their record comes from the members subgraph' })
  member(@Root() card: UnionCard): Member {
    return { id: card.memberId };
  }

  @FieldResolver(() => ProductionBatch, { nullable: true, description: 'The production batch of a plastic card' })
  async batch(@Root() card: UnionCard, @Ctx() { loaders }: CardsContext) {
    return card.batchId ? loaders.batchesById.load(card.batchId) : null;
  }

  @FieldResolver(() => UnionCard, { nullable: true, description: 'The card this one was issued in place of' })
  async replaces(@Root() card: UnionCard, @Ctx() { loaders }: CardsContext) {
    return card.replacesId ? loaders.cardsById.load(card.replacesId) : null;
  }

  @FieldResolver(() => UnionCard, { nullable: true, description: 'For a virtual card: the plastic card it duplicates' })
  async duplicates(@Root() card: UnionCard, @Ctx() { loaders }: CardsContext) {
    return card.duplicatesId ? loaders.cardsById.load(card.duplicatesId) : null;
  }

  @FieldResolver(() => [CardEvent], { description: 'Every status change: who, when, why; oldest first' })
  async history(@Root() card: UnionCard, @Ctx() { loaders }: CardsContext) {
    return loaders.eventsByCardId.load(card.id);
  }
}

/**
 * A card looked up by id or number, once the viewer's scope over its holder is checked. Numbers
 * can be typed, so a number that names no card answers like one outside the viewer's scope
 * (only viewers whose records reach the whole union learn that it names nothing).
 */
async function seenCard(
  context: CardsContext,
  card: UnionCard | null,
  field: string,
  value: string,
): Promise<UnionCard | null> {
  const holder = card ? await context.loaders.memberSummariesById.load(card.memberId) : null;
  if (!card || !holder) {
    if (context.scope.isEverywhere(Ability.MANAGE)) return null;
    throw missingTarget(context.scope, 'Card', field, value);
  }
  await assertCoversHolder(context.scope, holder);
  return card;
}
