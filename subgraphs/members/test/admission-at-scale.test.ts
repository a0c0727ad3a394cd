import { countQueries } from '@registry/lib/testing';
import { centralAdmin } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MembersWorld } from './fixtures';
import { dataOf, openMembersWorld, person } from './fixtures';
import { snilsFor } from './import-fixtures';

/**
 * An application and its approval against a registry with a history: 200 k former members, so
 * the planner weighs the member tables as they weigh at scale, where a statement no index can
 * answer reads them whole (at national scale, 3.9 M members: 1.4–4.5 s per duplicate check).
 */
let world: MembersWorld;
const FORMER = 200_000;
const APPLY = `mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { id status } }`;
const APPROVE = `mutation ($id: UUID!) { approveApplication(id: $id) { member { id } } }`;
/** Tables that grow with the registry. */
const GROWING = new Set(['member', 'membership_period', 'membership_event', 'membership_application']);

interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** The growing tables a plan scans whole. */
function scannedWhole(node: PlanNode | undefined): string[] {
  if (!node) return [];
  const table = node['Relation Name'];
  const whole = node['Node Type'] === 'Seq Scan' && table !== undefined && GROWING.has(table);
  return [...(whole && table ? [table] : []), ...(node.Plans ?? []).flatMap(scannedWhole)];
}

beforeAll(async () => {
  process.env['APPLICATION_RATE'] = '100000/m,burst=100000';
  world = await openMembersWorld();
  // Former members only: no period is open for them, and the writer states their history checked.
  await world.harness.orm.em.fork().transactional(async (tx) => {
    await tx.execute("set local members.history_checked_by_writer = 'on'");
    await tx.execute(
      `insert into members.member (registration_number, last_name, first_name, birth_date, snils, category, organization_id,
                                   joined_on, status, status_changed_on, consent_version, consent_given_on)
       select 'F' || g, 'Бывшая' || g, 'Анна', date '1960-01-01' + g % 15000, lpad(g::text, 11, '0'), 'EMPLOYEE', ?,
              date '2005-09-01', 'LEFT', date '2015-06-30', '2020-01', date '2005-09-01'
         from generate_series(1, ?) g`,
      [world.org('P77-1'), FORMER],
    );
  });
  await world.harness.orm.em.fork().execute('analyze members.member');
});
afterAll(() => world.close());

describe('admission in a registry of many records', () => {
  it('reads no member table whole while an application is filed and approved', async () => {
    const input = {
      ...person({ lastName: 'Индексова', snils: snilsFor(777_000_001) }),
      organizationId: world.org('P77-2'),
    };
    const counter = countQueries(world.harness.orm);
    try {
      const { id } = dataOf<{ id: string }>(await world.harness.execute(APPLY, { input }), 'applyForMembership');
      dataOf(await world.harness.execute(APPROVE, { id }, centralAdmin), 'approveApplication');
    } finally {
      counter.detach();
    }
    const statements = counter.statements.filter((sql) => /^\s*(select|insert|update|delete|with)\b/i.test(sql));
    const scans: string[] = [];
    for (const sql of statements) {
      const [row] = await world.harness.orm.em
        .fork()
        .execute<{ 'QUERY PLAN': { Plan?: PlanNode }[] }[]>(`explain (format json) ${sql}`);
      for (const table of scannedWhole(row?.['QUERY PLAN'][0]?.Plan)) scans.push(`${table}: ${sql}`);
    }
    expect(statements.length).toBeGreaterThan(5);
    expect(scans).toEqual([]);
  });
});
