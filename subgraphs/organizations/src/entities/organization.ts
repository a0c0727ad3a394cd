import { Embedded, Entity, Enum, Property } from '@mikro-orm/core';
import { BaseEntity } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ObjectType } from 'type-graphql';
import { Chair } from './chair';
import { OrganizationLevel, OrganizationStatus, PrimaryType } from './organization-enums';

/**
 * An organization of the union, with its passport fields. The tree lives in `parentId` plus the
 * closure table (see the migration); relations are resolved through loaders, not ORM relations,
 * so that every level of a nested query is one batched statement.
 */
@Entity({ tableName: 'organization' })
@ObjectType({
  description: 'An organization of the union: the central council, a regional, territorial or primary one',
})
@Directive('@key(fields: "id")')
export class Organization extends BaseEntity {
  @Field(() => String, { description: 'Unique registry code' })
  @Property({ type: 'string', length: 32, unique: true })
  code: string;

  @Field(() => String)
  @Property({ type: 'string', length: 500 })
  name: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  shortName: string | null = null;

  @Field(() => OrganizationLevel)
  @Enum({ items: () => OrganizationLevel })
  level: OrganizationLevel;

  @Field(() => PrimaryType, { nullable: true, description: 'Set for primary organizations only' })
  @Enum({ items: () => PrimaryType, nullable: true })
  primaryType: PrimaryType | null = null;

  /** Null only for the central council. */
  @Property({ type: 'uuid', nullable: true })
  parentId: string | null;

  @Field(() => String, { nullable: true, description: 'Two-digit code of the federal subject' })
  @Property({ type: 'string', length: 2, nullable: true, columnType: 'char(2)' })
  subjectCode: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 1000, nullable: true })
  address: string | null = null;

  @Field(() => String, { nullable: true, description: "The institution's INN (10 digits, checksum validated)" })
  @Property({ type: 'string', length: 12, nullable: true })
  inn: string | null = null;

  @Field(() => String, { nullable: true, description: "The institution's OGRN (13 digits, checksum validated)" })
  @Property({ type: 'string', length: 15, nullable: true })
  ogrn: string | null = null;

  /** In the schema through `OrganizationTreeResolver.chair`, which checks the caller's scope. */
  @Embedded({ entity: () => Chair, prefix: 'chair_' })
  chair: Chair = new Chair();

  @Field(() => OrganizationStatus)
  @Enum({ items: () => OrganizationStatus })
  status: OrganizationStatus = OrganizationStatus.ACTIVE;

  /** Set when merged: the organization that took this one over. */
  @Property({ type: 'uuid', nullable: true })
  mergedIntoId: string | null = null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of liquidation or merger' })
  @Property({ type: 'date', nullable: true })
  closedOn: string | null = null;

  constructor(fields: { code: string; name: string; level: OrganizationLevel; parentId: string | null }) {
    super();
    this.code = fields.code;
    this.name = fields.name;
    this.level = fields.level;
    this.parentId = fields.parentId;
  }
}
