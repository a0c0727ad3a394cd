import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { errorReportCsv, importMembers } from '../services/member-import';
import { MemberImportReport } from './member-import-views';

@Resolver()
export class MemberImportResolver {
  @Mutation(() => MemberImportReport, {
    description:
      'Imports members from CSV (registration_number,organization_code,last_name,first_name,middle_name,birth_date,sex,phone,' +
      'email,snils,category,position,joined_on,consent_version,bonus_consent,guardian_name,status,left_on,exit_reason,transferred_on); ' +
      'keyed by registration number or SNILS, so importing a file again changes nothing. Required columns: organization_code, ' +
      'last_name, first_name, birth_date, category, joined_on, consent_version, and registration_number or snils (each row needs one ' +
      'of them); a header without them is one error on line 1 and nothing is read. On an update an empty cell means no change and ' +
      'a literal - clears an optional field (middle_name, sex, phone, email, snils, position, bonus_consent, guardian_name); a - in ' +
      'a required column is a row error; on a new member an empty optional cell is null. status LEFT, EXCLUDED or DECEASED with ' +
      'left_on (and exit_reason, required for EXCLUDED) records the exit as recordMemberExit does; a changed organization_code is a ' +
      'transfer on transferred_on (default today). Dates YYYY-MM-DD; formats: docs/import-formats.md. ' +
      'Large files: the CLI streams them (subgraphs/members/src/cli).',
  })
  async importMembers(
    @Arg('csv', () => String) csv: string,
    @Ctx() { em, viewer }: MembersContext,
  ): Promise<MemberImportReport> {
    const outcome = await importMembers(em, { actor: viewer.subject, source: csv });
    return { ...outcome, errorReportCsv: errorReportCsv(outcome.errors) };
  }
}
