import { allow, definePermissions, hasAnyRole, Role } from '@registry/lib';

/** Figures, never personal data: analysts and admins, each in their subtree (checked by resolvers). */
const canReadStatistics = hasAnyRole(Role.CENTRAL_ADMIN, Role.ORG_ADMIN, Role.ANALYST);
const canEnterReports = hasAnyRole(Role.CENTRAL_ADMIN, Role.ORG_ADMIN);
const canImportReports = hasAnyRole(Role.CENTRAL_ADMIN);

export const permissions = definePermissions({
  Query: { ranking: canReadStatistics, reportForm: canReadStatistics, exportReportForm: canReadStatistics, reportFormUsage: canReadStatistics },
  Mutation: {
    setReportBaseline: canEnterReports,
    importReportBaselines: canImportReports,
    generateReportForm: canEnterReports,
    submitReportForm: canEnterReports,
  },
  Organization: { id: allow, coverage: canReadStatistics },
  Coverage: allow,
  Ratio: allow,
  OrganizationCoverage: allow,
  ReportFigures: allow,
  DataCompleteness: allow,
  CardCoverage: allow,
  RankingRow: allow,
  BaselineImportReport: allow,
  ReportFormView: allow,
  ReportFormRow: allow,
  ReportFormExport: allow,
  FormUsageRow: allow,
  BaselineImportError: allow,
});
