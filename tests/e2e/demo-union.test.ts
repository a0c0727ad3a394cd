import { createHash } from 'node:crypto';
import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackHarness } from '../support/stack-harness';
import { openStackHarness } from '../support/stack-harness';

let harness: StackHarness;
let admin: string;
let rootId: string;
let loadSeconds: number;

async function gateway<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await harness.post(query, variables, { token: admin });
  if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

interface Ratio {
  numerator: number;
  denominator: number | null;
}

/** What the demo wrote, counted table by table, as one digest: equal digests, equal loads. */
async function digest(stack: StackHarness['stack']): Promise<{ digest: string; figures: Record<string, unknown>[] }> {
  const orm = stack.subgraphs.get('members')?.orm;
  if (!orm) throw new Error('Expected the members subgraph in the stack');
  const figures = await orm.em.fork().execute<Record<string, unknown>[]>(
    `select 'members' as what, status || '/' || category as key, count(*)::int as n, sum(joined_on - date '2000-01-01')::int as days from members.member group by 1, 2
     union all select 'periods', (valid_to is null)::text, count(*)::int, sum(valid_from - date '2000-01-01')::int from members.membership_period group by 1, 2
     union all select 'events', kind, count(*)::int, sum(occurred_on - date '2000-01-01')::int from members.membership_event group by 1, 2
     union all select 'applications', status, count(*)::int, 0 from members.membership_application group by 1, 2
     union all select 'cards', kind || '/' || status, count(*)::int, 0 from cards.union_card group by 1, 2
     union all select 'purchases', '', count(*)::int, sum(amount_kopecks)::int from cards.purchase group by 1, 2
     union all select 'bonus', channel, count(*)::int, 0 from cards.bonus_participant group by 1, 2
     union all select 'baselines', report_date::text, count(*)::int, sum(members)::int from statistics.report_baseline group by 1, 2
     union all select 'forms', status, count(*)::int, 0 from statistics.report_form group by 1, 2
     order by 1, 2`,
  );
  return { digest: createHash('sha256').update(JSON.stringify(figures)).digest('hex'), figures };
}

// Loading the demo union takes seconds of its own, more on a machine busy with other suites.
const LOAD_TIMEOUT = 120_000;

beforeAll(async () => {
  const started = Date.now();
  harness = await openStackHarness('demo_union', {}, { demo: 'union' });
  loadSeconds = (Date.now() - started) / 1000;
  admin = harness.token({ sub: 'e2e-central', roles: [Role.CENTRAL_ADMIN] });
  const { root } = await gateway<{ root: { id: string } }>('{ root { id } }');
  rootId = root.id;
}, LOAD_TIMEOUT);

afterAll(async () => {
  await harness.close();
});

