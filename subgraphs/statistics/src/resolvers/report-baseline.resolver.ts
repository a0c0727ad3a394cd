import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { StatisticsContext } from '../context';
import { importBaselines } from '../services/baseline-import';
import { setBaseline } from '../services/baselines';
import { ReportFigures } from './coverage-views';
import { ReportBaselineInput } from './report-baseline.input';
import { BaselineImportReport } from './report-baseline-views';

@Resolver()
export class ReportBaselineResolver {
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
