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
const HEADER =
  'organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations';

const post = (query: string, variables: Record<string, unknown> = {}, token = admin): Promise<GatewayResponse> =>
  harness.post(query, variables, { token });

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
  (
    await data<{ generateReportForm: Form }>(
      `mutation ($org: UUID!, $date: LocalDate!) { generateReportForm(organizationId: $org, reportDate: $date) { ${FORM_FIELDS} } }`,
      { org: id(code), date: REPORT_DATE },
    )
  ).generateReportForm;
const submit = async (formId: string): Promise<Form> =>
  (
    await data<{ submitReportForm: Form }>(`mutation ($id: UUID!) { submitReportForm(id: $id) { ${FORM_FIELDS} } }`, {
      id: formId,
    })
  ).submitReportForm;

const importCsv = (lines: string[]) =>
  data<{
    importReportBaselines: {
      loaded: number;
      errors: { line: number; field: string; errorCode: string; message: string }[];
    };
  }>(
    'mutation ($csv: String!) { importReportBaselines(csv: $csv) { loaded errors { line field errorCode message } } }',
    { csv: [HEADER, ...lines].join('\n') },
  ).then((answer) => answer.importReportBaselines);

/** Members for the primaries named: `count` people each, admitted before the report date. */
function membersCsv(counts: [string, number][]): string {
  const lines = [
    'registration_number,organization_code,last_name,first_name,middle_name,birth_date,sex,phone,email,snils,category,position,joined_on,consent_version,bonus_consent,guardian_name',
  ];
  let serial = 0;
  const letters = 'абвгдежзик';
  for (const [code, count] of counts) {
    for (let k = 0; k < count; k += 1) {
      serial += 1;
      const middle = [...String(serial)].map((digit) => letters[Number(digit)]).join('');
      lines.push(
        `WF-${serial},${code},Процессова,Анна,Ива${middle},1980-02-03,F,,,,EMPLOYEE,,2026-03-01,2026-01,true,`,
      );
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
  for (const row of await organizations.execute<{ id: string; code: string }[]>(
    'select id, code from organizations.organization',
  ))
    ids.set(row.code, row.id);
  const imported = await data<{ importMembers: { errors: unknown[] } }>(
    'mutation ($csv: String!) { importMembers(csv: $csv) { errors { line message } } }',
    {
      csv: membersCsv([
        ['77-001-0001', 3],
        ['78-001-0001', 2],
      ]),
    },
  );
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
    const { reportForm } = await data<{ reportForm: Form }>(
      `query ($id: UUID!) { reportForm(id: $id) { ${FORM_FIELDS} } }`,
      { id: form.id },
    );
    expect(reportForm.submittedAt).toBe(submitted.submittedAt);
    expect(reportForm.status).toBe('SUBMITTED');
  });
});

const SET_BASELINE =
  'mutation ($input: ReportBaselineInput!) { setReportBaseline(input: $input) { reportDate members employees primaryOrganizations territorialOrganizations } }';
const setBaseline = (input: Record<string, unknown>) =>
  post(SET_BASELINE, { input: { reportDate: '2026-01-01', ...input } });

