import { Ability, DomainError, ErrorCode, isUuid } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { StatisticsContext } from '../context';
import { formToCsv, formToXlsx } from '../services/form-export';
import { formUsage } from '../services/form-usage';
import type { ReportForm } from '../services/report-forms';
import { ReportFormService, requireReadableForm, templateByCode } from '../services/report-forms';
import { percent } from '../services/ratio';
import { FormUsageRow, ReportFormExport, ReportFormStatus, ReportFormView } from './report-form.types';

@Resolver()
export class ReportFormResolver {
  @Mutation(() => ReportFormView, { description: 'Generates (or regenerates, while a draft) the organization’s form for a report date' })
  async generateReportForm(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('reportDate', () => GraphQLLocalDate) reportDate: string,
    @Arg('periodStart', () => GraphQLLocalDate, { nullable: true, description: 'Defaults to a year before the report date' }) periodStart: string | null | undefined,
    @Ctx() { em, loaders, scope }: StatisticsContext,
  ): Promise<ReportFormView> {
    return view(em, await new ReportFormService(em, loaders, scope).generate(organizationId, reportDate, periodStart));
  }

  @Mutation(() => ReportFormView, { description: 'DRAFT → SUBMITTED; the parent’s form then counts it' })
  async submitReportForm(@Arg('id', () => ID) id: string, @Ctx() { em, loaders, scope }: StatisticsContext): Promise<ReportFormView> {
    return view(em, await new ReportFormService(em, loaders, scope).submit(id));
  }

  @Query(() => ReportFormView)
  async reportForm(@Arg('id', () => ID) id: string, @Ctx() { em, scope }: StatisticsContext): Promise<ReportFormView> {
    return view(em, await requireReadableForm(em, scope, id));
  }

  @Query(() => ReportFormExport, { description: 'The form as CSV and XLSX' })
  async exportReportForm(@Arg('id', () => ID) id: string, @Ctx() { em, loaders, scope }: StatisticsContext): Promise<ReportFormExport> {
    const form = await requireReadableForm(em, scope, id);
    const template = await templateByCode(em, form.formCode, form.formVersion);
    const organization = await loaders.names.load(form.organizationId);
    const fileName = `${form.formCode}_${organization?.code ?? form.organizationId}_${form.reportDate}`;
    return { fileName, csv: formToCsv(form, template), xlsxBase64: await formToXlsx(form, template, organization?.name ?? '') };
  }

  @Query(() => [FormUsageRow], { description: 'How many organizations of a subtree generated and submitted their forms for a date' })
  async reportFormUsage(
    @Arg('reportDate', () => GraphQLLocalDate) reportDate: string,
    @Arg('organizationId', () => ID, { nullable: true, description: 'Whose subtree; defaults to your scope (the whole union for central admins)' })
    organizationId: string | null | undefined,
    @Ctx() { em, scope }: StatisticsContext,
  ): Promise<FormUsageRow[]> {
    const rows = await formUsage(em, reportDate, await usageSubtree(scope, organizationId ?? null));
    return rows.map((row) => ({ ...row, submittedPercent: percent(row.organizations ? row.submitted / row.organizations : 0) ?? 0 }));
  }
}

/** The subtree a usage count covers: the one asked for, when in scope, else the caller's scope (null: the whole union). */
async function usageSubtree(scope: StatisticsContext['scope'], organizationId: string | null): Promise<string | null> {
  if (organizationId === null) return scope.rootOrNull(Ability.READ_FIGURES);
  if (!isUuid(organizationId)) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `organizationId: expected a UUID, got ${JSON.stringify(organizationId)}`, { field: 'organizationId' });
  }
  await scope.assertCovers(organizationId, Ability.READ_FIGURES);
  return organizationId;
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
