import { Entity, Enum, Property } from '@mikro-orm/core';
import { BaseEntity } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ObjectType } from 'type-graphql';
import { MemberCategory, MemberStatus, Sex } from './member-enums';
import { PersonalData } from './personal-data';

/**
 * A member's electronic registration card. Personal data: every field but the id and status is
 * guarded by graphql-shield, and every read of a `@PersonalData` field, whoever reads it, is
 * written to the access log (`personal_data_read`) before its value is returned.
 */
@Entity({ tableName: 'member' })
@ObjectType({ description: "A member's electronic registration card" })
@Directive('@key(fields: "id")')
export class Member extends BaseEntity {
  @PersonalData(() => String, { description: 'Registration number, unique for life' })
  @Property({ type: 'string', length: 20, unique: true })
  registrationNumber!: string;

  @PersonalData(() => String)
  @Property({ type: 'string', length: 100 })
  lastName!: string;

  @PersonalData(() => String)
  @Property({ type: 'string', length: 100 })
  firstName!: string;

  @PersonalData(() => String, { nullable: true, description: 'Patronymic' })
  @Property({ type: 'string', length: 100, nullable: true })
  middleName: string | null = null;

  @PersonalData(() => GraphQLLocalDate)
  @Property({ type: 'date' })
  birthDate!: string;

  @PersonalData(() => Sex, { nullable: true })
  @Enum({ items: () => Sex, nullable: true })
  sex: Sex | null = null;

  @PersonalData(() => String, { nullable: true })
  @Property({ type: 'string', length: 20, nullable: true })
  phone: string | null = null;

  @PersonalData(() => String, { nullable: true })
  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  @PersonalData(() => String, { nullable: true, description: 'SNILS, 11 digits, checksum validated' })
  @Property({ type: 'string', length: 11, nullable: true, columnType: 'char(11)' })
  snils: string | null = null;

  @PersonalData(() => MemberCategory)
  @Enum({ items: () => MemberCategory })
  category!: MemberCategory;

  @PersonalData(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  position: string | null = null;

  /** The primary organization (owned by the organizations subgraph). */
  @Property({ type: 'uuid' })
  organizationId!: string;

  @PersonalData(() => GraphQLLocalDate)
  @Property({ type: 'date' })
  joinedOn!: string;

  @Field(() => MemberStatus)
  @Enum({ items: () => MemberStatus })
  status: MemberStatus = MemberStatus.ACTIVE;

  @PersonalData(() => GraphQLLocalDate, { nullable: true, description: 'Date of the last exit or reinstatement' })
  @Property({ type: 'date', nullable: true })
  statusChangedOn: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  mergedIntoId: string | null = null;

  @Property({ type: 'string', length: 20 })
  consentVersion!: string;

  @Property({ type: 'date' })
  consentGivenOn!: string;

  @Property({ type: 'boolean' })
  bonusConsent = false;

  @Property({ type: 'date', nullable: true })
  bonusConsentOn: string | null = null;

  @Property({ type: 'string', length: 300, nullable: true })
  guardianName: string | null = null;

  @Property({ type: 'date', nullable: true })
  guardianConsentOn: string | null = null;
}
