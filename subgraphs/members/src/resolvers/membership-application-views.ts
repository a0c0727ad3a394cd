import { Connection } from '@registry/lib';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Member } from '../entities/member';
import { MembershipApplication } from '../entities/membership-application';
import { Organization } from '../entities/organization';

@ObjectType()
export class MembershipApplicationConnection extends Connection(MembershipApplication) {}

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

@ObjectType({ description: 'An approved application and the member it created' })
export class ApprovalResult {
  @Field(() => MembershipApplication) application!: MembershipApplication;
  @Field(() => Member) member!: Member;
}
