import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';

/** A numerator over a denominator, the shape every line of the union's progress tables has. */
@ObjectType({ description: 'A count against its reference figure' })
export class Ratio {
  @Field(() => Int) numerator!: number;
  @Field(() => Int, { nullable: true, description: 'Null when no reference figure is known' }) denominator!:
    number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'numerator / denominator, 0..1 (may exceed 1 when the report is stale)',
  })
  ratio!: number | null;
}

@ObjectType({ description: 'Organizations in the registry against the statistical report' })
export class OrganizationCoverage {
  @Field(() => Ratio) primary!: Ratio;
  @Field(() => Ratio) territorial!: Ratio;
}

@ObjectType({ description: 'Report figures in effect: stated by the organization, or summed from its children' })
export class ReportFigures {
  @Field(() => GraphQLLocalDate) reportDate!: string;
  @Field(() => Int, {
    nullable: true,
    description: 'Null: unknown (the report does not give it, or one of the summed organizations did not)',
  })
  members!: number | null;
  @Field(() => Int, { nullable: true }) employees!: number | null;
  @Field(() => Int, { nullable: true }) students!: number | null;
  @Field(() => Int, { nullable: true }) primaryOrganizations!: number | null;
  @Field(() => Int, { nullable: true }) territorialOrganizations!: number | null;
}

/**
 * Coverage of one organization's subtree on a date. The report date, registry, members and report
 * fields read one set of figures, resolved for the whole batch of organizations in one SQL
 * statement; cards and completeness are families of their own, read only when asked for.
 */
@ObjectType({ description: "How much of an organization's real membership the registry holds" })
export class Coverage {
  /** Kept for the field resolvers; not in the schema. */
  organizationId!: string;

  @Field(() => GraphQLLocalDate) asOf!: string;

  /** The `reportDate` argument (null: the latest report on or before `asOf`); not in the schema. */
  requestedReportDate!: string | null;

  /**
   * Resolved by `CoverageResolver.reportDate` from the coverage figures, which find the latest
   * report inside their one statement, so that `coverage` itself needs no query of its own.
   */
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of the statistical report used as reference' })
  reportDate?: string | null;
}

@ObjectType({ description: 'Members with union cards and in the bonus program, against members on record (today)' })
export class CardCoverage {
  @Field(() => Ratio, { description: 'Members holding an issued, unexpired plastic card' }) plastic!: Ratio;
  @Field(() => Ratio, { description: 'Members holding an active virtual card' }) virtual!: Ratio;
  @Field(() => Ratio) bonusParticipants!: Ratio;
  @Field(() => Ratio, { description: 'Bonus participants who enrolled through the app' })
  bonusParticipantsViaApp!: Ratio;
}

@ObjectType({ description: 'Average share of mandatory fields filled, 0..1' })
export class DataCompleteness {
  @Field(() => Float, { nullable: true }) passports!: number | null;
  @Field(() => Float, { nullable: true }) memberRecords!: number | null;
}
