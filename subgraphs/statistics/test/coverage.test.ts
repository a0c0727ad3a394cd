import { countQueries } from '@registry/lib/testing';
import { membersSubgraph } from '@registry/members';
import { YOUTH_AGE } from '@registry/members/contract';
import { admitMember } from '@registry/members/testing';
import { organizationsSubgraph, seedDemoUnion } from '@registry/organizations';
import type { SubgraphHarness } from '@registry/tests';
import { analystOf, centralAdmin, errorCodes, openSubgraphHarness } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statisticsSubgraph } from '../src';

let harness: SubgraphHarness;
const ids = new Map<string, string>();
const id = (code: string): string => ids.get(code) ?? '';

/** Members spread over the demo union deterministically: primary organization i gets i % 4 members. */
async function admitSpread(): Promise<void> {
  const [, membersOrm] = harness.others;
  if (!membersOrm) throw new Error('members subgraph did not open');
  const primaries = await harness.orm.em
    .fork()
    .execute<{ id: string; code: string }[]>(
      "select id, code from organizations.organization_v1 where level = 'PRIMARY' and code like '7%' order by code",
    );
  let serial = 0;
  for (const [index, primary] of primaries.entries()) {
    for (let k = 0; k < index % 4; k += 1) {
      serial += 1;
      const em = membersOrm.em.fork();
      await em.transactional((tx) =>
        admitMember(
          tx,
          {
            organizationId: primary.id,
            lastName: 'Тестова',
            firstName: `Анна${'а'.repeat(serial % 7)}`,
            middleName: `Номер${'о'.repeat(serial)}`,
            birthDate: serial % 3 === 0 ? '1960-01-01' : '1998-06-01',
            category: serial % 5 === 0 ? 'STUDENT' : 'EMPLOYEE',
            phone: serial % 2 === 0 ? '+79160000000' : null,
            consentVersion: '2026-01',
            joinedOn: '2025-01-10',
          },
          'test',
        ),
      );
    }
  }
}

beforeAll(async () => {
  harness = await openSubgraphHarness(statisticsSubgraph, { requires: [organizationsSubgraph, membersSubgraph] });
  const [organizationsOrm] = harness.others;
  if (!organizationsOrm) throw new Error('organizations subgraph did not open');
  await seedDemoUnion(organizationsOrm.em.fork());
  for (const row of await harness.orm.em
    .fork()
    .execute<{ id: string; code: string }[]>('select id, code from organizations.organization_v1')) {
    ids.set(row.code, row.id);
  }
  await admitSpread();
  // The report: regions 77 and 78 state their figures; the council states its own; 79 states
  // nothing itself but its territorial organizations do (with no territorials below them).
  const BASELINE = `mutation ($input: ReportBaselineInput!) { setReportBaseline(input: $input) { members } }`;
  const report = (code: string, members: number, primary: number) =>
    harness.execute(
      BASELINE,
      {
        input: {
          organizationId: id(code),
          reportDate: '2026-01-01',
          members,
          employees: members - 1,
          students: 1,
          primaryOrganizations: primary,
          territorialOrganizations: code.includes('-') ? 0 : 2,
        },
      },
      centralAdmin,
    );
  for (const [code, members, primary] of [
    ['77', 20, 8],
    ['78', 10, 6],
    ['79-001', 5, 3],
    ['79-002', 7, 4],
    ['0', 1000, 700],
  ] as const) {
    const result = await report(code, members, primary);
    expect(result.errors).toBeUndefined();
  }
});
afterAll(() => harness.close());

const COVERAGE = `query ($reps: [_Any!]!, $asOf: LocalDate) { _entities(representations: $reps) { ... on Organization { id coverage(asOf: $asOf) {
  reportDate report { members primaryOrganizations } members { numerator denominator ratio } youth { numerator denominator }
  organizations { primary { numerator denominator } territorial { numerator } } completeness { passports memberRecords } } } } }`;

