import { Connection } from '@registry/lib';
import { Field, ID, ObjectType } from 'type-graphql';

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
