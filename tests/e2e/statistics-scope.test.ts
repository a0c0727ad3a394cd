import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';
import { openStackHarness } from '../support/stack-harness';
import type { Caller } from './scope-callers';
import { callersOf, codesOf, digestOf, ormOf, REFUSED, viaGateway, viaSubgraph } from './scope-callers';

/**
 * The scope promise of the statistics subgraph: every figure and every report write is refused
 * outside the caller's subtree, through the gateway and straight at the subgraph's port, and
 * nothing is written; inside the subtree the same operations answer.
 */
let harness: StackHarness;
let callers: ReturnType<typeof callersOf>;
const ids = new Map<string, string>();
const id = (code: string): string => {
  const found = ids.get(code);
  if (!found) throw new Error(`no organization ${code} in the demo union`);
  return found;
};
const forms = { submittedB: '', draftB: '', readableA: '' };
const REPORT_DATE = '2026-07-01';
const TABLES = ['statistics.report_baseline', 'statistics.report_form', 'statistics.form_template'];

async function asCentral<T>(query: string, variables: Record<string, unknown>, field: string): Promise<T> {
  const response = await viaGateway(harness, query, variables, callers.central);
  if (response.errors) throw new Error(`unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data?.[field] as T;
}

const GENERATE =
  'mutation ($org: UUID!, $date: LocalDate!) { generateReportForm(organizationId: $org, reportDate: $date) { id status rows { key value } } }';
const SUBMIT = 'mutation ($id: UUID!) { submitReportForm(id: $id) { id status } }';

beforeAll(async () => {
  harness = await openStackHarness('statistics_scope');
  const organizations = await ormOf(harness, 'organizations')
    .em.fork()
    .execute<{ id: string; code: string }[]>(
      `select id, code from organizations.organization where code ~ '^(0|77|78)(-|$)'`,
    );
  for (const row of organizations) ids.set(row.code, row.id);
  // Form usage counts the organizations in the registry on the report date (July); the demo union
  // is loaded at start, so date its entry into the registry back to January.
  await ormOf(harness, 'organizations')
    .em.fork()
    .execute(`update organizations.organization set created_at = '2026-01-01T00:00:00Z'`);
  callers = callersOf(harness, id('77'));
  const report = [
    'organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations',
    '77,2026-01-01,40,30,10,6,2',
    '78,2026-01-01,25,20,5,6,2',
  ];
  await asCentral(
    'mutation ($csv: String!) { importReportBaselines(csv: $csv) { loaded } }',
    { csv: report.join('\n') },
    'importReportBaselines',
  );
  const submittedB = await asCentral<{ id: string }>(
    GENERATE,
    { org: id('78-001-0001'), date: REPORT_DATE },
    'generateReportForm',
  );
  await asCentral(SUBMIT, { id: submittedB.id }, 'submitReportForm');
  forms.submittedB = submittedB.id;
  forms.draftB = (
    await asCentral<{ id: string }>(GENERATE, { org: id('78-002-0001'), date: REPORT_DATE }, 'generateReportForm')
  ).id;
  forms.readableA = (
    await asCentral<{ id: string }>(GENERATE, { org: id('77-002-0001'), date: REPORT_DATE }, 'generateReportForm')
  ).id;
});
afterAll(() => harness?.close());

interface Operation {
  readonly name: string;
  /** Through the gateway. */
  readonly query: string;
  /** At the statistics port, when it differs (entity fields go through `_entities`). */
  readonly subgraphQuery?: string;
  readonly variables: () => Record<string, unknown>;
  readonly subgraphVariables?: () => Record<string, unknown>;
  /** A field name that appears in the answer only when figures or a form were given out. */
  readonly leak: string;
}

const COVERAGE_FIELDS = 'coverage { members { numerator denominator } youth { numerator } completeness { passports } }';
const coverageOf = (code: string): Operation => ({
  name: `coverage of ${code}`,
  query: `query ($id: UUID!) { organization(id: $id) { id ${COVERAGE_FIELDS} } }`,
  subgraphQuery: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id ${COVERAGE_FIELDS} } } }`,
  variables: () => ({ id: id(code) }),
  subgraphVariables: () => ({ r: [{ __typename: 'Organization', id: id(code) }] }),
  leak: 'numerator',
});

