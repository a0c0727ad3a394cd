import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Narrows the personal-data access log; all given conditions hold' })
export class PersonalDataAccessFilter {
  @Field(() => ID, { nullable: true })
  memberId?: string | null;

  @Field(() => ID, { nullable: true })
  applicationId?: string | null;

  @Field(() => String, { nullable: true })
  actorSubject?: string | null;

  @Field(() => Date, { nullable: true, description: 'From this moment on (inclusive)' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Before this moment (exclusive)' })
  to?: Date | null;
}
