import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { DomainError, scopeOf, today } from '@registry/lib';
import { centralAdmin, seeded } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitKind } from '../src/entities/member-enums';
import type { NewMember } from '../src/services/membership.service';
import { enterMember, recordMemberExit, reinstateMember, transferMember } from '../src/services/membership.service';
import type { MembersWorld } from './fixtures';
import { count, dataOf, openMembersWorld, person } from './fixtures';

/**
 * Writes that race (issue 11): each case is the exact race that once left duplicates, raw SQL
 * errors or a broken history, run with Promise.all on separate entity managers (separate
 * connections and transactions) against real PostgreSQL.
 */
let world: MembersWorld;
const PRIMARIES = ['P77-1', 'P77-2', 'P50-1'];
const ORGANIZATIONS = ['C', 'R77', 'R50', 'T77', ...PRIMARIES];

beforeAll(async () => {
  world = await openMembersWorld();
});
afterAll(() => world.close());

/** A central admin on their own entity manager: concurrent calls run in concurrent transactions. */
function asAdmin(): [EntityManager, Scope] {
  const em = world.harness.orm.em.fork();
  return [em, scopeOf(em, centralAdmin)];
}

type Outcome = { ok: true; id: string } | { ok: false; code: string };

/** What each call came to: its record, or the code of its typed error. An untyped error fails the test. */
async function outcomes(calls: Promise<{ id: string }>[]): Promise<Outcome[]> {
  const settled = await Promise.allSettled(calls);
  return settled.map((result) => {
    if (result.status === 'fulfilled') return { ok: true, id: result.value.id };
    if (result.reason instanceof DomainError) return { ok: false, code: result.reason.code };
    throw new Error(`expected a result or a typed error, got ${String(result.reason)}`);
  });
}

const codes = (results: Outcome[]): string[] => results.flatMap((result) => (result.ok ? [] : [result.code])).sort();
const successes = (results: Outcome[]): number => results.filter((result) => result.ok).length;

const newMember = (overrides: Record<string, unknown>, organization = 'P77-1'): NewMember => ({
  ...person(overrides),
  organizationId: world.org(organization),
  joinedOn: '2020-01-15',
});

async function admitted(overrides: Record<string, unknown>): Promise<string> {
  return (await enterMember(...asAdmin(), newMember(overrides))).id;
}

const rows = <T extends object>(sql: string, params: unknown[] = []): Promise<T[]> =>
  world.harness.orm.em.fork().execute<T[]>(sql, params);

const COUNTS_AT = `query ($reps: [_Any!]!, $asOf: LocalDate) {
  _entities(representations: $reps) { ... on Organization { memberCounts(asOf: $asOf) { active } } } }`;

async function activeIn(asOf: string | null): Promise<number[]> {
  const result = await world.harness.execute(
    COUNTS_AT,
    { reps: ORGANIZATIONS.map((code) => ({ __typename: 'Organization', id: world.org(code) })), asOf },
    centralAdmin,
  );
  return dataOf<{ memberCounts: { active: number } }[]>(result, '_entities').map(
    (entity) => entity.memberCounts.active,
  );
}

/** The invariants every committed history keeps, whatever raced. */
async function expectConsistentRegistry(): Promise<void> {
  expect(
    await rows(`select m.id, m.status, count(p.id)::int as open from members.member m
                  left join members.membership_period p on p.member_id = m.id and p.valid_to is null
                 group by m.id having count(p.id) <> case when m.status = 'ACTIVE' then 1 else 0 end`),
  ).toEqual([]);
  expect(
    await rows(`select a.id, b.id from members.membership_period a join members.membership_period b
                  on a.member_id = b.member_id and a.id < b.id
                 and daterange(a.valid_from, a.valid_to, '[)') && daterange(b.valid_from, b.valid_to, '[)')`),
  ).toEqual([]);
  // Events in the order they were written carry dates that never go back, and a period's
  // organization is the one its member is in while it is open.
  expect(
    await rows(`select member_id from (select member_id, occurred_on, lag(occurred_on) over (partition by member_id order by id) as before
                  from members.membership_event) e where occurred_on < before`),
  ).toEqual([]);
  expect(
    await rows(`select m.id from members.member m join members.membership_period p on p.member_id = m.id and p.valid_to is null
                 where p.organization_id <> m.organization_id`),
  ).toEqual([]);
  const tally = await rows(
    `select organization_id, active, employees, students, pensioners, youth from members.organization_tally
      where active <> 0 or employees <> 0 or students <> 0 or pensioners <> 0 or youth <> 0 order by organization_id`,
  );
  const recount = await rows(
    `select organization_id, count(*)::int as active,
            count(*) filter (where category = 'EMPLOYEE')::int as employees,
            count(*) filter (where category = 'STUDENT')::int as students,
            count(*) filter (where category = 'NON_WORKING_PENSIONER')::int as pensioners,
            count(*) filter (where birth_date > (select youth_cutoff from members.tally_state))::int as youth
       from members.member where status = 'ACTIVE' group by organization_id order by organization_id`,
  );
  expect(tally).toEqual(recount);
  expect(await activeIn(today())).toEqual(await activeIn(null));
}