describe('the demo union of npm start', () => {
  it('holds members measured against the reports of both years', async () => {
    const { root } = await gateway<{
      root: {
        y2025: { members: Ratio };
        y2026: { members: Ratio };
        today: { members: Ratio; youth: Ratio };
        past: { members: Ratio };
      };
    }>(
      `{ root {
          y2025: coverage(reportDate: "2025-01-01", asOf: "2025-01-01") { members { numerator denominator } }
          y2026: coverage(reportDate: "2026-01-01") { members { numerator denominator } }
          today: coverage { members { numerator denominator } youth { numerator denominator } }
          past: coverage(asOf: "2020-01-01") { members { numerator denominator } }
      } }`,
    );
    for (const { members } of [root.y2025, root.y2026]) {
      expect(members.numerator).toBeGreaterThan(0);
      expect(members.denominator ?? 0).toBeGreaterThan(members.numerator);
    }
    expect(root.today.members).toEqual(root.y2026.members);
    // The figures README's "Start" quotes: the demo dates nothing after DEMO_LAST_DATE, so they hold on any later day.
    expect(root.y2026.members).toEqual({ numerator: 2600, denominator: 3103 });
    expect(root.y2025.members).toEqual({ numerator: 2045, denominator: 2378 });
    expect(root.past.members.numerator).toBe(477);
    // Admissions over the years: fewer members on record in 2020, and no report that early.
    expect(root.past.members.numerator).toBeGreaterThan(0);
    expect(root.past.members.numerator).toBeLessThan(root.today.members.numerator);
    expect(root.past.members.denominator).toBeNull();
    expect(root.y2025.members.numerator).toBeLessThan(root.today.members.numerator);
    expect(root.today.youth.numerator).toBeGreaterThan(0);
    console.log(`demo union: loaded in ${loadSeconds.toFixed(1)} s; root coverage ${JSON.stringify(root)}`);
  });

  it('ranks regions above 90 %, between 80 and 90 % and below 80 %', async () => {
    const { ranking } = await gateway<{ ranking: { code: string; percent: number | null }[] }>(
      'query ($id: UUID!) { ranking(parentId: $id, metric: MEMBERS_ON_RECORD) { code percent } }',
      { id: rootId },
    );
    expect(ranking).toHaveLength(85);
    const percents = ranking.map((row) => row.percent ?? -1);
    expect(percents.filter((p) => p > 90).length).toBeGreaterThan(10);
    expect(percents.filter((p) => p > 80 && p <= 90).length).toBeGreaterThan(10);
    expect(percents.filter((p) => p <= 80).length).toBeGreaterThan(10);
    expect(Math.min(...percents)).toBeGreaterThanOrEqual(70);
    expect(Math.max(...percents)).toBeLessThan(100);
    console.log(
      `demo union: regions above 90 % ${percents.filter((p) => p > 90).length}, 80–90 % ${percents.filter((p) => p > 80 && p <= 90).length}, 70–80 % ${percents.filter((p) => p <= 80).length}`,
    );
  });

  it('has plastic and virtual cards, bonus participants and purchases', async () => {
    const { root } = await gateway<{
      root: {
        cardCounts: { plastic: number; virtual: number };
        bonusFigures: { participants: number; purchases: number };
      };
    }>('{ root { cardCounts { plastic virtual } bonusFigures { participants purchases } } }');
    expect(root.cardCounts.plastic).toBeGreaterThan(0);
    expect(root.cardCounts.virtual).toBeGreaterThan(0);
    expect(root.bonusFigures.participants).toBeGreaterThan(0);
    expect(root.bonusFigures.purchases).toBeGreaterThan(0);
    console.log(`demo union: ${JSON.stringify(root)}`);
  });

  it('has pending applications, and report forms both drafted and submitted', async () => {
    const orm = harness.stack.subgraphs.get('members')?.orm;
    if (!orm) throw new Error('Expected the members subgraph in the stack');
    const pending = await orm.em
      .fork()
      .execute<{ id: string }[]>(
        "select id from members.membership_application where status = 'PENDING' order by submitted_at",
      );
    expect(pending.length).toBeGreaterThan(0);
    const { membershipApplication } = await gateway<{ membershipApplication: { status: string } | null }>(
      'query ($id: UUID!) { membershipApplication(id: $id) { status } }',
      { id: pending[0]?.id },
    );
    expect(membershipApplication?.status).toBe('PENDING');
    const forms = await orm.em
      .fork()
      .execute<{ id: string; status: string }[]>(
        'select distinct on (status) id, status from statistics.report_form order by status, id',
      );
    expect(forms.map((form) => form.status)).toEqual(['DRAFT', 'SUBMITTED']);
    for (const form of forms) {
      const { reportForm } = await gateway<{ reportForm: { status: string } }>(
        'query ($id: UUID!) { reportForm(id: $id) { status } }',
        { id: form.id },
      );
      expect(reportForm.status).toBe(form.status);
    }
  });

  it(
    'loads the same union into another database',
    async () => {
      const again = await openStackHarness('demo_union_again', {}, { demo: 'union' });
      try {
        const [first, second] = [await digest(harness.stack), await digest(again.stack)];
        expect(second.figures).toEqual(first.figures);
        expect(second.digest).toBe(first.digest);
      } finally {
        await again.close();
      }
    },
    LOAD_TIMEOUT,
  );
});
