import { allow, definePermissions } from '@registry/lib';
import { canEnterReports, canImportReports, canSeeFigures } from './rules';

/**
 * Gates only: figures need READ_FIGURES somewhere, report writes MANAGE somewhere. Which
 * organizations a caller reaches is asked of `context.scope` by every resolver, with the target.
 */
export const permissions = definePermissions({
  Query: {
    coverageTable: canSeeFigures,
    ranking: canSeeFigures,
    reportForm: canSeeFigures,
    exportReportForm: canSeeFigures,
    reportFormUsage: canSeeFigures,
    reportFormUsageByRegion: canSeeFigures,
  },
  Mutation: {
    setReportBaseline: canEnterReports,
    importReportBaselines: canImportReports,
    generateReportForm: canEnterReports,
    submitReportForm: canEnterReports,
  },
  Organization: { id: allow, coverage: canSeeFigures },
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