interface CoverageRow {
  id: string;
  coverage: {
    reportDate: string | null;
    report: { members: number; primaryOrganizations: number } | null;
    members: { numerator: number; denominator: number | null; ratio: number | null };
    youth: { numerator: number; denominator: number };
    organizations: { primary: { numerator: number; denominator: number | null }; territorial: { numerator: number } };
    completeness: { passports: number | null; memberRecords: number | null };
  };
}

async function coverageOf(codes: string[], asOf?: string): Promise<CoverageRow[]> {
  const result = await harness.execute(
    COVERAGE,
    { reps: codes.map((code) => ({ __typename: 'Organization', id: id(code) })), asOf },
    centralAdmin,
  );
  expect(result.errors).toBeUndefined();
  return result.data?.['_entities'] as CoverageRow[];
}

/** The brute-force recount a test trusts: walk the tree in TypeScript. */
async function recount(code: string): Promise<{ members: number; youth: number; primaries: number }> {
  const em = harness.orm.em.fork();
  const organizations = await em.execute<{ id: string; parent_id: string | null; level: string }[]>(
    'select id, parent_id, level from organizations.organization_v1',
  );
  const members = await em.execute<{ organization_id: string; birth_date: string }[]>(
    "select organization_id, to_char(birth_date, 'YYYY-MM-DD') as birth_date from members.member_v1 where status = 'ACTIVE'",
  );
  const inside = new Set([id(code)]);
  for (let grew = true; grew;) {
    grew = false;
    for (const organization of organizations) {
      if (organization.parent_id && inside.has(organization.parent_id) && !inside.has(organization.id)) {
        inside.add(organization.id);
        grew = true;
      }
    }
  }
  const cutoff = `${new Date().getUTCFullYear() - YOUTH_AGE}`;
  const mine = members.filter((member) => inside.has(member.organization_id));
  return {
    members: mine.length,
    youth: mine.filter((member) => member.birth_date.slice(0, 4) > cutoff).length,
    primaries: organizations.filter((organization) => inside.has(organization.id) && organization.level === 'PRIMARY')
      .length,
  };
}

