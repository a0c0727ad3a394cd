import { today } from '@registry/lib';
import { Ctx, FieldResolver, Int, Resolver, Root, UseMiddleware } from 'type-graphql';
import type { MembersContext } from '../context';
import { Member } from '../entities/member';
import { AuditPersonalDataRead } from '../entities/personal-data';
import { MembershipEvent } from '../entities/membership-event';
import { Organization } from '../entities/organization';
import { memberCompleteness } from '../services/member-read';
import { ageOn } from '../services/person-fields';
import { MemberCompleteness, MemberConsent } from './member-views';

@Resolver(() => Member)
export class MemberFieldsResolver {
  @FieldResolver(() => Organization, {
    description: 'The primary organization; its chain comes from the organizations subgraph',
  })
  organization(@Root() member: Member): Organization {
    return { id: member.organizationId };
  }

  @FieldResolver(() => String)
  @UseMiddleware(AuditPersonalDataRead)
  fullName(@Root() member: Member): string {
    return [member.lastName, member.firstName, member.middleName].filter(Boolean).join(' ');
  }

  @FieldResolver(() => Int)
  @UseMiddleware(AuditPersonalDataRead)
  age(@Root() member: Member): number {
    return ageOn(member.birthDate, today());
  }

  @FieldResolver(() => MemberConsent)
  @UseMiddleware(AuditPersonalDataRead)
  consent(@Root() member: Member): MemberConsent {
    return {
      version: member.consentVersion,
      givenOn: member.consentGivenOn,
      bonusProgram: member.bonusConsent,
      bonusProgramChangedOn: member.bonusConsentOn,
      guardianName: member.guardianName,
    };
  }

  @FieldResolver(() => MemberCompleteness)
  completeness(@Root() member: Member): MemberCompleteness {
    return memberCompleteness(member);
  }

  @FieldResolver(() => [MembershipEvent], { description: 'Admission, transfers, exits, reinstatements; oldest first' })
  @UseMiddleware(AuditPersonalDataRead)
  async history(@Root() member: Member, @Ctx() { loaders }: MembersContext) {
    return loaders.eventsByMemberId.load(member.id);
  }
}

@Resolver(() => MembershipEvent)
export class MembershipEventResolver {
  @FieldResolver(() => Organization, { nullable: true, description: 'The organization after the step' })
  organization(@Root() event: MembershipEvent): Organization | null {
    return event.organizationId ? { id: event.organizationId } : null;
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'For a transfer: where the member came from' })
  fromOrganization(@Root() event: MembershipEvent): Organization | null {
    return event.fromOrganizationId ? { id: event.fromOrganizationId } : null;
  }
}
