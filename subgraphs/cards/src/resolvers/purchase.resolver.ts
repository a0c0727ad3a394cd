import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { CardsContext } from '../context';
import { Purchase } from '../entities/purchase';
import { assertPartnerMayLookUp } from '../services/partner-throttle';
import { reportPurchase } from '../services/purchase.service';
import { currentQrKeys } from '../services/qr-keys';
import { ReportPurchaseInput } from './purchase.input';

/** Partners report purchases made with union cards. */
@Resolver(() => Purchase)
export class PurchaseResolver {
  @Mutation(() => Purchase, {
    description:
      'Records a purchase and accrues its cashback. A retry with the same idempotency key and body returns the first result; ' +
      'the same key with another body is IDEMPOTENCY_CONFLICT.',
  })
  async reportPurchase(@Arg('input', () => ReportPurchaseInput) input: ReportPurchaseInput, @Ctx() { em, scope }: CardsContext) {
    await assertPartnerMayLookUp(scope, 'reportPurchase');
    return reportPurchase(
      em,
      scope,
      { idempotencyKey: input.idempotencyKey, card: input.cardNumberOrPayload, amountKopecks: input.amountKopecks, occurredAt: input.occurredAt },
      currentQrKeys(),
    );
  }
}
