import { Role } from '@registry/lib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackHarness } from '../support/stack-harness';
import { openStackHarness } from '../support/stack-harness';

let harness: StackHarness;
let admin: string;

/** Posts to the gateway as a central admin (or `token`) and returns the data, failing on errors. */
async function gateway<T>(query: string, variables: Record<string, unknown> = {}, token = admin): Promise<T> {
  const body = await harness.post(query, variables, { token });
  if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/** A distinct name for each serial: its digits spelled as letters (names hold letters only). */
const spelled = (serial: number): string => [...String(serial)].map((digit) => 'абвгдежзик'[Number(digit)]).join('');

/** Members of regions 77 and 78 as the union's lists give them: primary i of a region gets i + 1 people. */
function membersCsv(primaries: { code: string }[]): string {
  const lines = [
    'registration_number,organization_code,last_name,first_name,middle_name,birth_date,sex,phone,email,snils,category,position,joined_on,consent_version,bonus_consent,guardian_name',
  ];
  let serial = 0;
  for (const [index, primary] of primaries.entries()) {
    for (let k = 0; k <= index % 6; k += 1) {
      serial += 1;
      const young = serial % 3 === 0;
      lines.push(
        `IMP-${serial},${primary.code},Импортова,Анна,Ива${spelled(serial)},${young ? '2000' : '1970'}-02-03,F,,,,${serial % 4 === 0 ? 'STUDENT' : 'EMPLOYEE'},,2025-09-01,2026-01,true,`,
      );
    }
  }
  return lines.join('\n');
}

beforeAll(async () => {
  harness = await openStackHarness('statistics');
  admin = harness.token({ sub: 'e2e-central', roles: [Role.CENTRAL_ADMIN] });
  const primaries: { code: string }[] = [];
  for (const region of ['77', '78']) {
    const { organizationByCode } = await gateway<{ organizationByCode: { id: string } }>(
      'query ($code: String!) { organizationByCode(code: $code) { id } }',
      { code: region },
    );
    const { organizations } = await gateway<{ organizations: { nodes: { code: string }[] } }>(
      'query ($id: UUID!) { organizations(filter: { level: PRIMARY, ancestorId: $id }, first: 100) { nodes { code } } }',
      { id: organizationByCode.id },
    );
    primaries.push(...organizations.nodes);
  }
  const imported = await gateway<{ importMembers: { created: number; errors: unknown[] } }>(
    'mutation ($csv: String!) { importMembers(csv: $csv) { created errors { line message } } }',
    { csv: membersCsv(primaries) },
  );
  expect(imported.importMembers.errors).toEqual([]);
  const report = [
    'organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations',
    '77,2026-01-01,40,30,10,6,2',
    '78,2026-01-01,25,20,5,6,2',
  ].join('\n');
  await gateway('mutation ($csv: String!) { importReportBaselines(csv: $csv) { loaded } }', { csv: report });
  const territorial = await gateway<{ organizationByCode: { id: string } }>(
    '{ organizationByCode(code: "77-001") { id } }',
  );
  const { orderCardBatch } = await gateway<{ orderCardBatch: { id: string } }>(
    'mutation ($org: UUID!) { orderCardBatch(organizationId: $org) { id } }',
    {
      org: territorial.organizationByCode.id,
    },
  );
  await gateway('mutation ($id: UUID!) { exportCardBatch(batchId: $id) }', { id: orderCardBatch.id });
  await gateway('mutation ($id: UUID!) { markBatchProduced(batchId: $id) { status } }', { id: orderCardBatch.id });
  await gateway('mutation ($id: UUID!) { markBatchIssued(batchId: $id) { status } }', { id: orderCardBatch.id });
});
afterAll(() => harness?.close());

interface CoverageNode {
  id: string;
  code: string;
  coverage: {
    members: { numerator: number; denominator: number | null };
    youth: { numerator: number };
    cards: { plastic: { numerator: number } };
  };
  /** Absent on the deepest level asked. */
  children?: CoverageNode[];
}

const FIELDS =
  'id code coverage { members { numerator denominator } youth { numerator } cards { plastic { numerator } } }';

describe('statistics through the gateway, on data loaded by the import paths', () => {
  it('coverage of a region and of all its descendants matches a brute-force recount', async () => {
    const { organizationByCode: region } = await gateway<{ organizationByCode: CoverageNode }>(
      `{ organizationByCode(code: "77") { ${FIELDS} children { ${FIELDS} children { ${FIELDS} } } } }`,
    );
    const orm = harness.stack.subgraphs.get('members')?.orm;
    if (!orm) throw new Error('members subgraph is not running');
    const rows = await orm.em
      .fork()
      .execute<{ code: string; parent: string | null; members: number; youth: number; plastic: number }[]>(
        `select o.code, p.code as parent,
              (select count(*) from members.member m where m.organization_id = o.id and m.status = 'ACTIVE')::int as members,
              (select count(*) from members.member m where m.organization_id = o.id and m.status = 'ACTIVE' and m.birth_date > current_date - interval '35 years')::int as youth,
              (select count(*) from members.member m join cards.union_card c on c.member_id = m.id
                where m.organization_id = o.id and m.status = 'ACTIVE' and c.kind = 'PLASTIC' and c.status = 'ISSUED')::int as plastic
         from organizations.organization o left join organizations.organization p on p.id = o.parent_id`,
      );
    // Brute force: add each organization's own figures to every ancestor, walking up in code.
    const parentOf = new Map(rows.map((row) => [row.code, row.parent]));
    const totals = new Map<string, { members: number; youth: number; plastic: number }>();
    for (const row of rows) {
      for (let code: string | null | undefined = row.code; code; code = parentOf.get(code)) {
        const total = totals.get(code) ?? { members: 0, youth: 0, plastic: 0 };
        total.members += row.members;
        total.youth += row.youth;
        total.plastic += row.plastic;
        totals.set(code, total);
      }
    }
    const visit = (node: CoverageNode): number => {
      const expected = totals.get(node.code);
      expect(
        [node.coverage.members.numerator, node.coverage.youth.numerator, node.coverage.cards.plastic.numerator],
        node.code,
      ).toEqual([expected?.members, expected?.youth, expected?.plastic]);
      return 1 + (node.children ?? []).reduce((sum, child) => sum + visit(child), 0);
    };
    expect(visit(region)).toBe(1 + 2 + 6);
    expect(region.coverage.members.denominator).toBe(40);
    expect(region.coverage.cards.plastic.numerator).toBeGreaterThan(0);
  });

  it('ranks regions by members on record, ordered, with correct percents', async () => {
    const { root } = await gateway<{ root: { id: string } }>('{ root { id } }');
    const { ranking } = await gateway<{
      ranking: {
        code: string;
        numerator: number;
        denominator: number | null;
        percent: number | null;
        organization: { name: string };
      }[];
    }>(
      'query ($root: UUID!) { ranking(parentId: $root, metric: MEMBERS_ON_RECORD, threshold: 0) { code numerator denominator percent organization { name } } }',
      { root: root.id },
    );
    // Only the two regions with a report have a percent, so only they pass the threshold.
    expect(ranking.map((row) => row.code).sort()).toEqual(['77', '78']);
    expect(ranking[0]?.percent ?? 0).toBeGreaterThanOrEqual(ranking[1]?.percent ?? 0);
    for (const row of ranking)
      expect(row.percent).toBe(Math.round((row.numerator / (row.denominator ?? 1)) * 10000) / 100);
    expect(ranking[0]?.organization.name).toMatch(/организация Общероссийского Профсоюза образования$/);
  });

  it('a primary organization generates and submits its form, the territorial form sums it, and the XLSX opens', async () => {
    const { organizationByCode: primary } = await gateway<{ organizationByCode: { id: string } }>(
      '{ organizationByCode(code: "77-001-0001") { id } }',
    );
    const chair = harness.token({ sub: 'chair', roles: [Role.ORG_ADMIN], org: primary.id });
    const { generateReportForm: form } = await gateway<{
      generateReportForm: { id: string; rows: { key: string; value: number }[] };
    }>(
      'mutation ($org: UUID!) { generateReportForm(organizationId: $org, reportDate: "2026-07-01") { id rows { key value } } }',
      { org: primary.id },
      chair,
    );
    await gateway('mutation ($id: UUID!) { submitReportForm(id: $id) { status } }', { id: form.id }, chair);
    const members = form.rows.find((row) => row.key === 'members')?.value ?? 0;
    expect(members).toBeGreaterThan(0);
    const { organizationByCode: territorial } = await gateway<{ organizationByCode: { id: string } }>(
      '{ organizationByCode(code: "77-001") { id } }',
    );
    const { generateReportForm: summary } = await gateway<{
      generateReportForm: {
        id: string;
        formCode: string;
        rows: { key: string; value: number }[];
        missingChildren: { id: string }[];
      };
    }>(
      'mutation ($org: UUID!) { generateReportForm(organizationId: $org, reportDate: "2026-07-01") { id formCode rows { key value } missingChildren { id } } }',
      { org: territorial.id },
    );
    expect(summary.formCode).toBe('2-СП');
    expect(summary.rows.find((row) => row.key === 'members')?.value).toBe(members);
    expect(summary.missingChildren).toHaveLength(2);
    const { exportReportForm } = await gateway<{ exportReportForm: { xlsxBase64: string } }>(
      'query ($id: UUID!) { exportReportForm(id: $id) { xlsxBase64 } }',
      { id: summary.id },
    );
    const workbook = new ExcelJS.Workbook();
    const bytes = Buffer.from(exportReportForm.xlsxBase64, 'base64');
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(workbook.getWorksheet('2-СП')?.getCell('B5').value).toBe(members);
  });
});
