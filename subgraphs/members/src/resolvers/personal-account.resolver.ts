import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { Member } from '../entities/member';
import { leaveUnion, readMyRecord, updateMyContacts, withdrawBonusConsent } from '../services/personal-account.service';

/** The member's personal account: own record, contacts, consents, leaving. */
@Resolver(() => Member)
export class PersonalAccountResolver {
  @Query(() => Member, { description: 'The signed-in member’s own record' })
  async me(@Ctx() { em, scope }: MembersContext) {
    return readMyRecord(em, scope);
  }

  @Mutation(() => Member)
  async updateMyContacts(
    @Arg('phone', () => String, { nullable: true }) phone: string | null | undefined,
    @Arg('email', () => String, { nullable: true }) email: string | null | undefined,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return updateMyContacts(em, scope, { phone, email });
  }

  @Mutation(() => Member, { description: 'Withdraws the consent to share data with the bonus program' })
  async withdrawBonusConsent(@Ctx() { em, scope }: MembersContext) {
    return withdrawBonusConsent(em, scope);
  }

  @Mutation(() => Member, { description: 'Leaves the union, effective today' })
  async leaveUnion(
    @Arg('reason', () => String, { nullable: true }) reason: string | null | undefined,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return leaveUnion(em, scope, reason);
  }
}
