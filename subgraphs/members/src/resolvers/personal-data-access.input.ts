import { UUID } from '@registry/lib';
import { Field, InputType } from 'type-graphql';

@InputType({ description: 'Narrows the personal-data access log; all given conditions hold' })
export class PersonalDataAccessFilter {
  @Field(() => UUID, { nullable: true })
  memberId?: string | null;

  @Field(() => UUID, { nullable: true })
  applicationId?: string | null;

  @Field(() => String, { nullable: true })
  actorSubject?: string | null;

  @Field(() => Date, { nullable: true, description: 'From this moment on (inclusive)' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Before this moment (exclusive)' })
  to?: Date | null;
}
