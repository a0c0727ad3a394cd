import { Connection } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { YOUTH_AGE } from '../contract';
import { Member } from '../entities/member';

@ObjectType({ description: 'Consents recorded for the member' })
export class MemberConsent {
  @Field(() => String) version!: string;
  @Field(() => GraphQLLocalDate) givenOn!: string;
  @Field(() => Boolean, { description: 'Consent to share data with the bonus program' }) bonusProgram!: boolean;
  @Field(() => GraphQLLocalDate, { nullable: true }) bonusProgramChangedOn!: string | null;
  @Field(() => String, { nullable: true }) guardianName!: string | null;
}

@ObjectType({ description: 'Which fields of the registration card are filled' })
export class MemberCompleteness {
  @Field(() => [String]) filled!: string[];
  @Field(() => [String]) missing!: string[];
  @Field(() => Float, { description: '0..1' }) ratio!: number;
}

@ObjectType({ description: "Active members of an organization's whole subtree" })
export class MemberCounts {
  @Field(() => Int) active!: number;
  @Field(() => Int, { description: `Under ${YOUTH_AGE}` }) youth!: number;
  @Field(() => Int) students!: number;
  @Field(() => Int) employees!: number;
  @Field(() => Int, { description: 'Non-working pensioners' }) pensioners!: number;
  @Field(() => Int) temporarilyNotWorking!: number;
}

@ObjectType()
export class MemberConnection extends Connection(Member) {}

@ObjectType({ description: 'Two records that may be one person' })
export class PossibleDuplicate {
  @Field(() => Member) first!: Member;
  @Field(() => Member) second!: Member;
  @Field(() => String, { description: 'SNILS or NAME_AND_BIRTH_DATE' }) reason!: string;
}