describe('the report’s figures: checks and messages', () => {
  it('refuses a report dated in the future, naming the latest allowed date', async () => {
    const answer = await setBaseline({ organizationId: id('70'), reportDate: '2999-01-01', members: 10 });
    expect(responseCodes(answer)).toEqual(['BAD_USER_INPUT']);
    const today = new Date().toISOString().slice(0, 10);
    expect(answer.errors?.[0]?.message).toBe(
      `reportDate: expected a report date on or before ${today} (today), got 2999-01-01`,
    );
    const imported = await importCsv(['70,2999-01-01,10,,,,']);
    expect(imported.loaded).toBe(0);
    expect(imported.errors).toEqual([
      {
        line: 2,
        field: 'report_date',
        errorCode: 'BAD_USER_INPUT',
        message: `expected a report date on or before ${today} (today), got 2999-01-01`,
      },
    ]);
  });

  it('refuses organizations below a primary and territorials below a territorial', async () => {
    const primary = await setBaseline({ organizationId: id('70-001-0001'), members: 10, territorialOrganizations: 5 });
    expect(responseCodes(primary)).toEqual(['INVALID_HIERARCHY']);
    expect(primary.errors?.[0]?.message).toBe(
      'territorialOrganizations: a primary organization has no territorial organizations below it: expected 0 or none, got 5',
    );
    const territorial = await setBaseline({ organizationId: id('70-001'), members: 10, territorialOrganizations: 1 });
    expect(responseCodes(territorial)).toEqual(['INVALID_HIERARCHY']);
    const imported = await importCsv(['70-001-0001,2026-01-01,10,,,2,0']);
    expect(imported.errors).toEqual([
      {
        line: 2,
        field: 'primary_organizations',
        errorCode: 'INVALID_HIERARCHY',
        message: 'a primary organization has no primary organizations below it: expected 0 or none, got 2',
      },
    ]);
    // A territorial may state its primaries.
    const fine = fieldOfAnswer(
      await setBaseline({
        organizationId: id('70-002'),
        members: 10,
        primaryOrganizations: 3,
        territorialOrganizations: 0,
      }),
      'setReportBaseline',
    );
    expect(fine).toEqual({
      reportDate: '2026-01-01',
      members: 10,
      employees: null,
      primaryOrganizations: 3,
      territorialOrganizations: 0,
    });
  });

  it('the import names the CSV’s columns and reports a figure as it was typed', async () => {
    const imported = await importCsv(['71,2026-01-01,12x,5,0,,', '71-001,2026-01-01,10,20,0,,']);
    expect(imported.loaded).toBe(0);
    expect(imported.errors).toEqual([
      {
        line: 2,
        field: 'members',
        errorCode: 'BAD_USER_INPUT',
        message: 'expected a whole number from 0 to 10000000, or a blank when unknown, got "12x"',
      },
      {
        line: 3,
        field: 'members',
        errorCode: 'BAD_USER_INPUT',
        message: 'expected members ≥ employees + students (20 + 0), got 10',
      },
    ]);
    const mutation = await setBaseline({ organizationId: 'not-a-uuid', members: 1 });
    expect(mutation.errors?.[0]?.extensions?.['field']).toBe('organizationId');
  });

  it('ranking of an organization that does not exist is NOT_FOUND, and an infinite threshold is bad input', async () => {
    const missing = await post(
      '{ ranking(parentId: "00000000-0000-4000-8000-000000000000", metric: MEMBERS_ON_RECORD) { code } }',
    );
    expect(responseCodes(missing)).toEqual(['NOT_FOUND']);
    const infinite = await post(
      'query ($id: UUID!) { ranking(parentId: $id, metric: MEMBERS_ON_RECORD, threshold: 1e400) { code } }',
      { id: id('0') },
    );
    expect(responseCodes(infinite)).toEqual(['BAD_USER_INPUT']);
    // Refused at the edge (the Float literal) or by the ranking's own check; either says what was expected.
    expect(infinite.errors?.[0]?.message).toMatch(/^threshold: expected a finite /);
  });
});

/** The field of an answer that must have no errors. */
function fieldOfAnswer<T>(answer: GatewayResponse, field: string): T {
  if (answer.errors) throw new Error(`unexpected errors: ${JSON.stringify(answer.errors)}`);
  return answer.data?.[field] as T;
}

interface ReportCoverage {
  coverage: {
    report: {
      members: number | null;
      employees: number | null;
      primaryOrganizations: number | null;
      territorialOrganizations: number | null;
    } | null;
    members: { numerator: number; denominator: number | null; ratio: number | null };
    organizations: { primary: { numerator: number; denominator: number | null } };
  };
}
const coverageOf = async (code: string): Promise<ReportCoverage['coverage']> =>
  (
    await data<{ organization: ReportCoverage }>(
      `query ($id: UUID!) { organization(id: $id) { coverage(reportDate: "2026-01-01") {
        report { members employees primaryOrganizations territorialOrganizations }
        members { numerator denominator ratio } organizations { primary { numerator denominator } } } } }`,
      { id: id(code) },
    )
  ).organization.coverage;

