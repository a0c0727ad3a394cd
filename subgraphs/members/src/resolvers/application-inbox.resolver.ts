import { UUID } from '@registry/lib';
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import type { MembersContext } from '../context';
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
import { ApplicationInboxFilter } from './membership-application.input';
import {
  ApplicationConsent,
  ApplicationCount,
  ApplicationDecision,
  MembershipApplicationConnection,
} from './membership-application-views';

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
    @Arg('organizationId', () => UUID, { nullable: true }) organizationId: string | null | undefined,
    @Ctx() { em, scope }: MembersContext,
  ): Promise<ApplicationCount[]> {
    const counts = await countPendingApplications(em, scope, organizationId);
    return counts.map((count) => ({ organization: { id: count.organizationId }, pending: count.pending }));
  }

  @Mutation(() => [ApplicationDecision], {
    description:
      'Approves each application on its own (one refusal undoes none of the others); one result per id, in order',
  })
  async approveApplications(@Arg('ids', () => [UUID]) ids: string[], @Ctx() { em, scope }: MembersContext) {
    return toDecisions(await approveApplications(em, scope, ids));
  }

  @Mutation(() => [ApplicationDecision], {
    description: 'Rejects each application on its own with the same reason; one result per id, in order',
  })
  async rejectApplications(
    @Arg('ids', () => [UUID]) ids: string[],
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
