import { UUID } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { ExitKind, MemberCategory, MemberStatus, Sex } from '../entities/member-enums';

/** A person's data; formats, lengths, age and the SNILS checksum are checked by the services. */
@InputType({ description: "A person's data as a form states it" })
class PersonInput {
  @Field(() => String)
  lastName!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String, { nullable: true, description: 'Patronymic' })
  middleName?: string | null;

  @Field(() => GraphQLLocalDate)
  birthDate!: string;

  @Field(() => Sex, { nullable: true })
  sex?: Sex | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'SNILS: 11 digits, 123-456-789 01 also accepted' })
  snils?: string | null;

  @Field(() => MemberCategory)
  category!: MemberCategory;

  @Field(() => String, { nullable: true })
  position?: string | null;

  @Field(() => String, { description: 'Version of the personal-data consent the person accepted' })
  consentVersion!: string;

  @Field(() => Boolean, { nullable: true, description: 'Consent to share data with the bonus program' })
  bonusConsent?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Guardian who consented, for a person under 18' })
  guardianName?: string | null;
}

@InputType({ description: 'An application to join, filed by the person' })
export class MembershipApplicationInput extends PersonInput {
  @Field(() => UUID, { description: 'The primary organization to join' })
  organizationId!: string;
}

@InputType({ description: 'A member entered by an admin' })
export class AdmitMemberInput extends MembershipApplicationInput {
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Defaults to today' })
  joinedOn?: string | null;
}

@InputType({ description: 'Fields an admin may correct; omitted fields stay' })
export class MemberUpdateInput {
  @Field(() => String, { nullable: true }) lastName?: string | null;
  @Field(() => String, { nullable: true }) firstName?: string | null;
  @Field(() => String, { nullable: true }) middleName?: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true }) birthDate?: string | null;
  @Field(() => Sex, { nullable: true }) sex?: Sex | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) snils?: string | null;
  @Field(() => MemberCategory, { nullable: true }) category?: MemberCategory | null;
  @Field(() => String, { nullable: true }) position?: string | null;
}

@InputType({ description: 'When and why' })
export class MovementInput {
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Defaults to today; never in the future' })
  date?: string | null;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType()
export class ExitInput extends MovementInput {
  @Field(() => ExitKind)
  kind!: ExitKind;
}

@InputType()
export class MemberFilter {
  @Field(() => MemberStatus, { nullable: true, description: 'Defaults to ACTIVE' })
  status?: MemberStatus | null;

  @Field(() => MemberCategory, { nullable: true })
  category?: MemberCategory | null;

  @Field(() => String, { nullable: true, description: 'Part of the full name' })
  search?: string | null;
}

@ArgsType()
export class MembersArgs {
  @Field(() => MemberFilter, { nullable: true })
  filter?: MemberFilter | null;

  @Field(() => Int, { nullable: true, description: 'Page size, 1..500 (default 50)' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
