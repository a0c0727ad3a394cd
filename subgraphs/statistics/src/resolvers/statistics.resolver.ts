import { Ability, DomainError, ErrorCode, isUuid } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { StatisticsContext } from '../context';
import { importBaselines } from '../services/baseline-import';
import { setBaseline } from '../services/baselines';
import { rank } from '../services/ranking';
import { ReportFigures } from './coverage.types';
import { RankingArgs, RankingRow } from './ranking.types';

@InputType({ description: "An organization's figures from the statistical report for a report date" })
export class ReportBaselineInput {
  @Field(() => ID) organizationId!: string;
  @Field(() => GraphQLLocalDate) reportDate!: string;
  @Field(() => Int) members!: number;
  @Field(() => Int) employees!: number;
  @Field(() => Int) students!: number;
  @Field(() => Int) primaryOrganizations!: number;
  @Field(() => Int) territorialOrganizations!: number;
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
    description: 'Loads report figures from CSV (organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations)',
  })
  async importReportBaselines(@Arg('csv', () => String) csv: string, @Ctx() { em, viewer }: StatisticsContext): Promise<BaselineImportReport> {
    return importBaselines(em, viewer, csv);
  }

  @Query(() => [RankingRow], { description: 'Children (or descendants of a level) of an organization ranked by a metric, as a progress table' })
  async ranking(@Args() args: RankingArgs, @Ctx() context: StatisticsContext): Promise<RankingRow[]> {
    await assertScope(context, args.parentId);
    return rank(context.em, context.loaders, args);
  }

  @Mutation(() => ReportFigures, { description: 'Enters or corrects the report figures of one organization for one date' })
  async setReportBaseline(@Arg('input', () => ReportBaselineInput) input: ReportBaselineInput, @Ctx() context: StatisticsContext): Promise<ReportFigures> {
    await setBaseline(context.em, context.viewer, input);
    return input;
  }
}

/** Central admins everywhere; analysts and org admins their subtree. */
async function assertScope({ scope }: StatisticsContext, organizationId: string, ability: Ability = Ability.READ_FIGURES): Promise<void> {
  if (!isUuid(organizationId)) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `organizationId: expected a UUID, got ${JSON.stringify(organizationId)}`, { field: 'organizationId' });
  }
  await scope.assertCovers(organizationId, ability);
}