describe('concurrent writes of one member', () => {
  it('admits one of ten concurrent admissions of a person without SNILS; the others are DUPLICATE_PERSON', async () => {
    const input = newMember({ lastName: 'Гонкова', firstName: 'Анна', snils: null });
    const results = await outcomes(Array.from({ length: 10 }, () => enterMember(...asAdmin(), input)));
    expect(successes(results)).toBe(1);
    expect(codes(results)).toEqual(Array.from({ length: 9 }, () => 'DUPLICATE_PERSON'));
    expect(await count(world.harness, 'member', "last_name = 'Гонкова'")).toBe(1);
    await expectConsistentRegistry();
  });

  it('admits one of ten concurrent admissions of a person with a SNILS; no SQL error reaches the caller', async () => {
    const input = newMember({ lastName: 'Снилсова', firstName: 'Вера' });
    const results = await outcomes(Array.from({ length: 10 }, () => enterMember(...asAdmin(), input)));
    expect(successes(results)).toBe(1);
    expect(codes(results)).toEqual(Array.from({ length: 9 }, () => 'DUPLICATE_PERSON'));
    expect(await count(world.harness, 'member', "snils = '11223344595'")).toBe(1);
    await expectConsistentRegistry();
  });

  it('runs ten concurrent transfers one after another: one event and one period per transfer, one open', async () => {
    const id = await admitted({ lastName: 'Переводова', firstName: 'Ольга', snils: null });
    const targets = ['P77-2', 'P50-1', 'P77-1', 'P77-2', 'P50-1', 'P77-2', 'P77-1', 'P50-1', 'P77-2', 'P50-1'];
    const results = await outcomes(
      targets.map((target) => transferMember(...asAdmin(), id, world.org(target), { reason: 'гонка' })),
    );
    // A transfer to where the member already is (because another got there first) is refused as input.
    expect(codes(results).every((code) => code === 'BAD_USER_INPUT')).toBe(true);
    const moved = successes(results);
    expect(moved).toBeGreaterThan(0);
    expect(await count(world.harness, 'membership_event', `member_id = '${id}' and kind = 'TRANSFERRED'`)).toBe(moved);
    expect(await count(world.harness, 'outbox_event', `aggregate_id = '${id}' and type = 'member.transferred'`)).toBe(
      moved,
    );
    expect(await count(world.harness, 'membership_period', `member_id = '${id}'`)).toBe(moved + 1);
    expect(await count(world.harness, 'membership_period', `member_id = '${id}' and valid_to is null`)).toBe(1);
    // No two consecutive transfers of the history name the same pair of organizations.
    const events = await rows<{ organization_id: string; from_organization_id: string }>(
      `select organization_id, from_organization_id from members.membership_event where member_id = ? and kind = 'TRANSFERRED' order by id`,
      [id],
    );
    events.forEach((event, index) => {
      expect(event.organization_id).not.toBe(event.from_organization_id);
      if (index > 0) expect(event.from_organization_id).toBe(events[index - 1]?.organization_id);
    });
    await expectConsistentRegistry();
  });

  it('lets one of three concurrent exits through, alongside three transfers; the others are INVALID_STATE', async () => {
    const id = await admitted({ lastName: 'Уходова', firstName: 'Нина', snils: null });
    const calls = [
      ...Array.from({ length: 3 }, () => recordMemberExit(...asAdmin(), id, ExitKind.LEFT, { reason: 'гонка' })),
      ...['P77-2', 'P50-1', 'P77-2'].map((target) => transferMember(...asAdmin(), id, world.org(target), {})),
    ];
    const results = await outcomes(calls);
    expect(results.slice(0, 3).filter((result) => result.ok)).toHaveLength(1);
    expect(codes(results.slice(0, 3))).toEqual(['INVALID_STATE', 'INVALID_STATE']);
    expect(codes(results.slice(3)).every((code) => code === 'INVALID_STATE' || code === 'BAD_USER_INPUT')).toBe(true);
    expect(await rows(`select status from members.member where id = ?`, [id])).toEqual([{ status: 'LEFT' }]);
    expect(await count(world.harness, 'membership_period', `member_id = '${id}' and valid_to is null`)).toBe(0);
    expect(await count(world.harness, 'membership_event', `member_id = '${id}' and kind = 'LEFT'`)).toBe(1);
    expect(await count(world.harness, 'outbox_event', `aggregate_id = '${id}' and type = 'member.left'`)).toBe(1);
    await expectConsistentRegistry();
  });

  it('refuses in the database what the services never write', async () => {
    const id = await admitted({ lastName: 'Проверкина', firstName: 'Ида', snils: null });
    const em = () => world.harness.orm.em.fork();
    // ACTIVE without an open period, found at commit.
    await expect(
      em().execute(`update members.membership_period set valid_to = current_date where member_id = ?`, [id]),
    ).rejects.toThrow(/member_status_matches_period|open membership period/);
    // A second period overlapping the open one.
    await expect(
      em().execute(
        `insert into members.membership_period (member_id, organization_id, valid_from, valid_to) values (?, ?, '2021-01-01', '2021-02-01')`,
        [id, world.org('P77-2')],
      ),
    ).rejects.toThrow(/membership_period_no_overlap/);
    // LEFT while the period stays open.
    await expect(em().execute(`update members.member set status = 'LEFT' where id = ?`, [id])).rejects.toThrow(
      /open membership period/,
    );
    await expectConsistentRegistry();
  });
});

