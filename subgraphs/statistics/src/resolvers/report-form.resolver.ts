import { Ability, DomainError, ErrorCode, UUID } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { ORGANIZATION_V1 } from '@registry/organizations/contract';
import type { StatisticsContext } from '../context';
import { formToCsv, formToXlsx } from '../services/form-export';
import { formUsage, formUsageByChild } from '../services/form-usage';
import type { ReportForm } from '../services/report-forms';
import { generateReportForm, requireReadableForm, submitReportForm, templateByCode } from '../services/report-forms';
import { compareShares, percentOf } from '../services/ratio';
import { RankingLevel } from './ranking-views';
import {
  FormUsageRow,
  RegionFormUsageRow,
  ReportFormExport,
  ReportFormStatus,
  ReportFormView,
} from './report-form-views';

@Resolver()
export class ReportFormResolver {
  @Mutation(() => ReportFormView, {
    description: 'Generates (or regenerates, while a draft) the organization’s form for a report date',
  })
  async generateReportForm(
    @Arg('organizationId', () => UUID) organizationId: string,
    @Arg('reportDate', () => GraphQLLocalDate) reportDate: string,
    @Arg('periodStart', () => GraphQLLocalDate, {
      nullable: true,
      description: 'Defaults to a year before the report date',
    })
    periodStart: string | null | undefined,
    @Ctx() { em, loaders, scope }: StatisticsContext,
  ): Promise<ReportFormView> {
    return view(em, await generateReportForm(em, scope, loaders, organizationId, reportDate, periodStart));
  }

  @Mutation(() => ReportFormView, { description: 'DRAFT → SUBMITTED; the parent’s form then counts it' })
  async submitReportForm(
    @Arg('id', () => UUID) id: string,
    @Ctx() { em, scope }: StatisticsContext,
  ): Promise<ReportFormView> {
    return view(em, await submitReportForm(em, scope, id));
  }

  @Query(() => ReportFormView)
  async reportForm(
    @Arg('id', () => UUID) id: string,
    @Ctx() { em, scope }: StatisticsContext,
  ): Promise<ReportFormView> {
    return view(em, await requireReadableForm(em, scope, id));
  }

  @Query(() => ReportFormExport, { description: 'The form as CSV and XLSX' })
  async exportReportForm(
    @Arg('id', () => UUID) id: string,
    @Ctx() { em, loaders, scope }: StatisticsContext,
  ): Promise<ReportFormExport> {
    const form = await requireReadableForm(em, scope, id);
    const template = await templateByCode(em, form.formCode, form.formVersion);
    const organization = await loaders.names.load(form.organizationId);
    const fileName = `${form.formCode}_${organization?.code ?? form.organizationId}_${form.reportDate}`;
    return {
      fileName,
      csv: formToCsv(form, template),
      xlsxBase64: await formToXlsx(form, template, organization?.name ?? ''),
    };
  }

  @Query(() => [FormUsageRow], {
    description: 'How many organizations of a subtree generated and submitted their forms for a date',
  })
  async reportFormUsage(
    @Arg('reportDate', () => GraphQLLocalDate) reportDate: string,
    @Arg('organizationId', () => UUID, {
      nullable: true,
      description: 'Whose subtree; defaults to your scope (the whole union for central admins)',
    })
    organizationId: string | null | undefined,
    @Ctx() { em, scope }: StatisticsContext,
  ): Promise<FormUsageRow[]> {
    const rows = await formUsage(em, reportDate, await usageSubtree(scope, organizationId ?? null));
    return rows.map((row) => ({
      ...row,
      generatedPercent: percentOf(row.generated, row.organizations) ?? 0,
      submittedPercent: percentOf(row.submitted, row.organizations) ?? 0,
    }));
  }

  @Query(() => [RegionFormUsageRow], {
    description:
      'Per child of an organization (the regions of the union, the territorials of a region): its organizations of a level in the registry on the report date, how many generated and submitted their forms; highest generated share first',
  })
  async reportFormUsageByRegion(
    @Arg('reportDate', () => GraphQLLocalDate) reportDate: string,
    @Arg('organizationId', () => UUID, {
      nullable: true,
      description: 'Whose children; defaults to your scope (the central council for central admins)',
    })
    organizationId: string | null | undefined,
    @Arg('level', () => RankingLevel, { nullable: true, description: 'Which organizations to count; default PRIMARY' })
    level: RankingLevel | null | undefined,
    @Ctx() { em, scope }: StatisticsContext,
  ): Promise<RegionFormUsageRow[]> {
    const parentId = (await usageSubtree(scope, organizationId ?? null)) ?? (await centralCouncil(em));
    const rows = await formUsageByChild(em, reportDate, parentId, level ?? RankingLevel.PRIMARY);
    const share = (row: { generated: number; organizations: number }) => ({
      numerator: row.generated,
      denominator: row.organizations,
    });
    return rows
      .sort((a, b) => compareShares(share(b), share(a)) || a.name.localeCompare(b.name, 'ru'))
      .map((row, index) => ({
        ...row,
        place: index + 1,
        organization: { id: row.id },
        generatedPercent: percentOf(row.generated, row.organizations),
        submittedPercent: percentOf(row.submitted, row.organizations),
      }));
  }
}

/** The subtree a usage count covers: the one asked for, when in scope, else the caller's scope (null: the whole union). */
async function usageSubtree(scope: StatisticsContext['scope'], organizationId: string | null): Promise<string | null> {
  if (organizationId === null) return scope.rootOrNull(Ability.READ_FIGURES);
  await scope.assertCovers(organizationId, Ability.READ_FIGURES);
  return organizationId;
}

/** The root of the tree (the whole union's usage is per region, the central council's children). */
async function centralCouncil(em: StatisticsContext['em']): Promise<string> {
  const [root] = await em.execute<{ id: string }[]>(`select id from ${ORGANIZATION_V1} where level = 'CENTRAL'`);
  if (!root) throw new DomainError(ErrorCode.NOT_FOUND, 'Expected the central council in the registry, found none', {});
  return root.id;
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