describe('unknown figures', () => {
  it('loads a report giving only member counts; the figures it does not give are unknown, not 0', async () => {
    const imported = await importCsv(['72,2026-01-01,30,,,,']);
    expect(imported).toEqual({ loaded: 1, errors: [] });
    const coverage = await coverageOf('72');
    expect(coverage.report).toEqual({
      members: 30,
      employees: null,
      primaryOrganizations: null,
      territorialOrganizations: null,
    });
    expect(coverage.organizations.primary).toEqual({ numerator: 6, denominator: null });
    expect(coverage.members.denominator).toBe(30);
  });

  it('a parent’s figure is unknown when any organization it sums left it unknown', async () => {
    const imported = await importCsv(['73-001,2026-01-01,10,,,3,0', '73-002,2026-01-01,5,,,,0']);
    expect(imported).toEqual({ loaded: 2, errors: [] });
    const coverage = await coverageOf('73');
    expect(coverage.report).toEqual({
      members: 15,
      employees: null,
      primaryOrganizations: null,
      territorialOrganizations: 0,
    });
    expect(coverage.organizations.primary.denominator).toBeNull();
  });
});

describe('percents', () => {
  it('ranks by the exact share and prints two decimals rounded half up', async () => {
    // 3 of 53 (5.660 %) and 2 of 35 (5.714 %) both print 5.7 at one decimal; Moscow sorts first by name.
    for (const [code, members] of [
      ['77', 53],
      ['78', 35],
    ] as const)
      fieldOfAnswer(
        await setBaseline({ organizationId: id(code), reportDate: '2026-02-01', members }),
        'setReportBaseline',
      );
    const { ranking } = await data<{
      ranking: { code: string; numerator: number; denominator: number; percent: number; place: number }[];
    }>(
      'query ($id: UUID!) { ranking(parentId: $id, metric: MEMBERS_ON_RECORD, reportDate: "2026-02-01", threshold: 0) { place code numerator denominator percent } }',
      { id: id('0') },
    );
    expect(ranking).toEqual([
      { place: 1, code: '78', numerator: 2, denominator: 35, percent: 5.71 },
      { place: 2, code: '77', numerator: 3, denominator: 53, percent: 5.66 },
    ]);
  });
});

interface RegionUsage {
  place: number;
  code: string;
  organizations: number;
  generated: number;
  submitted: number;
  generatedPercent: number | null;
  submittedPercent: number | null;
}

