import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { ApplicationStatus, MemberCategory, Sex } from './member-enums';
import { ApplicantData } from './personal-data';

/**
 * An application to join, filed online by the person, decided by the primary organization. The
 * applicant's details are personal data: shown to the chairs who may decide (MANAGE over the
 * organization, graphql-shield), and every read is written to `personal_data_read` under the
 * application, as a member's are under the member.
 */
@Entity({ tableName: 'membership_application' })
@ObjectType({ description: 'An application to join the union' })
export class MembershipApplication {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field(() => ApplicationStatus)
  @Enum({ items: () => ApplicationStatus })
  status: ApplicationStatus = ApplicationStatus.PENDING;

  @Property({ type: 'uuid' })
  organizationId!: string;

  @ApplicantData(() => String)
  @Property({ type: 'string', length: 100 })
  lastName!: string;

  @ApplicantData(() => String)
  @Property({ type: 'string', length: 100 })
  firstName!: string;

  @ApplicantData(() => String, { nullable: true, description: 'Patronymic' })
  @Property({ type: 'string', length: 100, nullable: true })
  middleName: string | null = null;

  @ApplicantData(() => GraphQLLocalDate)
  @Property({ type: 'date' })
  birthDate!: string;

  @ApplicantData(() => Sex, { nullable: true })
  @Enum({ items: () => Sex, nullable: true })
  sex: Sex | null = null;

  @ApplicantData(() => String, { nullable: true })
  @Property({ type: 'string', length: 20, nullable: true })
  phone: string | null = null;

  @ApplicantData(() => String, { nullable: true })
  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  @ApplicantData(() => String, { nullable: true })
  @Property({ type: 'string', length: 11, nullable: true, columnType: 'char(11)' })
  snils: string | null = null;

  @ApplicantData(() => MemberCategory)
  @Enum({ items: () => MemberCategory })
  category!: MemberCategory;

  @ApplicantData(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  position: string | null = null;

  @Property({ type: 'string', length: 20 })
  consentVersion!: string;

  @Property({ type: 'boolean' })
  bonusConsent = false;

  @Property({ type: 'string', length: 300, nullable: true })
  guardianName: string | null = null;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  submittedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  decidedBy: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 1000, nullable: true })
  rejectionReason: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  memberId: string | null = null;

  /**
   * An active member record of the same person found when the application was filed. Kept for
   * the reviewer, never told to the applicant: the public answer must not reveal membership.
   */
  @Property({ type: 'uuid', nullable: true })
  matchedMemberId: string | null = null;

  /** The earlier pending application of the same person this one repeats (for the reviewer too). */
  @Property({ type: 'uuid', nullable: true })
  repeatOfId: string | null = null;
}
