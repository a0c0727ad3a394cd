import { Ability, clientKeyOf, UUID } from '@registry/lib';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { MembersContext } from '../context';
import { Member } from '../entities/member';
import { MembershipApplication } from '../entities/membership-application';
import { applyForMembership, approveApplication, rejectApplication } from '../services/admission.service';
import { assertApplicationAllowed } from '../services/application-throttle';
import { MembershipApplicationInput } from './member.input';
import { ApprovalResult } from './membership-application-views';

/** The online service "joining the union". */
@Resolver(() => MembershipApplication)
export class AdmissionResolver {
  @Mutation(() => MembershipApplication, {
    description:
      'Files an application to join (no sign-in needed); its id is the receipt. The answer is the same whether or not the person is on record',
  })
  async applyForMembership(
    @Arg('input', () => MembershipApplicationInput) input: MembershipApplicationInput,
    @Ctx() { em, viewer, origin, limiters }: MembersContext,
  ) {
    await assertApplicationAllowed(limiters, viewer.subject !== null, clientKeyOf(viewer, origin));
    return applyForMembership(em, input);
  }

  @Query(() => MembershipApplication, {
    nullable: true,
    description: "An application, for the admins who review its organization's applications",
  })
  async membershipApplication(@Arg('id', () => UUID) id: string, @Ctx() { em, scope }: MembersContext) {
    const application = await em.findOne(MembershipApplication, { id });
    if (!application) return null;
    await scope.assertCovers(application.organizationId, Ability.MANAGE);
    return application;
  }

  @FieldResolver(() => Member, {
    nullable: true,
    description: 'An active member record of the same person, found when the application was filed (reviewers)',
  })
  async matchedMember(@Root() application: MembershipApplication, @Ctx() { loaders, scope }: MembersContext) {
    await scope.assertCovers(application.organizationId, Ability.MANAGE);
    return application.matchedMemberId ? loaders.membersById.load(application.matchedMemberId) : null;
  }

  @FieldResolver(() => MembershipApplication, {
    nullable: true,
    description: 'The earlier pending application of the same person this one repeats (reviewers)',
  })
  async repeatOf(@Root() application: MembershipApplication, @Ctx() { em, scope }: MembersContext) {
    await scope.assertCovers(application.organizationId, Ability.MANAGE);
    return application.repeatOfId ? em.findOne(MembershipApplication, { id: application.repeatOfId }) : null;
  }

  @Mutation(() => ApprovalResult, {
    description: 'Approves an application: the member is created in the same transaction',
  })
  async approveApplication(@Arg('id', () => UUID) id: string, @Ctx() { em, scope }: MembersContext) {
    return approveApplication(em, scope, id);
  }

  @Mutation(() => MembershipApplication)
  async rejectApplication(
    @Arg('id', () => UUID) id: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return rejectApplication(em, scope, id, reason);
  }
}
