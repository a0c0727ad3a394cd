import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { OrganizationsContext } from '../context';
import { importOrganizations } from '../services/organization-import';
import { OrganizationImportReport } from './organization-views';

@Resolver()
export class OrganizationImportResolver {
  @Mutation(() => OrganizationImportReport, {
    description:
      'Creates or updates organizations from CSV (code,parent_code,level,name,short_name,primary_type,subject_code,' +
      'address,inn,ogrn,chair_name,chair_phone,chair_email), keyed by code; bad rows are reported, not loaded',
  })
  async importOrganizations(@Arg('csv', () => String) csv: string, @Ctx() { em, viewer }: OrganizationsContext) {
    const outcome = await importOrganizations(em, viewer, csv);
    const escape = (value: string | number | null): string => {
      const text = value === null ? '' : String(value);
      return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    const errorReportCsv = [
      'line,code,field,errorCode,message',
      ...outcome.errors.map((e) => [e.line, e.code, e.field, e.errorCode, e.message].map(escape).join(',')),
    ].join('\n');
    return { ...outcome, errorReportCsv };
  }
}
