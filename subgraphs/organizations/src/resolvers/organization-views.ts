import { Connection } from '@registry/lib';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Organization } from '../entities/organization';

@ObjectType({ description: 'Which mandatory passport fields are filled' })
export class Passport {
  @Field(() => [String])
  filled!: string[];

  @Field(() => [String])
  missing!: string[];

  @Field(() => Float, { description: 'Filled share of the mandatory fields, 0..1' })
  completeness!: number;
}

@ObjectType({ description: 'Active organizations below this one, per level' })
export class DescendantCounts {
  @Field(() => Int)
  regional!: number;

  @Field(() => Int)
  territorial!: number;

  @Field(() => Int)
  primary!: number;

  @Field(() => Int)
  total!: number;
}

@ObjectType()
export class OrganizationConnection extends Connection(Organization) {}

@ObjectType({ description: 'Outcome of a bulk import' })
export class ImportRowError {
  @Field(() => Int, { description: 'Line number in the file, header = 1' })
  line!: number;

  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field(() => String)
  field!: string;

  @Field(() => String)
  errorCode!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export class OrganizationImportReport {
  @Field(() => Int)
  rows!: number;

  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => [ImportRowError])
  errors!: ImportRowError[];

  @Field(() => String, { description: 'The per-row error report as CSV (line,code,field,errorCode,message)' })
  errorReportCsv!: string;
}
