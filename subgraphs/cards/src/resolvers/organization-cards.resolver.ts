import { Ability, DomainError, ErrorCode, isCalendarDate } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CardsContext } from '../context';
import { Organization } from '../entities/organization';
import { BonusFigures, CardCounts } from './card-views';

/** What this subgraph adds to the organizations subgraph's `Organization`: figures, never records. */
@Resolver(() => Organization)
export class OrganizationCardsResolver {
  @FieldResolver(() => CardCounts, {
    nullable: true,
    description: "Cards in use of today's members in the whole subtree",
  })
  async cardCounts(@Root() organization: Organization, @Ctx() context: CardsContext) {
    await context.scope.assertCovers(organization.id, Ability.READ_FIGURES);
    return context.loaders.cardCountsByOrganizationId.load(organization.id);
  }

  @FieldResolver(() => BonusFigures, {
    nullable: true,
    description:
      'The bonus program in the whole subtree; purchases between `from` and `to` (inclusive, UTC dates) when given',
  })
  async bonusFigures(
    @Root() organization: Organization,
    @Arg('from', () => GraphQLLocalDate, { nullable: true }) from: string | null | undefined,
    @Arg('to', () => GraphQLLocalDate, { nullable: true }) to: string | null | undefined,
    @Ctx() context: CardsContext,
  ) {
    await context.scope.assertCovers(organization.id, Ability.READ_FIGURES);
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value != null && !isCalendarDate(value)) {
        throw new DomainError(
          ErrorCode.BAD_USER_INPUT,
          `${field}: expected a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`,
          { field },
        );
      }
    }
    if (from != null && to != null && from > to) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `to: expected a date on or after from (${from}), got ${to}`, {
        field: 'to',
      });
    }
    const until = to != null ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString() : null;
    return context.loaders
      .bonusFiguresByOrganizationId({ from: from != null ? `${from}T00:00:00.000Z` : null, until })
      .load(organization.id);
  }
}