describe('random concurrent movements keep the history consistent', () => {
  it('20 rounds of 6 concurrent admissions, transfers, exits and reinstatements', async () => {
    const random = seeded(11);
    const pick = <T>(items: readonly T[]): T => {
      const item = items[Math.floor(random() * items.length)];
      if (item === undefined) throw new Error('expected a non-empty list');
      return item;
    };
    // Few people, so admissions and reinstatements of one person collide.
    const people = ['Рандомова', 'Случайнова', 'Жребиева', 'Шансова'].map((lastName) => ({
      lastName,
      firstName: 'Ева',
      snils: null,
    }));
    const ofPeople = `last_name in (${people.map(() => '?').join(', ')})`;
    const names = people.map((p) => p.lastName);
    let done = 0;
    for (let round = 0; round < 20; round += 1) {
      const members = (await rows<{ id: string }>(`select id from members.member where ${ofPeople}`, names)).map(
        (row) => row.id,
      );
      const calls = Array.from({ length: 6 }, (): Promise<{ id: string }> => {
        const choice = random();
        if (members.length === 0 || choice < 0.2)
          return enterMember(...asAdmin(), newMember(pick(people), pick(PRIMARIES)));
        const id = pick(members);
        if (choice < 0.5) return transferMember(...asAdmin(), id, world.org(pick(PRIMARIES)), {});
        if (choice < 0.75)
          return recordMemberExit(...asAdmin(), id, pick([ExitKind.LEFT, ExitKind.EXCLUDED]), { reason: 'случай' });
        return reinstateMember(...asAdmin(), id, {
          organizationId: random() < 0.5 ? world.org(pick(PRIMARIES)) : null,
        });
      });
      const results = await outcomes(calls);
      done += successes(results);
      expect(
        codes(results).filter((code) => !['INVALID_STATE', 'DUPLICATE_PERSON', 'BAD_USER_INPUT'].includes(code)),
      ).toEqual([]);
      await expectConsistentRegistry();
    }
    // The sequence did move people (not only refusals).
    expect(done).toBeGreaterThan(30);
    // At most one active record per person, whatever raced.
    expect(
      await rows(
        `select last_name from members.member where status = 'ACTIVE' and ${ofPeople} group by last_name having count(*) > 1`,
        names,
      ),
    ).toEqual([]);
  }, 30_000);
});
