import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Organization } from '../entities/organization';

export enum ReportFormStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
}
registerEnumType(ReportFormStatus, { name: 'ReportFormStatus' });

@ObjectType({ description: 'A line of a report form' })
export class ReportFormRow {
  @Field(() => String) key!: string;
  @Field(() => String) label!: string;
  @Field(() => String, { description: 'How the value is computed from the registry' }) formula!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
}

@ObjectType({ description: 'A statistical report form (1-СП … 5-СП) generated from the registry' })
export class ReportFormView {
  @Field(() => ID) id!: string;
  @Field(() => Organization) organization!: Organization;
  @Field(() => String, { description: 'e.g. 5-СП' }) formCode!: string;
  @Field(() => String) title!: string;
  @Field(() => GraphQLLocalDate) reportDate!: string;
  @Field(() => GraphQLLocalDate) periodStart!: string;
  @Field(() => ReportFormStatus) status!: ReportFormStatus;
  @Field(() => [ReportFormRow]) rows!: ReportFormRow[];
  @Field(() => [Organization], { description: 'Children whose forms are not submitted yet (parents’ forms)' })
  missingChildren!: Organization[];
  @Field(() => Date, { nullable: true }) submittedAt!: Date | null;
  @Field(() => String, { nullable: true }) submittedBy!: string | null;
}

@ObjectType({ description: 'A form exported for download' })
export class ReportFormExport {
  @Field(() => String) fileName!: string;
  @Field(() => String) csv!: string;
  @Field(() => String, { description: 'The XLSX workbook, base64-encoded' }) xlsxBase64!: string;
}

@ObjectType({ description: 'Organizations of a level that generated and submitted forms for a date' })
export class FormUsageRow {
  @Field(() => String) level!: string;
  @Field(() => Int) organizations!: number;
  @Field(() => Int) generated!: number;
  @Field(() => Int) submitted!: number;
  @Field(() => Float, { description: 'Generated share in percent, two decimals rounded half up' })
  generatedPercent!: number;
  @Field(() => Float, { description: 'Submitted share in percent, two decimals rounded half up' })
  submittedPercent!: number;
}

@ObjectType({
  description:
    "A child organization's subtree (a region, a territorial…): its organizations of a level in the registry on the report date, and their forms",
})
export class RegionFormUsageRow {
  @Field(() => Int, { description: '1 for the highest generated share (exact share, ties by name)' }) place!: number;
  @Field(() => Organization) organization!: Organization;
  @Field(() => String) name!: string;
  @Field(() => String) code!: string;
  @Field(() => String, { description: 'The level counted' }) level!: string;
  @Field(() => Int, { description: 'Organizations of the level in the registry on the report date' })
  organizations!: number;
  @Field(() => Int) generated!: number;
  @Field(() => Int) submitted!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Generated share in percent, two decimals rounded half up; null with no organizations',
  })
  generatedPercent!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Submitted share in percent, two decimals rounded half up; null with no organizations',
  })
  submittedPercent!: number | null;
}
