import { UUID } from '@registry/lib';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { CardsContext } from '../context';
import { Partner } from '../entities/partner';
import { createPartner, rotatePartnerApiKey, updatePartner } from '../services/partner.service';
import { PartnerWithApiKey } from './card-views';
import { CreatePartnerInput, UpdatePartnerInput } from './partner.input';

/** Partners of the bonus program: members see the list, central admins manage it. */
@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => [Partner], { description: 'Partners by name; only active ones unless `includeInactive`' })
  async partners(
    @Arg('region', () => String, {
      nullable: true,
      description: 'Only partners operating in this federal subject (or nationwide)',
    })
    region: string | null | undefined,
    @Arg('includeInactive', () => Boolean, { nullable: true }) includeInactive: boolean | null | undefined,
    @Ctx() { em }: CardsContext,
  ) {
    const partners = await em.find(Partner, includeInactive ? {} : { active: true }, {
      orderBy: { name: 'asc', id: 'asc' },
    });
    return region
      ? partners.filter((partner) => partner.regions.length === 0 || partner.regions.includes(region))
      : partners;
  }

  @Mutation(() => PartnerWithApiKey, { description: 'Adds a partner and returns its API key, this once' })
  async createPartner(@Arg('input', () => CreatePartnerInput) input: CreatePartnerInput, @Ctx() { em }: CardsContext) {
    return createPartner(em, input);
  }

  @Mutation(() => Partner)
  async updatePartner(
    @Arg('id', () => UUID) id: string,
    @Arg('input', () => UpdatePartnerInput) input: UpdatePartnerInput,
    @Ctx() { em }: CardsContext,
  ) {
    return updatePartner(em, id, input);
  }

  @Mutation(() => PartnerWithApiKey, { description: 'Issues a new API key; the old one stops working at once' })
  async rotatePartnerApiKey(@Arg('id', () => UUID) id: string, @Ctx() { em }: CardsContext) {
    return rotatePartnerApiKey(em, id);
  }
}
