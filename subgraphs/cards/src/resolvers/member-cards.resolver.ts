import { Ability, DomainError, ErrorCode } from '@registry/lib';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CardsContext } from '../context';
import { CardKind } from '../entities/card-enums';
import { Member } from '../entities/member';
import { UnionCard } from '../entities/union-card';
import { coversHolder } from '../services/holder-scope';
import { BonusAccount } from './card-views';

/**
 * Whether the viewer may see member `memberId`'s cards and bonus account: the member in person,
 * or MANAGE over their organization (a list of members asks this once per member; the summaries
 * and the subtree membership are batched). A member the registry does not know is visible only
 * to viewers whose records reach the whole union.
 */
export async function coversMember(context: CardsContext, memberId: string): Promise<boolean> {
  // Neither needs the member's organization, so neither costs a statement.
  if (context.scope.isSelf(memberId) || context.scope.isEverywhere(Ability.MANAGE)) return true;
  const holder = await context.loaders.memberSummariesById.load(memberId);
  return holder !== null && coversHolder(context.scope, holder);
}

async function assertCoversMember(context: CardsContext, memberId: string): Promise<void> {
  if (await coversMember(context, memberId)) return;
  throw new DomainError(
    ErrorCode.FORBIDDEN,
    `The cards of member ${memberId} are theirs and their organization's admins' to see; your scope does not reach them`,
    {
      memberId,
      scope: context.viewer.organizationId,
    },
  );
}

/** What this subgraph adds to the members subgraph's `Member`: the holder, their admins and central admins see it. */
@Resolver(() => Member)
export class MemberCardsResolver {
  @FieldResolver(() => [UnionCard], {
    nullable: true,
    description: 'Every card the member has had, newest first, lost and revoked ones included',
  })
  async cards(@Root() member: Member, @Ctx() context: CardsContext) {
    await assertCoversMember(context, member.id);
    return context.loaders.cardsByMemberId.load(member.id);
  }

  @FieldResolver(() => UnionCard, {
    nullable: true,
    description:
      'The card in use (issued plastic or active virtual, not expired) of a member who is a member today. ' +
      'Without `kind`: the plastic card if there is one in use, else the virtual one.',
  })
  async activeCard(
    @Root() member: Member,
    @Arg('kind', () => CardKind, { nullable: true }) kind: CardKind | null | undefined,
    @Ctx() context: CardsContext,
  ): Promise<UnionCard | null> {
    await assertCoversMember(context, member.id);
    const cards = await context.loaders.activeCardsByMemberId.load(member.id);
    const ofKind = (wanted: CardKind) => cards.find((card) => card.kind === wanted) ?? null;
    return kind ? ofKind(kind) : (ofKind(CardKind.PLASTIC) ?? ofKind(CardKind.VIRTUAL));
  }

  @FieldResolver(() => BonusAccount, {
    nullable: true,
    description: 'The bonus program account: participation, balance in kopecks, history',
  })
  async bonusAccount(@Root() member: Member, @Ctx() context: CardsContext): Promise<BonusAccount> {
    await assertCoversMember(context, member.id);
    return { memberId: member.id };
  }
}
