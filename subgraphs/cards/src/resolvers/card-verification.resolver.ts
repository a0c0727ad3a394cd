import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { CardsContext } from '../context';
import { verifyCard } from '../services/card-verification.service';
import { assertPartnerMayLookUp } from '../services/partner-throttle';
import { cardsSettingsOf } from '../services/cards-settings';
import { CardVerification } from './card-views';

/** What a partner's till asks before honouring a card. */
@Resolver(() => CardVerification)
export class CardVerificationResolver {
  @Query(() => CardVerification, {
    description:
      'Partners: is this card (typed number or QR payload) valid, and is its holder a member? Never who they are',
  })
  async verifyCard(
    @Arg('payloadOrNumber', () => String) payloadOrNumber: string,
    @Ctx() { em, scope, config, limiters }: CardsContext,
  ) {
    await assertPartnerMayLookUp(limiters, scope, 'verifyCard');
    return verifyCard(em, payloadOrNumber, cardsSettingsOf(config).qrKeys);
  }
}
