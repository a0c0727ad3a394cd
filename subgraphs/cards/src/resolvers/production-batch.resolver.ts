import { UUID } from '@registry/lib';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CardsContext } from '../context';
import { Organization } from '../entities/organization';
import { ProductionBatch } from '../entities/production-batch';
import {
  exportCardBatch,
  findProductionBatch,
  listProductionBatches,
  markBatchIssued,
  markBatchProduced,
  orderCardBatch,
} from '../services/production-batch.service';

/** Plastic cards in bulk, for admins of the organization's subtree. */
@Resolver(() => ProductionBatch)
export class ProductionBatchResolver {
  @Query(() => ProductionBatch, { nullable: true })
  async productionBatch(@Arg('id', () => UUID) id: string, @Ctx() { em, scope }: CardsContext) {
    return findProductionBatch(em, scope, id);
  }

  @Query(() => [ProductionBatch], {
    description: "Batches ordered for the organization's subtree, newest first (at most 200)",
  })
  async productionBatches(
    @Arg('organizationId', () => UUID) organizationId: string,
    @Ctx() { em, scope }: CardsContext,
  ) {
    return listProductionBatches(em, scope, organizationId);
  }

  @Mutation(() => ProductionBatch, {
    description:
      'Orders plastic cards for every active member of the subtree without one (and replacement cards not yet ordered). ' +
      'When there is nobody to order for, NOTHING_TO_ORDER: ordering twice creates nothing.',
  })
  async orderCardBatch(@Arg('organizationId', () => UUID) organizationId: string, @Ctx() { em, scope }: CardsContext) {
    return orderCardBatch(em, scope, organizationId);
  }

  @Mutation(() => String, {
    description:
      "The manufacturer's file (CSV: card_number, registration_number, expiry, region_code, organization_code). " +
      'The first export puts the batch IN_PRODUCTION and fixes the cards’ expiry; later exports repeat the file.',
  })
  async exportCardBatch(@Arg('batchId', () => UUID) batchId: string, @Ctx() { em, scope }: CardsContext) {
    return exportCardBatch(em, scope, batchId);
  }

  @Mutation(() => ProductionBatch, { description: 'The manufacturer delivered the batch (IN_PRODUCTION → PRODUCED)' })
  async markBatchProduced(@Arg('batchId', () => UUID) batchId: string, @Ctx() { em, scope }: CardsContext) {
    return markBatchProduced(em, scope, batchId);
  }

  @Mutation(() => ProductionBatch, {
    description: 'The cards were handed out (PRODUCED → ISSUED): every card of a member becomes ISSUED today',
  })
  async markBatchIssued(@Arg('batchId', () => UUID) batchId: string, @Ctx() { em, scope }: CardsContext) {
    return markBatchIssued(em, scope, batchId);
  }

  @FieldResolver(() => Organization, { description: 'The organization whose subtree the batch was ordered for' })
  organization(@Root() batch: ProductionBatch): Organization {
    return { id: batch.organizationId };
  }
}
