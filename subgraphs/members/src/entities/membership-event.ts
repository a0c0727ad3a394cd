import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { MembershipEventKind } from './member-enums';

/** One step of a membership: admission, transfer, exit, reinstatement… with date, reason and actor. */
@Entity({ tableName: 'membership_event' })
@ObjectType({ description: 'A step of a membership history' })
export class MembershipEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  memberId!: string;

  @Field(() => MembershipEventKind)
  @Enum({ items: () => MembershipEventKind })
  kind!: MembershipEventKind;

  @Field(() => GraphQLLocalDate)
  @Property({ type: 'date' })
  occurredOn!: string;

  @Property({ type: 'uuid', nullable: true })
  organizationId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  fromOrganizationId: string | null = null;

  @Field(() => ID, {
    nullable: true,
    description: 'For a merge: the other record (the one kept, on the duplicate; the duplicate, on the one kept)',
  })
  @Property({ type: 'uuid', nullable: true })
  relatedMemberId: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 1000, nullable: true })
  reason: string | null = null;

  @Field(() => String, { nullable: true, description: 'Who recorded it (token subject)' })
  @Property({ type: 'string', length: 200, nullable: true })
  actor: string | null = null;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Date = new Date();
}
