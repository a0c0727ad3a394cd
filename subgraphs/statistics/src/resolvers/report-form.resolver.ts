import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { StatisticsContext } from '../context';
import { formToCsv, formToXlsx } from '../services/form-export';
import { formUsage } from '../services/form-usage';
import type { ReportForm } from '../services/report-forms';
import { ReportFormService, requireForm, templateByCode } from '../services/report-forms';
import { percent } from '../services/ratio';
import { FormUsageRow, ReportFormExport, ReportFormStatus, ReportFormView } from './report-form.types';

@Resolver()
export class ReportFormResolver {
  @Mutation(() => ReportFormView, { description: 'Generates (or regenerates, while a draft) the organization’s form for a report date' })
  async generateReportForm(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('reportDate', () => GraphQLLocalDate) reportDate: string,
    @Arg('periodStart', () => GraphQLLocalDate, { nullable: true, description: 'Defaults to a year before the report date' }) periodStart: string | null | undefined,
    @Ctx() { em, loaders, viewer }: StatisticsContext,
  ): Promise<ReportFormView> {
    return view(em, await new ReportFormService(em, loaders, viewer).generate(organizationId, reportDate, periodStart));
  }

  @Mutation(() => ReportFormView, { description: 'DRAFT → SUBMITTED; the parent’s form then counts it' })
  async submitReportForm(@Arg('id', () => ID) id: string, @Ctx() { em, loaders, viewer }: StatisticsContext): Promise<ReportFormView> {
    return view(em, await new ReportFormService(em, loaders, viewer).submit(id));
  }

  @Query(() => ReportFormView)
  async reportForm(@Arg('id', () => ID) id: string, @Ctx() { em }: StatisticsContext): Promise<ReportFormView> {
    return view(em, await requireForm(em, id));
  }

  @Query(() => ReportFormExport, { description: 'The form as CSV and XLSX' })
  async exportReportForm(@Arg('id', () => ID) id: string, @Ctx() { em, loaders }: StatisticsContext): Promise<ReportFormExport> {
    const form = await requireForm(em, id);
    const template = await templateByCode(em, form.formCode, form.formVersion);
    const organization = await loaders.names.load(form.organizationId);
    const fileName = `${form.formCode}_${organization?.code ?? form.organizationId}_${form.reportDate}`;
    return { fileName, csv: formToCsv(form, template), xlsxBase64: await formToXlsx(form, template, organization?.name ?? '') };
  }

  @Query(() => [FormUsageRow], { description: 'How many organizations generated and submitted their forms for a date' })
  async reportFormUsage(@Arg('reportDate', () => GraphQLLocalDate) reportDate: string, @Ctx() { em }: StatisticsContext): Promise<FormUsageRow[]> {
    const rows = await formUsage(em, reportDate);
    return rows.map((row) => ({ ...row, submittedPercent: percent(row.organizations ? row.submitted / row.organizations : 0) ?? 0 }));
  }
}

async function view(em: StatisticsContext['em'], form: ReportForm): Promise<ReportFormView> {
  const template = await templateByCode(em, form.formCode, form.formVersion);
  return {
    id: form.id,
    organization: { id: form.organizationId },
    formCode: form.formCode,
    title: template.title,
    reportDate: form.reportDate,
    periodStart: form.periodStart,
    status: form.status === 'SUBMITTED' ? ReportFormStatus.SUBMITTED : ReportFormStatus.DRAFT,
    rows: template.rows.map((row) => ({ ...row, value: form.values[row.key] ?? null })),
    missingChildren: form.missingChildren.map((id) => ({ id })),
    submittedAt: form.submittedAt,
    submittedBy: form.submittedBy,
  };
}