describe('report form usage on the report date, by region', () => {
  it('counts the organizations in the registry on the report date, per region, with two-decimal shares', async () => {
    // Region 77: two of its six primaries generate, one submits; one primary merges in August.
    // Region 78: one submits; one primary was liquidated in May, before the report date.
    await submit((await generate('77-001-0001')).id);
    await generate('77-001-0002');
    await submit((await generate('78-001-0001')).id);
    const closure = (date: string) => ({ date, reason: 'реорганизация' });
    await data(
      'mutation ($id: UUID!, $into: UUID!, $closure: ClosureInput!) { mergeOrganization(id: $id, intoId: $into, closure: $closure) { id } }',
      {
        id: id('77-002-0003'),
        into: id('77-002-0002'),
        closure: closure('2026-08-15'),
      },
    );
    await data(
      'mutation ($id: UUID!, $closure: ClosureInput!) { liquidateOrganization(id: $id, closure: $closure) { id } }',
      { id: id('78-002-0003'), closure: closure('2026-05-01') },
    );

    const { reportFormUsageByRegion: rows } = await data<{ reportFormUsageByRegion: RegionUsage[] }>(
      `query ($date: LocalDate!) { reportFormUsageByRegion(reportDate: $date) { place code organizations generated submitted generatedPercent submittedPercent } }`,
      { date: REPORT_DATE },
    );
    expect(rows.slice(0, 3)).toEqual([
      {
        place: 1,
        code: '77',
        organizations: 6,
        generated: 2,
        submitted: 1,
        generatedPercent: 33.33,
        submittedPercent: 16.67,
      },
      {
        place: 2,
        code: '78',
        organizations: 5,
        generated: 1,
        submitted: 1,
        generatedPercent: 20,
        submittedPercent: 20,
      },
      // The first test's form.
      {
        place: 3,
        code: '79',
        organizations: 6,
        generated: 1,
        submitted: 1,
        generatedPercent: 16.67,
        submittedPercent: 16.67,
      },
    ]);
    expect(rows.slice(3).every((row) => row.generated === 0 && row.generatedPercent === 0)).toBe(true);

    // One region, by territorial; and the per-level count on the same date.
    const { reportFormUsageByRegion: territorials } = await data<{ reportFormUsageByRegion: RegionUsage[] }>(
      `query ($id: UUID!, $date: LocalDate!) { reportFormUsageByRegion(reportDate: $date, organizationId: $id) { code organizations generated submitted submittedPercent } }`,
      { id: id('77'), date: REPORT_DATE },
    );
    expect(territorials).toEqual([
      { code: '77-001', organizations: 3, generated: 2, submitted: 1, submittedPercent: 33.33 },
      { code: '77-002', organizations: 3, generated: 0, submitted: 0, submittedPercent: 0 },
    ]);
    const { reportFormUsage } = await data<{
      reportFormUsage: { level: string; organizations: number; submittedPercent: number; generatedPercent: number }[];
    }>(
      `query ($id: UUID!, $date: LocalDate!) { reportFormUsage(reportDate: $date, organizationId: $id) { level organizations generatedPercent submittedPercent } }`,
      { id: id('77'), date: REPORT_DATE },
    );
    expect(reportFormUsage.find((row) => row.level === 'PRIMARY')).toEqual({
      level: 'PRIMARY',
      organizations: 6,
      generatedPercent: 33.33,
      submittedPercent: 16.67,
    });
  });

  it('keeps the caller’s scope: an analyst of one region cannot count another', async () => {
    const analyst = harness.token({ sub: 'e2e-analyst-77', roles: [Role.ANALYST], org: id('77') });
    const other = await post(
      'query ($id: UUID!) { reportFormUsageByRegion(reportDate: "2026-07-01", organizationId: $id) { code } }',
      { id: id('78') },
      analyst,
    );
    expect(responseCodes(other)).toEqual(['FORBIDDEN']);
    const own = await data<{ reportFormUsageByRegion: { code: string }[] }>(
      '{ reportFormUsageByRegion(reportDate: "2026-07-01") { code } }',
      {},
      analyst,
    );
    expect(own.reportFormUsageByRegion.map((row) => row.code)).toEqual(['77-001', '77-002']);
  });
});

describe('the national summary', () => {
  it('the central council’s form adds up the regions’ submitted forms and lists the regions that have not submitted', async () => {
    // 77-001-0001 and 78-001-0001 are submitted above; their territorials and regions submit now. 79 does not.
    for (const code of ['77-001', '77', '78-001', '78']) await submit((await generate(code)).id);
    const national = await generate('0');
    expect(national.formCode).toBe('СВОД-СП');
    expect(valueOf(national, 'members')).toBe(3 + 2);
    expect(valueOf(national, 'employees')).toBe(3 + 2);
    expect(valueOf(national, 'regional_organizations')).toBeGreaterThan(80);
    const missing = national.missingChildren.map((child) => child.id);
    expect(missing).toContain(id('79'));
    expect(missing).not.toContain(id('77'));
    expect(missing).not.toContain(id('78'));
    expect(missing).toHaveLength((valueOf(national, 'regional_organizations') ?? 0) - 2);
    const submitted = await submit(national.id);
    expect(submitted.status).toBe('SUBMITTED');
  });
});
