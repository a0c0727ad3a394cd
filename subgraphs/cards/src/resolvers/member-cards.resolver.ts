import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CardsContext } from '../context';
import { CardKind } from '../entities/card-enums';
import { Member } from '../entities/member';
import { UnionCard } from '../entities/union-card';
import { BonusAccount } from './card-views';
import { assertCanSeeMemberCards } from './scope';

/** What this subgraph adds to the members subgraph's `Member`: the holder, their admins and central admins see it. */
@Resolver(() => Member)
export class MemberCardsResolver {
  @FieldResolver(() => [UnionCard], { description: 'Every card the member has had, newest first, lost and revoked ones included' })
  async cards(@Root() member: Member, @Ctx() context: CardsContext) {
    await assertCanSeeMemberCards(context, member.id);
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
    await assertCanSeeMemberCards(context, member.id);
    const cards = await context.loaders.activeCardsByMemberId.load(member.id);
    const ofKind = (wanted: CardKind) => cards.find((card) => card.kind === wanted) ?? null;
    return kind ? ofKind(kind) : (ofKind(CardKind.PLASTIC) ?? ofKind(CardKind.VIRTUAL));
  }

  @FieldResolver(() => BonusAccount, { description: 'The bonus program account: participation, balance in kopecks, history' })
  async bonusAccount(@Root() member: Member, @Ctx() context: CardsContext): Promise<BonusAccount> {
    await assertCanSeeMemberCards(context, member.id);
    return { memberId: member.id };
  }
}
