import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';
import { openStackHarness, responseCodes } from '../support/stack-harness';
import { ormOf } from './scope-callers';

/**
 * The statistics workflows of issue 12 through the gateway, on the demo union: submitting and
 * reading forms, the checks of the report's figures, unknown figures, percents, usage by region
 * on the report date, and the national summary.
 */
let harness: StackHarness;
let admin: string;
const ids = new Map<string, string>();
const id = (code: string): string => {
  const found = ids.get(code);
  if (!found) throw new Error(`no organization ${code} in the demo union`);
  return found;
};
const REPORT_DATE = '2026-07-01';
const HEADER = 'organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations';

const post = (query: string, variables: Record<string, unknown> = {}, token = admin): Promise<GatewayResponse> => harness.post(query, variables, { token });

/** The data of an answer that must have no errors. */
async function data<T>(query: string, variables: Record<string, unknown> = {}, token = admin): Promise<T> {
  const response = await post(query, variables, token);
  if (response.errors) throw new Error(`unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data as T;
}

interface Form {
  id: string;
  formCode: string;
  status: string;
  submittedAt: string | null;
  rows: { key: string; value: number | null }[];
  missingChildren: { id: string }[];
}
const FORM_FIELDS = 'id formCode status submittedAt rows { key value } missingChildren { id }';
const valueOf = (form: Form, key: string): number | null | undefined => form.rows.find((row) => row.key === key)?.value;

const generate = async (code: string): Promise<Form> =>
  (await data<{ generateReportForm: Form }>(`mutation ($org: ID!, $date: LocalDate!) { generateReportForm(organizationId: $org, reportDate: $date) { ${FORM_FIELDS} } }`, { org: id(code), date: REPORT_DATE }))
    .generateReportForm;
const submit = async (formId: string): Promise<Form> =>
  (await data<{ submitReportForm: Form }>(`mutation ($id: ID!) { submitReportForm(id: $id) { ${FORM_FIELDS} } }`, { id: formId })).submitReportForm;

const importCsv = (lines: string[]) =>
  data<{ importReportBaselines: { loaded: number; errors: { line: number; field: string; errorCode: string; message: string }[] } }>(
    'mutation ($csv: String!) { importReportBaselines(csv: $csv) { loaded errors { line field errorCode message } } }',
    { csv: [HEADER, ...lines].join('\n') },
  ).then((answer) => answer.importReportBaselines);

/** Members for the primaries named: `count` people each, admitted before the report date. */
function membersCsv(counts: [string, number][]): string {
  const lines = ['registration_number,organization_code,last_name,first_name,middle_name,birth_date,sex,phone,email,snils,category,position,joined_on,consent_version,bonus_consent,guardian_name'];
  let serial = 0;
  const letters = 'абвгдежзик';
  for (const [code, count] of counts) {
    for (let k = 0; k < count; k += 1) {
      serial += 1;
      const middle = [...String(serial)].map((digit) => letters[Number(digit)]).join('');
      lines.push(`WF-${serial},${code},Процессова,Анна,Ива${middle},1980-02-03,F,,,,EMPLOYEE,,2026-03-01,2026-01,true,`);
    }
  }
  return lines.join('\n');
}

beforeAll(async () => {
  harness = await openStackHarness('statistics_workflows');
  admin = harness.token({ sub: 'e2e-central', roles: [Role.CENTRAL_ADMIN] });
  const organizations = ormOf(harness, 'organizations').em.fork();
  // The demo union is loaded at start; the union's registry was loaded in January, so back-date
  // its entry into the registry (the report date below is in July).
  await organizations.execute(`update organizations.organization set created_at = '2026-01-01T00:00:00Z'`);
  for (const row of await organizations.execute<{ id: string; code: string }[]>('select id, code from organizations.organization')) ids.set(row.code, row.id);
  const imported = await data<{ importMembers: { errors: unknown[] } }>('mutation ($csv: String!) { importMembers(csv: $csv) { errors { line message } } }', {
    csv: membersCsv([
      ['77-001-0001', 3],
      ['78-001-0001', 2],
    ]),
  });
  expect(imported.importMembers.errors).toEqual([]);
});
afterAll(() => harness?.close());

describe('report forms: submitting and reading', () => {
  it('submitReportForm answers the submission time, and reportForm reads it back', async () => {
    const form = await generate('79-001-0001');
    const submitted = await submit(form.id);
    expect(submitted.status).toBe('SUBMITTED');
    expect(submitted.submittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(Math.abs(Date.parse(submitted.submittedAt ?? '') - Date.now())).toBeLessThan(60_000);
    const { reportForm } = await data<{ reportForm: Form }>(`query ($id: ID!) { reportForm(id: $id) { ${FORM_FIELDS} } }`, { id: form.id });
    expect(reportForm.submittedAt).toBe(submitted.submittedAt);
    expect(reportForm.status).toBe('SUBMITTED');
  });
});