/** Every statistics operation, aimed at region B (78) and its forms. */
const AGAINST_B: readonly Operation[] = [
  coverageOf('78'),
  coverageOf('78-001-0001'),
  {
    name: 'ranking',
    query: 'query ($id: UUID!) { ranking(parentId: $id, metric: MEMBERS_ON_RECORD) { code numerator } }',
    variables: () => ({ id: id('78') }),
    leak: 'numerator',
  },
  {
    name: 'reportForm',
    query: 'query ($id: UUID!) { reportForm(id: $id) { id rows { key value } } }',
    variables: () => ({ id: forms.submittedB }),
    leak: 'rows',
  },
  {
    name: 'exportReportForm',
    query: 'query ($id: UUID!) { exportReportForm(id: $id) { fileName csv } }',
    variables: () => ({ id: forms.submittedB }),
    leak: 'csv',
  },
  {
    name: 'reportFormUsage',
    query:
      'query ($id: UUID!, $date: LocalDate!) { reportFormUsage(reportDate: $date, organizationId: $id) { level organizations submitted } }',
    variables: () => ({ id: id('78'), date: REPORT_DATE }),
    leak: 'submitted',
  },
  {
    name: 'setReportBaseline',
    query: 'mutation ($input: ReportBaselineInput!) { setReportBaseline(input: $input) { members } }',
    variables: () => ({
      input: {
        organizationId: id('78'),
        reportDate: '2026-02-01',
        members: 9,
        employees: 9,
        students: 0,
        primaryOrganizations: 6,
        territorialOrganizations: 2,
      },
    }),
    leak: 'members',
  },
  {
    name: 'importReportBaselines',
    query: 'mutation ($csv: String!) { importReportBaselines(csv: $csv) { loaded } }',
    variables: () => ({
      csv: 'organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations\n78,2026-03-01,9,9,0,6,2',
    }),
    leak: 'loaded',
  },
  {
    name: 'generateReportForm',
    query: GENERATE,
    variables: () => ({ org: id('78-001-0002'), date: REPORT_DATE }),
    leak: 'rows',
  },
  {
    name: 'regenerate a draft',
    query: GENERATE,
    variables: () => ({ org: id('78-002-0001'), date: REPORT_DATE }),
    leak: 'rows',
  },
  { name: 'submitReportForm', query: SUBMIT, variables: () => ({ id: forms.draftB }), leak: 'status' },
];

async function expectRefused(operation: Operation, who: Caller): Promise<void> {
  const answers: [string, GatewayResponse][] = [
    ['gateway', await viaGateway(harness, operation.query, operation.variables(), who)],
    [
      'statistics port',
      await viaSubgraph(
        harness,
        'statistics',
        operation.subgraphQuery ?? operation.query,
        (operation.subgraphVariables ?? operation.variables)(),
        who,
      ),
    ],
  ];
  for (const [how, answer] of answers) {
    const label = `${operation.name} as ${who.name} via ${how}: ${JSON.stringify(answer)}`;
    expect(REFUSED, label).toContainEqual(codesOf(answer));
    expect(JSON.stringify(answer.data ?? null), label).not.toContain(`"${operation.leak}"`);
  }
}

