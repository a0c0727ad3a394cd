import { Ability } from '@registry/lib';
import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { StatisticsContext } from '../context';
import { rank } from '../services/ranking';
import { RankingArgs } from './ranking.input';
import { RankingRow } from './ranking-views';

@Resolver()
export class RankingResolver {
  @Query(() => [RankingRow], {
    description: 'Children (or descendants of a level) of an organization ranked by a metric, as a progress table',
  })
  async ranking(@Args() args: RankingArgs, @Ctx() context: StatisticsContext): Promise<RankingRow[]> {
    await assertScope(context, args.parentId);
    const rows = await rank(context.em, context.loaders, args);
    return rows.map(({ organizationId, ...row }) => ({ ...row, organization: { id: organizationId } }));
  }
}

/** Central admins everywhere; analysts and org admins their subtree. */
async function assertScope(
  { scope }: StatisticsContext,
  organizationId: string,
  ability: Ability = Ability.READ_FIGURES,
): Promise<void> {
  await scope.assertCovers(organizationId, ability);
}
