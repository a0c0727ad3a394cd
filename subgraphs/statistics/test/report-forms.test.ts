import { membersSubgraph } from '@registry/members';
import { admitMember } from '@registry/members/testing';
import { importOrganizations, organizationsSubgraph } from '@registry/organizations';
import type { SubgraphHarness } from '@registry/tests';
import {
  centralAdmin,
  errorCodes,
  ONE_REGION,
  openSubgraphHarness,
  orgAdminOf,
  organizationIds,
  unionCsv,
} from '@registry/tests';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statisticsSubgraph } from '../src';

let harness: SubgraphHarness;
const ids = new Map<string, string>();
const id = (code: string): string => ids.get(code) ?? '';

const UNION = unionCsv([
  ...ONE_REGION,
  { code: 'U1', parent: 'T', level: 'PRIMARY', name: 'ППО колледжа', primaryType: 'VOCATIONAL', subjectCode: '77' },
]);

beforeAll(async () => {
  harness = await openSubgraphHarness(statisticsSubgraph, { requires: [organizationsSubgraph, membersSubgraph] });
  const [organizationsOrm, membersOrm] = harness.others;
  if (!organizationsOrm || !membersOrm) throw new Error('subgraphs did not open');
  await importOrganizations(organizationsOrm.em.fork(), centralAdmin, UNION);
  // Usage counts the organizations in the registry on the report date (July): the union entered them in January.
  await organizationsOrm.em.fork().execute(`update organizations.organization set created_at = '2026-01-01T00:00:00Z'`);
  for (const [code, value] of (await organizationIds(harness.orm.em)).ids) ids.set(code, value);
  const people: [string, string, string, string][] = [
    ['S1', 'Анна', '1999-01-01', 'EMPLOYEE'],
    ['S1', 'Борис', '1970-01-01', 'EMPLOYEE'],
    ['S1', 'Вера', '1950-01-01', 'NON_WORKING_PENSIONER'],
    ['S2', 'Глеб', '2000-02-02', 'EMPLOYEE'],
  ];
  for (const [code, firstName, birthDate, category] of people) {
    const em = membersOrm.em.fork();
    await em.transactional((tx) =>
      admitMember(
        tx,
        {
          organizationId: id(code),
          lastName: 'Тестов',
          firstName,
          birthDate,
          category,
          consentVersion: '2026-01',
          joinedOn: '2026-03-01',
        },
        'test',
      ),
    );
  }
});
afterAll(() => harness.close());

const GENERATE = `mutation ($org: UUID!) { generateReportForm(organizationId: $org, reportDate: "2026-07-01") {
  id formCode status rows { key value } missingChildren { id } } }`;

interface FormView {
  id: string;
  formCode: string;
  status: string;
  rows: { key: string; value: number | null }[];
  missingChildren: { id: string }[];
}
const valuesOf = (form: FormView): Record<string, number | null> =>
  Object.fromEntries(form.rows.map((row) => [row.key, row.value]));

async function generate(code: string, viewer = centralAdmin): Promise<FormView> {
  const result = await harness.execute(GENERATE, { org: id(code) }, viewer);
  expect(result.errors).toBeUndefined();
  return result.data?.['generateReportForm'] as FormView;
}

describe('statistical report forms', () => {
  it('a primary organization generates its form (5-СП for a school) from the registry and submits it', async () => {
    const form = await generate('S1', orgAdminOf(id('S1')));
    expect(form.formCode).toBe('5-СП');
    expect(valuesOf(form)).toMatchObject({
      members: 3,
      employees: 2,
      pensioners: 1,
      youth: 1,
      youth_share: 33.33,
      admitted: 3,
      left: 0,
    });
    const submitted = await harness.execute(
      'mutation ($id: UUID!) { submitReportForm(id: $id) { status submittedBy } }',
      { id: form.id },
      orgAdminOf(id('S1')),
    );
    expect(submitted.data?.['submitReportForm']).toEqual({
      status: 'SUBMITTED',
      submittedBy: `test-org-admin-${id('S1')}`,
    });
    const again = await harness.execute(GENERATE, { org: id('S1') }, orgAdminOf(id('S1')));
    expect(errorCodes(again)).toEqual(['INVALID_STATE']);
    expect((await generate('U1')).formCode).toBe('4-СП');
  });

  it('the territorial form (2-СП) sums the submitted forms and lists the children that have not submitted', async () => {
    const form = await generate('T');
    expect(form.formCode).toBe('2-СП');
    expect(valuesOf(form)).toMatchObject({ members: 3, pensioners: 1, primary_organizations: 3 });
    expect(form.missingChildren.map((child) => child.id).sort()).toEqual([id('S2'), id('U1')].sort());
  });

  it('exports a form as CSV and as an XLSX that opens', async () => {
    const form = await generate('S2');
    const result = await harness.execute(
      'query ($id: UUID!) { exportReportForm(id: $id) { fileName csv xlsxBase64 } }',
      { id: form.id },
      centralAdmin,
    );
    const exported = result.data?.['exportReportForm'] as { fileName: string; csv: string; xlsxBase64: string };
    expect(exported.fileName).toBe('5-СП_S2_2026-07-01');
    expect(exported.csv).toContain('members,Членов Профсоюза на учёте,1');
    const workbook = new ExcelJS.Workbook();
    const bytes = Buffer.from(exported.xlsxBase64, 'base64');
    // exceljs types its input as an ArrayBuffer-like of its own; hand it exactly the file's bytes.
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const sheet = workbook.getWorksheet('5-СП');
    expect(sheet?.getCell('A1').value).toContain('5-СП');
    expect(sheet?.getCell('A5').value).toBe('Членов Профсоюза на учёте');
    expect(sheet?.getCell('B5').value).toBe(1);
  });

  it('counts how many organizations generated and submitted their forms', async () => {
    const result = await harness.execute(
      '{ reportFormUsage(reportDate: "2026-07-01") { level organizations generated submitted submittedPercent } }',
      {},
      centralAdmin,
    );
    expect(result.data?.['reportFormUsage']).toEqual([
      { level: 'PRIMARY', organizations: 3, generated: 3, submitted: 1, submittedPercent: 33.33 },
      { level: 'REGIONAL', organizations: 1, generated: 0, submitted: 0, submittedPercent: 0 },
      { level: 'TERRITORIAL', organizations: 1, generated: 1, submitted: 0, submittedPercent: 0 },
    ]);
  });

  it('refuses an admin outside the subtree', async () => {
    expect(errorCodes(await harness.execute(GENERATE, { org: id('S2') }, orgAdminOf(id('S1'))))).toEqual(['FORBIDDEN']);
  });

  it('the central council builds the national summary from the regions, listing those that have not submitted', async () => {
    const form = await generate('C');
    expect(form.formCode).toBe('СВОД-СП');
    expect(form.missingChildren).toEqual([{ id: id('R') }]);
    expect(valuesOf(form)).toMatchObject({
      members: 0,
      regional_organizations: 1,
      territorial_organizations: 1,
      primary_organizations: 3,
    });
  });
});
