import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackHarness } from '../support/stack-harness';
import { COVERAGE_CSV_HEADER, coverageCsvLine } from '@registry/gateway';
import { fieldOf, openStackHarness, responseCodes } from '../support/stack-harness';

/**
 * The flat coverage table (`coverageTable`) against the nested `coverage` field on the whole demo
 * union: the same figures for every organization, every organization once across pages, one SQL
 * statement per page, and the caller's scope.
 */
let harness: StackHarness;
let central: string;
const ids = new Map<string, string>();
const id = (code: string): string => {
  const found = ids.get(code);
  if (!found) throw new Error(`no organization ${code} in the demo union`);
  return found;
};

beforeAll(async () => {
  harness = await openStackHarness('coverage_table', {}, { demo: 'union' });
  central = harness.token({ sub: 'e2e-central', roles: [Role.CENTRAL_ADMIN] });
  const organizations = harness.stack.subgraphs.get('organizations');
  if (!organizations) throw new Error('organizations subgraph is not running');
  const rows = await organizations.orm.em
    .fork()
    .execute<{ id: string; code: string }[]>(`select id, code from organizations.organization`);
  for (const row of rows) ids.set(row.code, row.id);
}, 180_000);
afterAll(() => harness?.close());

interface Ratio {
  numerator: number;
  denominator: number | null;
  ratio: number | null;
}
interface TableRow {
  id: string;
  code: string;
  name: string;
  level: string;
  parentId: string | null;
  depth: number;
  path: string[];
  reportDate: string | null;
  members: Ratio;
  youth: Ratio;
  primaryOrganizations: Ratio;
  territorialOrganizations: Ratio;
  cards: { plastic: Ratio; virtual: Ratio; bonusParticipants: Ratio };
}
interface TablePage {
  rows: TableRow[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface NestedCoverage {
  reportDate: string | null;
  members: Ratio;
  youth: Ratio;
  organizations: { primary: Ratio; territorial: Ratio };
  cards: { plastic: Ratio; virtual: Ratio; bonusParticipants: Ratio };
}
interface NestedNode {
  id: string;
  code: string;
  coverage: NestedCoverage;
  children?: NestedNode[];
}

const RATIO = '{ numerator denominator ratio }';
const ROW = `id code name level parentId depth path reportDate members ${RATIO} youth ${RATIO} primaryOrganizations ${RATIO} territorialOrganizations ${RATIO}
  cards { plastic ${RATIO} virtual ${RATIO} bonusParticipants ${RATIO} }`;
const TABLE = `query ($rootId: UUID!, $depth: Int, $asOf: LocalDate, $reportDate: LocalDate, $first: Int, $after: String) {
  coverageTable(rootId: $rootId, depth: $depth, asOf: $asOf, reportDate: $reportDate, first: $first, after: $after) { rows { ${ROW} } pageInfo { hasNextPage endCursor } } }`;
const COVERAGE = `coverage(asOf: $asOf, reportDate: $reportDate) { reportDate members ${RATIO} youth ${RATIO} organizations { primary ${RATIO} territorial ${RATIO} }
  cards { plastic ${RATIO} virtual ${RATIO} bonusParticipants ${RATIO} } }`;
const NESTED = `query ($id: UUID!, $asOf: LocalDate, $reportDate: LocalDate) {
  organization(id: $id) { id code ${COVERAGE} children { id code ${COVERAGE} children { id code ${COVERAGE} } } } }`;

/** Every page of the table, in order. */
async function wholeTable(variables: Record<string, unknown>, token = central): Promise<TablePage[]> {
  const pages: TablePage[] = [];
  let after: string | null = null;
  do {
    const page: TablePage = fieldOf<TablePage>(
      await harness.post(TABLE, { ...variables, after }, { token }),
      'coverageTable',
    );
    pages.push(page);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
  return pages;
}

const flatten = (node: NestedNode): NestedNode[] => [node, ...(node.children ?? []).flatMap(flatten)];

describe('coverageTable', () => {
  it.each([
    { asOf: null, reportDate: null },
    { asOf: '2025-06-01', reportDate: null },
    { asOf: null, reportDate: '2025-01-01' },
  ])(
    'has the nested coverage field’s figures for every organization of a region (asOf $asOf, report $reportDate)',
    async ({ asOf, reportDate }) => {
      const region = id('77');
      const nested = fieldOf<NestedNode>(
        await harness.post(NESTED, { id: region, asOf, reportDate }, { token: central }),
        'organization',
      );
      const expected = flatten(nested)
        .map(({ id: organizationId, code, coverage }) => ({
          id: organizationId,
          code,
          reportDate: coverage.reportDate,
          members: coverage.members,
          youth: coverage.youth,
          primaryOrganizations: coverage.organizations.primary,
          territorialOrganizations: coverage.organizations.territorial,
          cards: coverage.cards,
        }))
        .sort((a, b) => a.code.localeCompare(b.code));
      const [page, ...more] = await wholeTable({ rootId: region, asOf, reportDate, first: 5000 });
      expect(more).toEqual([]);
      const rows = page?.rows ?? [];
      const actual = rows.map(
        ({
          id: organizationId,
          code,
          reportDate: date,
          members,
          youth,
          primaryOrganizations,
          territorialOrganizations,
          cards,
        }) => ({
          id: organizationId,
          code,
          reportDate: date,
          members,
          youth,
          primaryOrganizations,
          territorialOrganizations,
          cards,
        }),
      );
      expect(rows.length).toBeGreaterThan(5);
      expect([...actual].sort((a, b) => a.code.localeCompare(b.code))).toEqual(expected);
      // Some figures must be real for the comparison to mean anything.
      expect(rows.some((row) => row.members.numerator > 0 && row.members.denominator !== null)).toBe(true);
      const root = rows.find((row) => row.id === region);
      expect(root).toMatchObject({ depth: 0, path: ['77'], level: 'REGIONAL' });
      for (const row of rows.filter((r) => r.depth > 0)) {
        const parent = rows.find((r) => r.id === row.parentId);
        expect(parent?.path).toEqual(row.path.slice(0, -1));
        expect(row.path.at(-1)).toBe(row.code);
      }
    },
  );

  it('lists every organization of the union exactly once across pages, one SQL statement per page', async () => {
    const counter = await harness.countStatements(['statistics']);
    const pages = await wholeTable({ rootId: id('0'), first: 100 });
    const statements = await counter.stop();
    const codes = pages.flatMap((page) => page.rows.map((row) => row.code));
    const active = [...ids.keys()];
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...active].sort());
    expect(pages.length).toBe(Math.ceil(active.length / 100));
    expect(statements).toBe(pages.length);

    const regions = fieldOf<TablePage>(
      await harness.post(TABLE, { rootId: id('0'), depth: 1, first: 5000 }, { token: central }),
      'coverageTable',
    );
    expect(regions.rows.length).toBe(86);
    expect(regions.pageInfo.hasNextPage).toBe(false);
  });

  it('is refused outside the caller’s subtree and with a forged cursor', async () => {
    const analyst = harness.token({ sub: 'e2e-analyst-77', roles: [Role.ANALYST], org: id('77') });
    const own = await harness.post(TABLE, { rootId: id('77'), first: 10 }, { token: analyst });
    expect(own.errors).toBeUndefined();
    const other = await harness.post(TABLE, { rootId: id('78'), first: 10 }, { token: analyst });
    expect(responseCodes(other)).toEqual(['FORBIDDEN']);
    expect(other.data).toBeNull();
    const cursor = await harness.post(
      TABLE,
      { rootId: id('77'), first: 10, after: 'not-a-cursor' },
      { token: central },
    );
    expect(responseCodes(cursor)).toEqual(['INVALID_CURSOR']);
    const tooMany = await harness.post(TABLE, { rootId: id('77'), first: 5001 }, { token: central });
    expect(responseCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('GET /export/coverage.csv', () => {
  const exportUrl = (query: Record<string, string>): string =>
    `${harness.stack.gatewayUrl.replace(/\/graphql$/, '')}/export/coverage.csv?${new URLSearchParams(query).toString()}`;

  it('streams one row per organization of the union, with coverageTable’s figures', async () => {
    const response = await fetch(exportUrl({ rootId: id('0') }), { headers: { authorization: `Bearer ${central}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const [header, ...lines] = (await response.text()).split('\r\n').filter((line) => line !== '');
    expect(header?.split(',')).toEqual(COVERAGE_CSV_HEADER);
    expect(lines.length).toBe(ids.size);
    const expected = (await wholeTable({ rootId: id('0'), first: 5000 })).flatMap((page) =>
      page.rows.map(coverageCsvLine),
    );
    expect(lines.map((line) => `${line}\r\n`)).toEqual(expected);
  });

  it('authenticates as /graphql does: no token 401, another region 403', async () => {
    expect((await fetch(exportUrl({ rootId: id('0') }))).status).toBe(401);
    const analyst = harness.token({ sub: 'e2e-analyst-77', roles: [Role.ANALYST], org: id('77') });
    expect(
      (await fetch(exportUrl({ rootId: id('78') }), { headers: { authorization: `Bearer ${analyst}` } })).status,
    ).toBe(403);
    expect(
      (
        await fetch(exportUrl({ rootId: id('0'), asOf: 'yesterday' }), {
          headers: { authorization: `Bearer ${central}` },
        })
      ).status,
    ).toBe(400);
  });
});
