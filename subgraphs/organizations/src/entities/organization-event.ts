import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

export enum OrganizationEventKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  MOVED = 'MOVED',
  LIQUIDATED = 'LIQUIDATED',
  MERGED = 'MERGED',
  IMPORTED = 'IMPORTED',
}
registerEnumType(OrganizationEventKind, { name: 'OrganizationEventKind' });

/** One entry of an organization's history: what changed, when and by whom. */
@Entity({ tableName: 'organization_event' })
@ObjectType({ description: "An entry of an organization's history" })
export class OrganizationEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Field(() => OrganizationEventKind)
  @Enum({ items: () => OrganizationEventKind })
  kind: OrganizationEventKind;

  @Field(() => String, { nullable: true, description: 'Subject of the token that made the change' })
  @Property({ type: 'string', length: 200, nullable: true })
  actor: string | null;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  occurredAt: Date = new Date();

  @Field(() => GraphQLJSONObject, { description: 'What changed: previous and new values, reasons' })
  @Property({ type: 'json' })
  data: Record<string, unknown>;

  constructor(fields: {
    organizationId: string;
    kind: OrganizationEventKind;
    actor: string | null;
    data: Record<string, unknown>;
  }) {
    this.organizationId = fields.organizationId;
    this.kind = fields.kind;
    this.actor = fields.actor;
    this.data = fields.data;
  }
}
