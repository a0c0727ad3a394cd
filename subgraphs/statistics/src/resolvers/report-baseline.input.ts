import { UUID } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: "An organization's figures from the statistical report for a report date" })
export class ReportBaselineInput {
  @Field(() => UUID) organizationId!: string;
  @Field(() => GraphQLLocalDate) reportDate!: string;
  // Omitted or null: the report does not give the figure (unknown, never stored as 0).
  @Field(() => Int, { nullable: true, description: 'Omitted or null: unknown' }) members?: number | null;
  @Field(() => Int, { nullable: true }) employees?: number | null;
  @Field(() => Int, { nullable: true }) students?: number | null;
  @Field(() => Int, { nullable: true }) primaryOrganizations?: number | null;
  @Field(() => Int, { nullable: true }) territorialOrganizations?: number | null;
}