describe('statistics outside the caller’s scope', () => {
  for (const who of ['orgAdminA', 'analystA', 'member', 'anonymous'] as const) {
    describe(`as ${who}`, () => {
      for (const operation of AGAINST_B) {
        it(`refuses ${operation.name} in region B, and writes nothing`, async () => {
          const before = await digestOf(ormOf(harness, 'statistics'), TABLES);
          await expectRefused(operation, callers[who]);
          expect(await digestOf(ormOf(harness, 'statistics'), TABLES)).toEqual(before);
        });
      }
    });
  }

  it('refuses members and anonymous callers region A too', async () => {
    const before = await digestOf(ormOf(harness, 'statistics'), TABLES);
    const againstA: Operation[] = [
      coverageOf('77'),
      {
        name: 'ranking of A',
        query: 'query ($id: UUID!) { ranking(parentId: $id, metric: YOUTH_SHARE) { code numerator } }',
        variables: () => ({ id: id('77') }),
        leak: 'numerator',
      },
      {
        name: 'reportForm of A',
        query: 'query ($id: UUID!) { reportForm(id: $id) { id rows { key } } }',
        variables: () => ({ id: forms.readableA }),
        leak: 'rows',
      },
      {
        name: 'usage, no organization',
        query: 'query ($date: LocalDate!) { reportFormUsage(reportDate: $date) { level submitted } }',
        variables: () => ({ date: REPORT_DATE }),
        leak: 'submitted',
      },
      {
        name: 'generateReportForm in A',
        query: GENERATE,
        variables: () => ({ org: id('77-001-0003'), date: REPORT_DATE }),
        leak: 'rows',
      },
    ];
    for (const who of [callers.member, callers.anonymous])
      for (const operation of againstA) await expectRefused(operation, who);
    expect(await digestOf(ormOf(harness, 'statistics'), TABLES)).toEqual(before);
  });

  it('refuses an analyst of A every report write inside A, and writes nothing', async () => {
    const before = await digestOf(ormOf(harness, 'statistics'), TABLES);
    const writes: Operation[] = [
      {
        name: 'setReportBaseline in A',
        query: 'mutation ($input: ReportBaselineInput!) { setReportBaseline(input: $input) { members } }',
        variables: () => ({
          input: {
            organizationId: id('77-001'),
            reportDate: '2026-02-01',
            members: 9,
            employees: 9,
            students: 0,
            primaryOrganizations: 3,
            territorialOrganizations: 0,
          },
        }),
        leak: 'members',
      },
      {
        name: 'generateReportForm in A',
        query: GENERATE,
        variables: () => ({ org: id('77-001-0002'), date: REPORT_DATE }),
        leak: 'rows',
      },
      { name: 'submitReportForm in A', query: SUBMIT, variables: () => ({ id: forms.readableA }), leak: 'status' },
    ];
    for (const operation of writes) await expectRefused(operation, callers.analystA);
    expect(await digestOf(ormOf(harness, 'statistics'), TABLES)).toEqual(before);
  });

  it('gives an admin of A the coverage of A’s node in a list of all regions, and FORBIDDEN on each other node alone', async () => {
    for (const who of [callers.orgAdminA, callers.analystA]) {
      const answer = await viaGateway(
        harness,
        '{ root { coverage { members { numerator } } children { code coverage { members { numerator } } } } }',
        {},
        who,
      );
      const root = answer.data?.['root'] as {
        coverage: unknown;
        children: { code: string; coverage: { members: { numerator: number } } | null }[];
      };
      expect(root.coverage).toBeNull();
      expect(root.children).toHaveLength(85);
      expect(root.children.filter((child) => child.coverage !== null).map((child) => child.code)).toEqual(['77']);
      expect(answer.errors?.length).toBe(85);
      expect(codesOf(answer)).toEqual(['FORBIDDEN']);
    }
  });

  it('checks the scope of a whole tree level in one statement', async () => {
    const perDepth: number[] = [];
    for (const query of [
      '{ root { coverage { members { numerator } } } }',
      '{ root { children { coverage { members { numerator } } } } }',
      '{ root { children { children { coverage { members { numerator } } } } } }',
    ]) {
      const counter = await harness.countStatements(['statistics']);
      const answer = await viaGateway(harness, query, {}, callers.orgAdminA);
      const statements = await counter.stop();
      expect(codesOf(answer)).toEqual(['FORBIDDEN']);
      perDepth.push(statements);
    }
    // The root: the scope check only (outside A, no figures); 85 regions and 170 territorial
    // organizations: one scope check and one statement of figures for the nodes inside A.
    expect(perDepth).toEqual([1, 2, 2]);
  });
});

