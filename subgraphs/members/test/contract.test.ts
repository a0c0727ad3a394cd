import { today } from '@registry/lib';
import { importOrganizations, organizationsSubgraph } from '@registry/organizations';
import type { SubgraphHarness } from '@registry/tests';
import { centralAdmin, ONE_REGION, openSubgraphHarness, organizationIds, unionCsv } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { membersSubgraph } from '../src';
import {
  MEMBER_COMPLETENESS_V1,
  MEMBER_V1,
  MEMBERSHIP_EVENT_V1,
  MEMBERSHIP_PERIOD_V1,
  OUTBOX_EVENT_V1,
  subtreeMemberCounts,
  YOUTH_AGE,
} from '../src/contract';
import { admitMember } from '../src/services/membership.service';
import { isYouthOn } from '../src/services/person-fields';

/** `date` moved by whole years and days, as YYYY-MM-DD. */
const shiftedFrom = (date: string, years: number, days: number): string => {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCFullYear(moved.getUTCFullYear() + years);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
};

/** The published views' columns and the function's result, committed: a change of shape is a `_v2`. */
const VIEWS: Record<string, string[]> = {
  [MEMBER_V1]: [
    'id uuid',
    'registration_number character varying',
    'organization_id uuid',
    'status text',
    'category text',
    'birth_date date',
    'joined_on date',
    'bonus_consent boolean',
  ],
  [MEMBERSHIP_PERIOD_V1]: ['member_id uuid', 'organization_id uuid', 'valid_from date', 'valid_to date'],
  [MEMBERSHIP_EVENT_V1]: [
    'member_id uuid',
    'kind text',
    'occurred_on date',
    'organization_id uuid',
    'from_organization_id uuid',
  ],
  [OUTBOX_EVENT_V1]: [
    'id bigint',
    'type character varying',
    'aggregate_id uuid',
    'payload jsonb',
    'occurred_at timestamp with time zone',
  ],
  [MEMBER_COMPLETENESS_V1]: ['member_id uuid', 'filled integer', 'required integer'],
};
const FUNCTIONS: Record<string, string> = {
  'members.subtree_member_counts_v1(uuid[], date)':
    'TABLE(ancestor_id uuid, active integer, youth integer, employees integer, students integer, pensioners integer)',
};

describe('the members contract', () => {
  let harness: SubgraphHarness;
  beforeAll(async () => {
    harness = await openSubgraphHarness(membersSubgraph, { requires: [organizationsSubgraph] });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('publishes the committed columns of each view and the result of each function', async () => {
    const em = harness.orm.em.fork();
    for (const [view, columns] of Object.entries(VIEWS)) {
      const [schema, name] = view.split('.');
      const rows = await em.execute<{ column: string }[]>(
        `select column_name || ' ' || data_type as column from information_schema.columns
          where table_schema = ? and table_name = ? order by ordinal_position`,
        [schema, name],
      );
      expect(
        rows.map((row) => row.column),
        view,
      ).toEqual(columns);
    }
    for (const [signature, result] of Object.entries(FUNCTIONS)) {
      const [row] = await em.execute<{ result: string }[]>('select pg_get_function_result(?::regprocedure) as result', [
        signature,
      ]);
      expect(row?.result, signature).toBe(result);
    }
    expect(await subtreeMemberCounts(em, ['00000000-0000-4000-8000-000000000000'], '2026-01-01')).toEqual(new Map());
  });

  it(`counts youth (under ${YOUTH_AGE}) in SQL exactly as in TypeScript, day by day around a birthday and 29 February`, async () => {
    const cases: [string, string][] = [];
    for (const birth of ['1991-06-15', '1992-02-29', '1990-03-01', '1990-12-31', '1991-01-01']) {
      const [year, month, day] = birth.split('-');
      const turning = `${Number(year) + YOUTH_AGE}-${month}-${day === '29' ? '28' : day}`;
      const base = new Date(`${turning}T00:00:00Z`).getTime();
      for (let offset = -3; offset <= 3; offset += 1)
        cases.push([birth, new Date(base + offset * 86_400_000).toISOString().slice(0, 10)]);
    }
    const rows = await harness.orm.em.fork().execute<{ birth: string; on: string; youth: boolean }[]>(
      `select to_char(c.birth, 'YYYY-MM-DD') as birth, to_char(c.on_date, 'YYYY-MM-DD') as on, c.on_date < members.youth_ends_on(c.birth) as youth
         from unnest(?::date[], ?::date[]) with ordinality as c(birth, on_date, n) order by n`,
      [`{${cases.map(([birth]) => birth).join(',')}}`, `{${cases.map(([, on]) => on).join(',')}}`],
    );
    expect(rows).toEqual(cases.map(([birth, on]) => ({ birth, on, youth: isYouthOn(birth, on) })));
    // Both sides change on some day of each case's week: the comparison is not vacuous.
    expect(new Set(rows.map((row) => row.youth))).toEqual(new Set([true, false]));
  });

  it(`counts youth (under ${YOUTH_AGE}) in subtree_member_counts_v1 as TypeScript does, today (the tally's cutoff) and on a past date`, async () => {
    // The SQL writes the age as a literal (the tally's cutoff, the readers' `as_of - interval`,
    // youth_ends_on): members born within days of turning YOUTH_AGE on either date pin them all.
    const [organizationsOrm] = harness.others;
    if (!organizationsOrm) throw new Error('the organizations subgraph did not open');
    await importOrganizations(organizationsOrm.em.fork(), centralAdmin, unionCsv(ONE_REGION));
    const { org } = await organizationIds(harness.orm.em);
    const past = shiftedFrom(today(), -1, -40);
    const births = [today(), past].flatMap((date) =>
      [-2, -1, 0, 1, 2].map((days) => shiftedFrom(date, -YOUTH_AGE, days)),
    );
    const firstNames = ['Анна', 'Вера', 'Галина', 'Дарья', 'Елена', 'Жанна', 'Зоя', 'Инна', 'Ксения', 'Лидия'];
    await harness.orm.em.fork().transactional(async (tx) => {
      for (const [index, birthDate] of births.entries()) {
        await admitMember(
          tx,
          {
            organizationId: org('S1'),
            lastName: 'Ровесникова',
            firstName: firstNames[index] ?? 'Мария',
            birthDate,
            category: 'EMPLOYEE',
            joinedOn: shiftedFrom(past, -1, 0),
            consentVersion: '2026-01',
          },
          'test',
        );
      }
    });
    for (const date of [today(), past]) {
      const youth = births.filter((birth) => isYouthOn(birth, date)).length;
      expect(youth, date).toBeGreaterThan(0);
      expect(youth, date).toBeLessThan(births.length);
      const counts = await subtreeMemberCounts(harness.orm.em.fork(), [org('S1'), org('C')], date);
      expect([counts.get(org('S1'))?.youth, counts.get(org('C'))?.youth], date).toEqual([youth, youth]);
    }
  });
});