describe('coverage at any depth', () => {
  it('matches a brute-force recount for a region and every organization below it', async () => {
    const codes = [...ids.keys()].filter((code) => code === '77' || code.startsWith('77-'));
    const rows = await coverageOf(codes);
    for (const [index, code] of codes.entries()) {
      const expected = await recount(code);
      const row = rows[index];
      expect(row?.coverage.members.numerator, code).toBe(expected.members);
      expect(row?.coverage.youth.numerator, code).toBe(expected.youth);
      expect(row?.coverage.organizations.primary.numerator, code).toBe(expected.primaries);
    }
    expect(rows[0]?.coverage.members.numerator).toBeGreaterThan(0);
  });

  it('keeps youth exact while the members tally still counts against another cutoff', async () => {
    // Members were born on 1960-01-01 or 1998-06-01: a stored cutoff of 1999 counts none of them
    // young, so the whole youth figure comes from the correction for the births in between.
    const [, membersOrm] = harness.others;
    if (!membersOrm) throw new Error('members subgraph did not open');
    await membersOrm.em.fork().execute("select members.advance_youth_cutoff(date '1999-01-01')");
    try {
      const codes = [...ids.keys()].filter((code) => code === '77' || code.startsWith('77-'));
      const rows = await coverageOf(codes);
      for (const [index, code] of codes.entries())
        expect(rows[index]?.coverage.youth.numerator, code).toBe((await recount(code)).youth);
      expect(rows[0]?.coverage.youth.numerator).toBeGreaterThan(0);
    } finally {
      await membersOrm.em
        .fork()
        .execute("select members.advance_youth_cutoff((current_date - interval '35 years')::date)");
    }
  });

  it('uses a stated baseline as is, and sums the children’s where none is stated', async () => {
    const [moscow, spb, jewish, council, adygea] = await coverageOf(['77', '78', '79', '0', '01']);
    expect(moscow?.coverage.report).toEqual({ members: 20, primaryOrganizations: 8 });
    expect(spb?.coverage.report).toEqual({ members: 10, primaryOrganizations: 6 });
    expect(jewish?.coverage.report).toEqual({ members: 12, primaryOrganizations: 7 });
    expect(council?.coverage.report).toEqual({ members: 1000, primaryOrganizations: 700 });
    expect(adygea?.coverage.report).toBeNull();
    expect(adygea?.coverage.members.ratio).toBeNull();
    const expectedRatio = (moscow?.coverage.members.numerator ?? 0) / 20;
    expect(moscow?.coverage.members).toEqual({
      numerator: moscow?.coverage.members.numerator,
      denominator: 20,
      ratio: expectedRatio,
    });
    expect(moscow?.coverage.reportDate).toBe('2026-01-01');
  });

  it('counts on a past date from membership history', async () => {
    const [before] = await coverageOf(['77'], '2024-12-31');
    expect(before?.coverage.members.numerator).toBe(0);
    expect(before?.coverage.reportDate).toBeNull();
  });

  it('costs the same SQL statements for 3 organizations as for 255', async () => {
    const few = ['77', '78', '79'];
    const many = [...ids.keys()].filter((code) => code.length > 2).slice(0, 255);
    const statements = async (codes: string[]): Promise<number> => {
      const counter = countQueries(harness.orm);
      await coverageOf(codes);
      counter.detach();
      return counter.statements.length;
    };
    const a = await statements(few);
    const b = await statements(many);
    expect(b).toBe(a);
    // The coverage figures (report date, report, registry, members, youth) and completeness.
    expect(a).toBe(2);
  });

  it('answers the benchmark’s coverage of a batch with one SQL statement', async () => {
    const BENCHMARK = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { id coverage {
      members { numerator denominator ratio } organizations { primary { numerator denominator ratio } } youth { numerator denominator ratio } } } } }`;
    for (const codes of [['77'], [...ids.keys()].filter((code) => code.length > 2).slice(0, 255)]) {
      const counter = countQueries(harness.orm);
      const result = await harness.execute(
        BENCHMARK,
        { reps: codes.map((code) => ({ __typename: 'Organization', id: id(code) })) },
        centralAdmin,
      );
      counter.detach();
      expect(result.errors).toBeUndefined();
      expect(result.data?.['_entities']).toHaveLength(codes.length);
      expect(counter.statements, `${codes.length} organizations`).toHaveLength(1);
    }
  });

  it('keeps passport and member-record completeness in step with the subgraphs’ own rules', async () => {
    const [council] = await coverageOf(['0']);
    expect(council?.coverage.completeness.passports).toBeGreaterThan(0);
    expect(council?.coverage.completeness.passports).toBeLessThan(1);
    expect(council?.coverage.completeness.memberRecords).toBeGreaterThan(0);
  });
});

describe('rankings', () => {
  it('ranks regions by members on record with correct percents, above a threshold', async () => {
    const result = await harness.execute(
      `query ($parent: UUID!) { ranking(parentId: $parent, metric: MEMBERS_ON_RECORD) { place code numerator denominator percent } }`,
      { parent: id('0') },
      centralAdmin,
    );
    expect(result.errors).toBeUndefined();
    const rows = result.data?.['ranking'] as {
      place: number;
      code: string;
      numerator: number;
      denominator: number | null;
      percent: number | null;
    }[];
    expect(rows).toHaveLength(85);
    const withReport = rows.filter((row) => row.percent !== null);
    expect(withReport.map((row) => row.code).sort()).toEqual(['77', '78', '79']);
    for (const row of withReport)
      expect(row.percent).toBe(Math.round((row.numerator / (row.denominator ?? 1)) * 10000) / 100);
    expect(withReport.map((row) => row.percent)).toEqual(
      [...withReport.map((row) => row.percent)].sort((a, b) => (b ?? 0) - (a ?? 0)),
    );
    expect(rows.slice(0, 3).map((row) => row.place)).toEqual([1, 2, 3]);

    const above = await harness.execute(
      `query ($parent: UUID!) { ranking(parentId: $parent, metric: MEMBERS_ON_RECORD, threshold: 50) { code percent } }`,
      { parent: id('0') },
      centralAdmin,
    );
    const kept = above.data?.['ranking'] as { percent: number }[];
    expect(kept.every((row) => row.percent > 50)).toBe(true);
  });

  it('ranks descendants of a level, and refuses what is outside an analyst’s subtree', async () => {
    const result = await harness.execute(
      `query ($parent: UUID!) { ranking(parentId: $parent, metric: YOUTH_SHARE, level: PRIMARY) { code } }`,
      { parent: id('77') },
      analystOf(id('77')),
    );
    expect((result.data?.['ranking'] as unknown[]).length).toBe(6);
    const outside = await harness.execute(
      `query ($parent: UUID!) { ranking(parentId: $parent, metric: YOUTH_SHARE) { code } }`,
      { parent: id('78') },
      analystOf(id('77')),
    );
    expect(errorCodes(outside)).toEqual(['FORBIDDEN']);
  });

  it('refuses bad report figures with a typed error and writes nothing', async () => {
    const before = await harness.orm.em
      .fork()
      .execute<{ n: number }[]>('select count(*)::int as n from statistics.report_baseline');
    const result = await harness.execute(
      `mutation ($input: ReportBaselineInput!) { setReportBaseline(input: $input) { members } }`,
      {
        input: {
          organizationId: id('77'),
          reportDate: '2026-02-01',
          members: 5,
          employees: 6,
          students: 0,
          primaryOrganizations: -1,
          territorialOrganizations: 0,
        },
      },
      centralAdmin,
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    const after = await harness.orm.em
      .fork()
      .execute<{ n: number }[]>('select count(*)::int as n from statistics.report_baseline');
    expect(after).toEqual(before);
  });
});

describe('report import', () => {
  it('loads the report for many organizations from CSV, reports bad rows, and re-importing changes nothing', async () => {
    const csv = [
      'organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations',
      '01,2026-01-01,40,30,10,6,2',
      '02,2026-01-01,50,50,0,6,2',
      'XX,2026-01-01,1,1,0,1,0',
      '03,2026-13-01,5,5,0,1,0',
      '04,2026-01-01,5,6,0,1,0',
      '01,2026-01-01,41,30,10,6,2',
    ].join('\n');
    const IMPORT =
      'mutation ($csv: String!) { importReportBaselines(csv: $csv) { rows loaded errors { line field errorCode } } }';
    const first = await harness.execute(IMPORT, { csv }, centralAdmin);
    expect(first.data?.['importReportBaselines']).toEqual({
      rows: 6,
      loaded: 2,
      errors: [
        { line: 4, field: 'organization_code', errorCode: 'NOT_FOUND' },
        { line: 5, field: 'report_date', errorCode: 'BAD_USER_INPUT' },
        { line: 6, field: 'members', errorCode: 'BAD_USER_INPUT' },
        { line: 7, field: 'organization_code', errorCode: 'ALREADY_EXISTS' },
      ],
    });
    const [adygea] = await coverageOf(['01']);
    expect(adygea?.coverage.report).toEqual({ members: 40, primaryOrganizations: 6 });
    const again = await harness.execute(IMPORT, { csv }, centralAdmin);
    expect((again.data?.['importReportBaselines'] as { loaded: number }).loaded).toBe(2);
    expect(errorCodes(await harness.execute(IMPORT, { csv }, analystOf(id('01'))))).toEqual(['FORBIDDEN']);
  });
});
