import { Connection } from '@registry/lib';
import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import type { MembersContext } from '../context';
import { ApplicationStatus } from '../entities/member-enums';
import { MembershipApplication } from '../entities/membership-application';
import { Organization } from '../entities/organization';
import { AuditApplicantDataRead } from '../entities/personal-data';
import type { DecisionOutcome } from '../services/application-inbox';
import {
  approveApplications,
  countPendingApplications,
  readApplicationInbox,
  rejectApplications,
} from '../services/application-inbox';

@ObjectType()
export class MembershipApplicationConnection extends Connection(MembershipApplication) {}

@InputType({ description: "Narrows the chair's inbox; all given conditions hold" })
export class ApplicationInboxFilter {
  @Field(() => ID, { nullable: true, description: "This organization's subtree (default: the viewer's whole reach)" })
  organizationId?: string | null;

  @Field(() => ApplicationStatus, { nullable: true, description: 'Default PENDING' })
  status?: ApplicationStatus | null;

  @Field(() => String, { nullable: true, description: "Part of the applicant's name, e-mail, phone or SNILS" })
  search?: string | null;

  @Field(() => Date, { nullable: true, description: 'Filed at or after this moment' })
  submittedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Filed before this moment' })
  submittedTo?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only applications matching a member on record or an earlier application; false: only the others',
  })
  matchesExisting?: boolean | null;
}

@ObjectType({ description: 'Consent the applicant gave with the application' })
export class ApplicationConsent {
  @Field(() => String, { description: 'Version of the personal-data consent text' }) version!: string;
  @Field(() => Boolean, { description: 'Consent to share data with the bonus program' }) bonusProgram!: boolean;
  @Field(() => String, { nullable: true, description: 'Guardian who consented, for an applicant under 18' })
  guardianName!: string | null;
}

@ObjectType({ description: 'Pending applications of one organization' })
export class ApplicationCount {
  @Field(() => Organization) organization!: Organization;
  @Field(() => Int) pending!: number;
}

@ObjectType({ description: 'Why one application of a batch was not decided' })
export class DecisionError {
  @Field(() => String, {
    description: 'The error code the single decision would give (DUPLICATE_PERSON, INVALID_STATE, NOT_FOUND, …)',
  })
  code!: string;
  @Field(() => String) message!: string;
  @Field(() => ID, { nullable: true, description: 'For DUPLICATE_PERSON: the member on record' }) memberId!:
    string | null;
}

@ObjectType({ description: 'The outcome for one id of a batch decision: decided, or the error for that id' })
export class ApplicationDecision {
  @Field(() => ID) id!: string;
  @Field(() => Boolean) ok!: boolean;
  @Field(() => MembershipApplication, { nullable: true }) application!: MembershipApplication | null;
  @Field(() => ID, { nullable: true, description: 'The member an approval created' }) memberId!: string | null;
  @Field(() => DecisionError, { nullable: true }) error!: DecisionError | null;
}

const toDecisions = (outcomes: DecisionOutcome[]): ApplicationDecision[] =>
  outcomes.map((outcome) => ({
    ...outcome,
    ok: outcome.error === null,
    error: outcome.error && {
      code: outcome.error.code,
      message: outcome.error.message,
      memberId: stringOr(outcome.error.details['memberId']),
    },
  }));

const stringOr = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The chair's inbox: what waits for a decision in the viewer's subtree, read and decided in batches. */
@Resolver(() => MembershipApplication)
export class ApplicationInboxResolver {
  @Query(() => MembershipApplicationConnection, {
    description: "Applications of the organizations the viewer decides for, oldest first (chairs' inbox)",
  })
  async applicationInbox(
    @Arg('filter', () => ApplicationInboxFilter, { nullable: true }) filter: ApplicationInboxFilter | null | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return readApplicationInbox(em, scope, filter ?? {}, first, after);
  }

  @Query(() => [ApplicationCount], {
    description:
      "Pending applications per organization of the subtree (default: the viewer's reach); organizations with none left out",
  })
  async applicationCounts(
    @Arg('organizationId', () => ID, { nullable: true }) organizationId: string | null | undefined,
    @Ctx() { em, scope }: MembersContext,
  ): Promise<ApplicationCount[]> {
    const counts = await countPendingApplications(em, scope, organizationId);
    return counts.map((count) => ({ organization: { id: count.organizationId }, pending: count.pending }));
  }

  @Mutation(() => [ApplicationDecision], {
    description:
      'Approves each application on its own (one refusal undoes none of the others); one result per id, in order',
  })
  async approveApplications(@Arg('ids', () => [ID]) ids: string[], @Ctx() { em, scope }: MembersContext) {
    return toDecisions(await approveApplications(em, scope, ids));
  }

  @Mutation(() => [ApplicationDecision], {
    description: 'Rejects each application on its own with the same reason; one result per id, in order',
  })
  async rejectApplications(
    @Arg('ids', () => [ID]) ids: string[],
    @Arg('reason', () => String) reason: string,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return toDecisions(await rejectApplications(em, scope, ids, reason));
  }

  @FieldResolver(() => Organization, { description: 'The primary organization applied to' })
  organization(@Root() application: MembershipApplication): Organization {
    return { id: application.organizationId };
  }

  @FieldResolver(() => String)
  @UseMiddleware(AuditApplicantDataRead)
  fullName(@Root() application: MembershipApplication): string {
    return [application.lastName, application.firstName, application.middleName].filter(Boolean).join(' ');
  }

  @FieldResolver(() => ApplicationConsent)
  @UseMiddleware(AuditApplicantDataRead)
  consent(@Root() application: MembershipApplication): ApplicationConsent {
    return {
      version: application.consentVersion,
      bonusProgram: application.bonusConsent,
      guardianName: application.guardianName,
    };
  }
}
