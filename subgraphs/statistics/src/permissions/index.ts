import { allow, definePermissions, hasAnyRole, mayManage, mayReadFigures, Role } from '@registry/lib';

/**
 * Gates only: figures need READ_FIGURES somewhere, report writes MANAGE somewhere. Which
 * organizations a caller reaches is asked of `context.scope` by every resolver, with the target.
 */
const canImportReports = hasAnyRole(Role.CENTRAL_ADMIN);

export const permissions = definePermissions({
  Query: {
    coverageTable: mayReadFigures,
    ranking: mayReadFigures,
    reportForm: mayReadFigures,
    exportReportForm: mayReadFigures,
    reportFormUsage: mayReadFigures,
    reportFormUsageByRegion: mayReadFigures,
  },
  Mutation: {
    setReportBaseline: mayManage,
    importReportBaselines: canImportReports,
    generateReportForm: mayManage,
    submitReportForm: mayManage,
  },
  Organization: { id: allow, coverage: mayReadFigures },
  Coverage: allow,
  Ratio: allow,
  OrganizationCoverage: allow,
  ReportFigures: allow,
  DataCompleteness: allow,
  CardCoverage: allow,
  CoverageTablePage: allow,
  CoverageTableRow: allow,
  CoverageTableCards: allow,
  PageInfo: allow,
  RankingRow: allow,
  BaselineImportReport: allow,
  ReportFormView: allow,
  ReportFormRow: allow,
  ReportFormExport: allow,
  FormUsageRow: allow,
  RegionFormUsageRow: allow,
  BaselineImportError: allow,
});
