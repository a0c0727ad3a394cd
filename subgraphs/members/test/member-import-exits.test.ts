/**
 * Issue 12: exits and transfers by import, set-based, writing what `recordMemberExit` and
 * `transferMember` write per member, with the organization tally kept exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemberLoaders } from '../src/loaders/member.loaders';
import type { MemberImportOutcome } from '../src/services/member-import';
import { importMembers } from '../src/services/member-import';
import type { ImportWorld, MemberRow } from './import-fixtures';
import { csvFile, csvRow, openImportWorld, snilsFor } from './import-fixtures';

let world: ImportWorld;
beforeAll(async () => {
  world = await openImportWorld();
});
afterAll(() => world.close());

const ACTOR = 'test-exits';
const LEFT_ON = '2025-06-30';
const run = (source: string): Promise<MemberImportOutcome> =>
  importMembers(world.orm.em.fork(), { actor: ACTOR, source });
const problems = (outcome: MemberImportOutcome) =>
  outcome.errors.map((error) => [error.line, error.field, error.errorCode]);
const countOf = (table: string, where = 'true') =>
  world.scalar(`select count(*) as n from members.${table} where ${where}`);
const rows = <T extends object>(sql: string, params: unknown[] = []) => world.orm.em.fork().execute<T[]>(sql, params);

/** Person `i` of the thousand: own number, SNILS and birth date. */
const person = (i: number, extra: MemberRow = {}): string =>
  csvRow({
    registration_number: `X-${i}`,
    organization_code: i % 2 === 0 ? 'P77-1' : 'P50-1',
    birth_date: new Date(Date.UTC(1970, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
    snils: snilsFor(300_000_000 + i),
    phone: '',
    email: '',
    ...extra,
  });
const THOUSAND = Array.from({ length: 1000 }, (_, i) => i);

const tallyMatchesRecount = async (): Promise<void> => {
  const tally = await rows(
    `select organization_id, active, employees, students, pensioners, youth from members.organization_tally
      where active <> 0 or employees <> 0 or students <> 0 or pensioners <> 0 or youth <> 0 order by organization_id`,
  );
  const recount = await rows(
    `select organization_id, count(*)::int as active, count(*) filter (where category = 'EMPLOYEE')::int as employees,
            count(*) filter (where category = 'STUDENT')::int as students,
            count(*) filter (where category = 'NON_WORKING_PENSIONER')::int as pensioners,
            count(*) filter (where birth_date > (select youth_cutoff from members.tally_state))::int as youth
       from members.member where status = 'ACTIVE' group by organization_id order by organization_id`,
  );
  expect(tally).toEqual(recount);
};
const activeOn = async (asOf: string): Promise<number> => {
  const loaders = createMemberLoaders(world.orm.em.fork());
  const counts = await Promise.all(
    ['P77-1', 'P50-1'].map((code) => loaders.memberCountsByOrganizationId(asOf).load(world.org(code))),
  );
  return counts.reduce((total, counts) => total + counts.active, 0);
};

describe('exits by import', () => {
  it('records 1,000 exits of one file as recordMemberExit would, each with its period, event and outbox event', async () => {
    expect(await run(csvFile(THOUSAND.map((i) => person(i))))).toMatchObject({ created: 1000, errors: [] });
    const exits = csvFile(THOUSAND.map((i) => person(i, { status: 'LEFT', left_on: LEFT_ON })));
    expect(await run(exits)).toEqual({ rows: 1000, created: 0, updated: 1000, unchanged: 0, errors: [] });

    expect(await countOf('member', `status = 'LEFT' and status_changed_on = '${LEFT_ON}'`)).toBe(1000);
    expect(await countOf('membership_period', `valid_to = '${LEFT_ON}'`)).toBe(1000);
    expect(await countOf('membership_period', 'valid_to is null')).toBe(0);
    expect(
      await countOf(
        'membership_event',
        `kind = 'LEFT' and occurred_on = '${LEFT_ON}' and actor = '${ACTOR}' and reason is null`,
      ),
    ).toBe(1000);
    expect(await countOf('outbox_event', `type = 'member.left'`)).toBe(1000);
    const [first] = await rows<{ payload: unknown }>(
      `select o.payload from members.outbox_event o join members.member m on m.id = o.aggregate_id where m.registration_number = 'X-1' and o.type = 'member.left'`,
    );
    const [member] = await rows<{ id: string }>(`select id from members.member where registration_number = 'X-1'`);
    expect(first?.payload).toEqual({
      version: 1,
      memberId: member?.id,
      organizationId: world.org('P50-1'),
      occurredOn: LEFT_ON,
      reason: null,
      actor: ACTOR,
    });
    await tallyMatchesRecount();
    expect(await activeOn('2025-06-29')).toBe(1000);
    expect(await activeOn(LEFT_ON)).toBe(0);

    // The same file again: nothing changes, no second event.
    const before = await Promise.all([
      countOf('membership_event'),
      countOf('outbox_event'),
      countOf('membership_period'),
    ]);
    expect(await run(exits)).toEqual({ rows: 1000, created: 0, updated: 0, unchanged: 1000, errors: [] });
    expect(
      await Promise.all([countOf('membership_event'), countOf('outbox_event'), countOf('membership_period')]),
    ).toEqual(before);
  }, 60_000);

  it('refuses an exit without its date, an exclusion without its reason, an exit before the period began; nothing of those rows is written', async () => {
    expect(await run(csvFile([person(2000), person(2001), person(2002)]))).toMatchObject({ created: 3, errors: [] });
    const outcome = await run(
      csvFile([
        person(2000, { status: 'LEFT', position: 'завуч' }),
        person(2001, { status: 'EXCLUDED', left_on: LEFT_ON, position: 'завуч' }),
        person(2002, { status: 'LEFT', left_on: '2020-08-31' }),
        person(2002, { status: 'ACTIVE', left_on: LEFT_ON }),
      ]),
    );
    expect(problems(outcome)).toEqual([
      [2, 'left_on', 'BAD_USER_INPUT'],
      [3, 'exit_reason', 'BAD_USER_INPUT'],
      [4, 'left_on', 'BAD_USER_INPUT'],
      [5, 'left_on', 'BAD_USER_INPUT'],
    ]);
    expect(outcome.errors[0]?.message).toBe('expected the date of the exit with status LEFT, YYYY-MM-DD');
    expect(outcome).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(
      await countOf(
        'member',
        `registration_number in ('X-2000', 'X-2001', 'X-2002') and status = 'ACTIVE' and position = 'учитель'`,
      ),
    ).toBe(3);
    expect(
      await countOf(
        'membership_event',
        `member_id in (select id from members.member where registration_number like 'X-200_') and kind <> 'IMPORTED'`,
      ),
    ).toBe(0);
  });

  it('takes new members, updates, an exclusion, a death and a past exit of a new record in one file', async () => {
    const outcome = await run(
      csvFile([
        person(3000),
        person(2000, { position: 'завуч' }),
        person(2001, { status: 'EXCLUDED', left_on: '2026-01-15', exit_reason: 'неуплата взносов' }),
        person(2002, { status: 'DECEASED', left_on: '2026-02-01' }),
        person(3001, { status: 'LEFT', left_on: '2024-12-31' }),
      ]),
    );
    expect(outcome.errors).toEqual([]);
    expect(outcome).toMatchObject({ rows: 5, created: 2, updated: 3, unchanged: 0 });
    const events = await rows<{ number: string; kind: string; on: string; reason: string | null }>(
      `select m.registration_number as number, e.kind, to_char(e.occurred_on, 'YYYY-MM-DD') as on, e.reason
         from members.membership_event e join members.member m on m.id = e.member_id
        where m.registration_number in ('X-2001', 'X-2002', 'X-3001') and e.kind <> 'IMPORTED' order by 1`,
    );
    expect(events).toEqual([
      { number: 'X-2001', kind: 'EXCLUDED', on: '2026-01-15', reason: 'неуплата взносов' },
      { number: 'X-2002', kind: 'DECEASED', on: '2026-02-01', reason: null },
      { number: 'X-3001', kind: 'LEFT', on: '2024-12-31', reason: null },
    ]);
    expect(
      await countOf(
        'outbox_event',
        `type in ('member.excluded', 'member.deceased') and aggregate_id in (select id from members.member where registration_number in ('X-2001', 'X-2002'))`,
      ),
    ).toBe(2);
    expect(await countOf('member', `registration_number = 'X-3001' and status = 'LEFT'`)).toBe(1);
    expect(await countOf('member', `registration_number = 'X-2000' and position = 'завуч'`)).toBe(1);
    await tallyMatchesRecount();
  });

  it('transfers a member on transferred_on, as transferMember writes it, and a second import changes nothing', async () => {
    expect(await run(csvFile([person(4000)]))).toMatchObject({ created: 1 });
    const moved = csvFile([person(4000, { organization_code: 'P77-2', transferred_on: '2026-03-01' })]);
    expect(await run(moved)).toMatchObject({ updated: 1, errors: [] });
    const periods = await rows<{ code: string; from: string; to: string | null }>(
      `select o.code, to_char(p.valid_from, 'YYYY-MM-DD') as from, to_char(p.valid_to, 'YYYY-MM-DD') as to
         from members.membership_period p join members.member m on m.id = p.member_id join organizations.organization_v1 o on o.id = p.organization_id
        where m.registration_number = 'X-4000' order by p.valid_from`,
    );
    expect(periods).toEqual([
      { code: 'P77-1', from: '2020-09-01', to: '2026-03-01' },
      { code: 'P77-2', from: '2026-03-01', to: null },
    ]);
    expect(await countOf('outbox_event', `type = 'member.transferred' and payload->>'occurredOn' = '2026-03-01'`)).toBe(
      1,
    );
    expect(await run(moved)).toMatchObject({ updated: 0, unchanged: 1, errors: [] });
    // Before the current period began: refused, as transferMember refuses it.
    const early = await run(csvFile([person(4000, { organization_code: 'P77-1', transferred_on: '2026-02-01' })]));
    expect(problems(early)).toEqual([[2, 'transferred_on', 'BAD_USER_INPUT']]);
    await tallyMatchesRecount();
  });
});
