import { Connection } from '@registry/lib';
import { Arg, Ctx, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { readPersonalDataLog } from '../services/audit';

/** One row of the log: who read which fields of whose record, when, through what. */
@ObjectType({
  description:
    "A read of a member's (or an applicant's) personal data: who, whose record, which fields, when, through what",
})
export class PersonalDataAccess {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "The reader's token subject" })
  actorSubject!: string;

  @Field(() => [String], { description: "The reader's roles at the time" })
  actorRoles!: string[];

  // The id only: a `Member` here would itself be a read of personal data.
  @Field(() => ID, { nullable: true, description: 'Whose record was read (null for a read of an application)' })
  memberId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "Whose application was read: an applicant's details in the chair's inbox",
  })
  applicationId!: string | null;

  @Field(() => [String], { description: 'The fields of the record that were read' })
  fields!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'The operation name the subgraph received (the gateway names its subgraph operations)',
  })
  operationName!: string | null;

  @Field(() => String, {
    description: 'Where the record sat in the response the subgraph gave (`_entities` for reads through the gateway)',
  })
  path!: string;

  @Field(() => Date)
  readAt!: Date;
}

@ObjectType()
export class PersonalDataAccessConnection extends Connection(PersonalDataAccess) {}

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

@Resolver(() => PersonalDataAccess)
export class PersonalDataAccessResolver {
  @Query(() => PersonalDataAccessConnection, {
    description: 'Who read whose personal data, newest first (central admins)',
  })
  async personalDataAccessLog(
    @Arg('filter', () => PersonalDataAccessFilter, { nullable: true })
    filter: PersonalDataAccessFilter | null | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return readPersonalDataLog(em, scope, filter ?? {}, first, after);
  }
}
