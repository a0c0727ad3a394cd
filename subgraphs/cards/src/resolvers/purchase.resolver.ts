import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { CardsContext } from '../context';
import { Purchase } from '../entities/purchase';
import { assertPartnerMayLookUp, assertPartnerMayReportBatch } from '../services/partner-throttle';
import type { PurchaseReport } from '../services/purchase.service';
import { MAX_BATCH_DELAY_DAYS, MAX_BATCH_LINES, reportPurchase, reportPurchases } from '../services/purchase.service';
import { cardsSettingsOf } from '../services/cards-settings';
import { ReportPurchaseInput } from './purchase.input';
import { PurchaseBatchReport } from './purchase-views';

const toReport = (input: ReportPurchaseInput): PurchaseReport => ({
  idempotencyKey: input.idempotencyKey,
  card: input.cardNumberOrPayload,
  amountKopecks: input.amountKopecks,
  occurredAt: input.occurredAt,
});

/** Partners report purchases made with union cards. */
@Resolver(() => Purchase)
export class PurchaseResolver {
  @Mutation(() => Purchase, {
    description:
      'Records a purchase and accrues its cashback. A retry with the same idempotency key and body returns the first result; ' +
      'the same key with another body is IDEMPOTENCY_CONFLICT.',
  })
  async reportPurchase(
    @Arg('input', () => ReportPurchaseInput) input: ReportPurchaseInput,
    @Ctx() { em, scope, config, limiters }: CardsContext,
  ) {
    await assertPartnerMayLookUp(limiters, scope, 'reportPurchase');
    return reportPurchase(em, scope, toReport(input), cardsSettingsOf(config).qrKeys);
  }

  @Mutation(() => PurchaseBatchReport, {
    description:
      `Records up to ${MAX_BATCH_LINES} purchases at once (a monthly report, a backfill), each as reportPurchase would, going back up to ${MAX_BATCH_DELAY_DAYS} days; ` +
      "eligibility is judged on each line's day. Lines are independent: each gets its purchase or its error, the accepted ones are written in one transaction.",
  })
  async reportPurchases(
    @Arg('input', () => [ReportPurchaseInput]) input: ReportPurchaseInput[],
    @Ctx() { em, scope, config, limiters }: CardsContext,
  ): Promise<PurchaseBatchReport> {
    await assertPartnerMayReportBatch(limiters, scope, 'reportPurchases');
    const lines = await reportPurchases(em, scope, input.map(toReport), cardsSettingsOf(config).qrKeys);
    return {
      recorded: lines.filter((line) => line.purchase && !line.replayed).length,
      replayed: lines.filter((line) => line.replayed).length,
      refused: lines.filter((line) => line.error).length,
      lines,
    };
  }
}
