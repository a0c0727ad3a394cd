import { UUID } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { OrganizationLevel, OrganizationStatus, PrimaryType } from '../entities/organization-enums';

/** Passport fields a client may set; lengths, formats and checksums are checked by the service. */
@InputType({ description: 'Passport fields of an organization; omitted fields stay as they are' })
export class OrganizationPassportInput {
  @Field(() => String, { nullable: true, description: 'Unique registry code: letters, digits, . / -' })
  code?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  shortName?: string | null;

  @Field(() => PrimaryType, { nullable: true })
  primaryType?: PrimaryType | null;

  @Field(() => String, {
    nullable: true,
    description: 'Two-digit federal subject code; inherited from the parent when omitted',
  })
  subjectCode?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true, description: '10 digits, checksum validated' })
  inn?: string | null;

  @Field(() => String, { nullable: true, description: '13 digits, checksum validated' })
  ogrn?: string | null;

  @Field(() => String, { nullable: true })
  chairName?: string | null;

  @Field(() => String, { nullable: true, description: 'Russian number; stored as +7XXXXXXXXXX' })
  chairPhone?: string | null;

  @Field(() => String, { nullable: true })
  chairEmail?: string | null;
}

@InputType()
export class CreateOrganizationInput extends OrganizationPassportInput {
  @Field(() => UUID)
  parentId!: string;

  @Field(() => String)
  override code!: string;

  @Field(() => String)
  override name!: string;

  @Field(() => OrganizationLevel)
  level!: OrganizationLevel;
}

@InputType({ description: 'Why and when an organization ceases' })
export class ClosureInput {
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Defaults to today; never in the future' })
  date?: string | null;

  @Field(() => String)
  reason!: string;
}

@InputType()
export class OrganizationFilter {
  @Field(() => OrganizationLevel, { nullable: true })
  level?: OrganizationLevel | null;

  @Field(() => OrganizationStatus, { nullable: true })
  status?: OrganizationStatus | null;

  @Field(() => UUID, { nullable: true, description: 'Direct children of this organization' })
  parentId?: string | null;

  @Field(() => UUID, { nullable: true, description: "Anywhere in this organization's subtree" })
  ancestorId?: string | null;

  @Field(() => String, { nullable: true })
  subjectCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the name, or an exact registry code or INN' })
  search?: string | null;
}

@ArgsType()
export class OrganizationsArgs {
  @Field(() => OrganizationFilter, { nullable: true })
  filter?: OrganizationFilter | null;

  @Field(() => Int, { nullable: true, description: 'Page size, 1..500 (default 50)' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
export class ChildrenArgs {
  @Field(() => OrganizationLevel, { nullable: true })
  level?: OrganizationLevel | null;

  @Field(() => OrganizationStatus, { nullable: true, description: 'Defaults to ACTIVE; pass null for all' })
  status?: OrganizationStatus | null;
}
