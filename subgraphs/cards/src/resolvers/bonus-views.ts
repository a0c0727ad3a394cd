import { Field, ID, Int, ObjectType } from 'type-graphql';
import { BonusChannel } from '../entities/card-enums';

@ObjectType({ description: "The member's participation in the bonus program" })
export class BonusParticipation {
  @Field(() => BonusChannel) channel!: BonusChannel;
  @Field(() => Date) enrolledAt!: Date;
  @Field(() => Boolean, { description: 'False once the consent was withdrawn or the membership ended' })
  active!: boolean;
}

@ObjectType({ description: 'What a bulk enrollment did: counts and the ids of each group' })
export class BulkEnrollment {
  @Field(() => Int) enrolled!: number;
  @Field(() => Int, { description: 'Already taking part: left as they were' }) alreadyEnrolled!: number;
  @Field(() => Int, { description: 'Active members without the consent to share data with the program: not enrolled' })
  withoutConsent!: number;
  @Field(() => Int, { description: 'Named members who are no longer members: not enrolled' }) notActive!: number;
  @Field(() => [ID]) enrolledIds!: string[];
  @Field(() => [ID]) alreadyEnrolledIds!: string[];
  @Field(() => [ID]) withoutConsentIds!: string[];
  @Field(() => [ID]) notActiveIds!: string[];
}
