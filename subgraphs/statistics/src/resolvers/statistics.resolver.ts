import { Ability, DomainError, ErrorCode, isUuid } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { StatisticsContext } from '../context';
import { importBaselines } from '../services/baseline-import';
import { setBaseline } from '../services/baselines';
import { rank } from '../services/ranking';
import { ReportFigures } from './coverage-views';
import { RankingArgs, RankingRow } from './ranking-views';

@InputType({ description: "An organization's figures from the statistical report for a report date" })
export class ReportBaselineInput {
  @Field(() => ID) organizationId!: string;
  @Field(() => GraphQLLocalDate) reportDate!: string;
  // Omitted or null: the report does not give the figure (unknown, never stored as 0).
  @Field(() => Int, { nullable: true, description: 'Omitted or null: unknown' }) members?: number | null;
  @Field(() => Int, { nullable: true }) employees?: number | null;
  @Field(() => Int, { nullable: true }) students?: number | null;
  @Field(() => Int, { nullable: true }) primaryOrganizations?: number | null;
  @Field(() => Int, { nullable: true }) territorialOrganizations?: number | null;
}

@ObjectType()
export class BaselineImportError {
  @Field(() => Int) line!: number;
  @Field(() => String, { nullable: true }) organizationCode!: string | null;
  @Field(() => String) field!: string;
  @Field(() => String) errorCode!: string;
  @Field(() => String) message!: string;
}

@ObjectType({ description: 'Outcome of a report import' })
export class BaselineImportReport {
  @Field(() => Int) rows!: number;
  @Field(() => Int) loaded!: number;
  @Field(() => [BaselineImportError]) errors!: BaselineImportError[];
}

@Resolver()
export class StatisticsResolver {
  @Mutation(() => BaselineImportReport, {
    description:
      'Loads report figures from CSV (organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations)',
  })
  async importReportBaselines(
    @Arg('csv', () => String) csv: string,
    @Ctx() { em, viewer }: StatisticsContext,
  ): Promise<BaselineImportReport> {
    return importBaselines(em, viewer, csv);
  }

  @Query(() => [RankingRow], {
    description: 'Children (or descendants of a level) of an organization ranked by a metric, as a progress table',
  })
  async ranking(@Args() args: RankingArgs, @Ctx() context: StatisticsContext): Promise<RankingRow[]> {
    await assertScope(context, args.parentId);
    const rows = await rank(context.em, context.loaders, args);
    return rows.map(({ organizationId, ...row }) => ({ ...row, organization: { id: organizationId } }));
  }

  @Mutation(() => ReportFigures, {
    description: 'Enters or corrects the report figures of one organization for one date',
  })
  async setReportBaseline(
    @Arg('input', () => ReportBaselineInput) input: ReportBaselineInput,
    @Ctx() context: StatisticsContext,
  ): Promise<ReportFigures> {
    // An omitted figure arrives as undefined: it is unknown, stored and answered as null.
    const figures = {
      organizationId: input.organizationId,
      reportDate: input.reportDate,
      members: input.members ?? null,
      employees: input.employees ?? null,
      students: input.students ?? null,
      primaryOrganizations: input.primaryOrganizations ?? null,
      territorialOrganizations: input.territorialOrganizations ?? null,
    };
    await setBaseline(context.em, context.viewer, figures);
    return figures;
  }
}

/** Central admins everywhere; analysts and org admins their subtree. */
async function assertScope(
  { scope }: StatisticsContext,
  organizationId: string,
  ability: Ability = Ability.READ_FIGURES,
): Promise<void> {
  if (!isUuid(organizationId)) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `organizationId: expected a UUID, got ${JSON.stringify(organizationId)}`,
      { field: 'organizationId' },
    );
  }
  await scope.assertCovers(organizationId, ability);
}