describe('statistics inside the caller’s scope', () => {
  it('answers an admin and an analyst of A with A’s figures and forms, at the gateway and at the port', async () => {
    for (const who of [callers.orgAdminA, callers.analystA]) {
      const coverage = await viaGateway(harness, coverageOf('77').query, { id: id('77') }, who);
      expect(coverage.errors).toBeUndefined();
      const region = coverage.data?.['organization'] as {
        coverage: { members: { numerator: number; denominator: number } };
      };
      expect(region.coverage.members.denominator).toBe(40);
      const atPort = await viaSubgraph(
        harness,
        'statistics',
        coverageOf('77').subgraphQuery ?? '',
        { r: [{ __typename: 'Organization', id: id('77') }] },
        who,
      );
      expect(atPort.errors).toBeUndefined();
      expect(atPort.data?.['_entities']).toEqual([{ id: id('77'), coverage: region.coverage }]);

      const ranking = await viaGateway(
        harness,
        'query ($id: UUID!) { ranking(parentId: $id, metric: MEMBERS_ON_RECORD) { code } }',
        { id: id('77') },
        who,
      );
      expect((ranking.data?.['ranking'] as { code: string }[]).map((row) => row.code).sort()).toEqual([
        '77-001',
        '77-002',
      ]);

      const form = await viaGateway(
        harness,
        'query ($id: UUID!) { reportForm(id: $id) { id organization { code } rows { key } } }',
        { id: forms.readableA },
        who,
      );
      expect(form.errors).toBeUndefined();
      expect(form.data?.['reportForm']).toMatchObject({ id: forms.readableA, organization: { code: '77-002-0001' } });
      const exported = await viaGateway(
        harness,
        'query ($id: UUID!) { exportReportForm(id: $id) { fileName csv } }',
        { id: forms.readableA },
        who,
      );
      expect((exported.data?.['exportReportForm'] as { fileName: string }).fileName).toContain('77-002-0001');

      // No organization given: the caller's own subtree (1 region, 2 territorial, 6 primary organizations).
      for (const variables of [{ date: REPORT_DATE }, { date: REPORT_DATE, id: id('77') }]) {
        const usage = await viaGateway(
          harness,
          'query ($date: LocalDate!, $id: UUID) { reportFormUsage(reportDate: $date, organizationId: $id) { level organizations generated } }',
          variables,
          who,
        );
        expect(usage.data?.['reportFormUsage']).toEqual([
          { level: 'PRIMARY', organizations: 6, generated: 1 },
          { level: 'REGIONAL', organizations: 1, generated: 0 },
          { level: 'TERRITORIAL', organizations: 2, generated: 0 },
        ]);
      }
    }
  });

  it('keeps the old call of reportFormUsage working for central admins: the whole union', async () => {
    const usage = await asCentral<{ level: string; organizations: number; generated: number }[]>(
      'query ($date: LocalDate!) { reportFormUsage(reportDate: $date) { level organizations generated } }',
      { date: REPORT_DATE },
      'reportFormUsage',
    );
    expect(usage).toEqual([
      { level: 'PRIMARY', organizations: 85 * 6, generated: 3 },
      { level: 'REGIONAL', organizations: 85, generated: 0 },
      { level: 'TERRITORIAL', organizations: 85 * 2, generated: 0 },
    ]);
  });

  it('lets an admin of A enter figures and generate and submit forms inside A', async () => {
    const baseline = await viaGateway(
      harness,
      'mutation ($input: ReportBaselineInput!) { setReportBaseline(input: $input) { members } }',
      {
        input: {
          organizationId: id('77-001'),
          reportDate: '2026-02-01',
          members: 9,
          employees: 9,
          students: 0,
          primaryOrganizations: 3,
          territorialOrganizations: 0,
        },
      },
      callers.orgAdminA,
    );
    expect(baseline.errors).toBeUndefined();
    const [stored] = await ormOf(harness, 'statistics')
      .em.fork()
      .execute<{ members: number; entered_by: string }[]>(
        `select members, entered_by from statistics.report_baseline where organization_id = ? and report_date = '2026-02-01'`,
        [id('77-001')],
      );
    expect(stored).toEqual({ members: 9, entered_by: 'e2e-org-admin-a' });

    const generated = await viaGateway(
      harness,
      GENERATE,
      { org: id('77-001-0001'), date: REPORT_DATE },
      callers.orgAdminA,
    );
    expect(generated.errors).toBeUndefined();
    const form = generated.data?.['generateReportForm'] as { id: string; status: string };
    expect(form.status).toBe('DRAFT');
    const submitted = await viaSubgraph(harness, 'statistics', SUBMIT, { id: form.id }, callers.orgAdminA);
    expect(submitted.data?.['submitReportForm']).toEqual({ id: form.id, status: 'SUBMITTED' });
  });
});
