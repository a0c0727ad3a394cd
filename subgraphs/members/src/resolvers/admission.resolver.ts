import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { Member } from '../entities/member';
import { MembershipApplication } from '../entities/membership-application';
import { AdmissionService } from '../services/admission.service';
import { MembershipApplicationInput } from './member.input';

@ObjectType({ description: 'An approved application and the member it created' })
export class ApprovalResult {
  @Field(() => MembershipApplication) application!: MembershipApplication;
  @Field(() => Member) member!: Member;
}

/** The online service "joining the union". */
@Resolver(() => MembershipApplication)
export class AdmissionResolver {
  @Mutation(() => MembershipApplication, { description: 'Files an application to join (no sign-in needed); keep its id to follow it' })
  async applyForMembership(@Arg('input', () => MembershipApplicationInput) input: MembershipApplicationInput, @Ctx() { em, viewer }: MembersContext) {
    return new AdmissionService(em, viewer).apply(input);
  }

  @Query(() => MembershipApplication, { nullable: true, description: "An application's status, by the id its applicant was given" })
  async membershipApplication(@Arg('id', () => ID) id: string, @Ctx() { em }: MembersContext) {
    return /^[0-9a-f-]{36}$/i.test(id) ? em.findOne(MembershipApplication, { id }) : null;
  }

  @Mutation(() => ApprovalResult, { description: "Approves an application: the member is created in the same transaction" })
  async approveApplication(@Arg('id', () => ID) id: string, @Ctx() { em, viewer }: MembersContext) {
    return new AdmissionService(em, viewer).approve(id);
  }

  @Mutation(() => MembershipApplication)
  async rejectApplication(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() { em, viewer }: MembersContext) {
    return new AdmissionService(em, viewer).reject(id, reason);
  }
}
