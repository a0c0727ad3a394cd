import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { DomainError, scopeOf, today } from '@registry/lib';
import { centralAdmin, pick, seeded } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitKind } from '../src/entities/member-enums';
import { importMembers } from '../src/services/member-import';
import { recordMemberExit, reinstateMember, transferMember } from '../src/services/membership.service';
import type { ImportWorld } from './import-fixtures';
import { csvFile, csvRow, openImportWorld, snilsFor } from './import-fixtures';
import { expectPastMatchesRecount, expectRowsAsRebuilt, recount, runner, shifted, tally } from './tally-recount';

/**
 * The running totals by day (members.organization_tally_by_day, folded at commit) against the
 * member-by-member count, on every date that matters, after random histories — movements through
 * the service dated anywhere in a member's current period, hand edits of periods, categories and
 * birth dates — and after writers that race on the same organizations.
 */
let world: ImportWorld;
const PRIMARIES = ['P77-1', 'P77-2', 'P50-1'];
const DAY = 86_400_000;

const run = (sql: string, params: unknown[] = []) => runner(world.orm)(sql, params);
const asAdmin = (): [EntityManager, Scope] => {
  const em = world.orm.em.fork();
  return [em, scopeOf(em, centralAdmin)];
};
const addDays = (date: string, days: number): string =>
  new Date(new Date(`${date}T00:00:00Z`).getTime() + days * DAY).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string): number =>
  Math.round((new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / DAY);

/** A name of letters only, different for every number: the import refuses digits in names. */
const lettersOf = (i: number): string =>
  `Н${[...String(i)].map((digit) => 'абвгдежзик'[Number(digit)] ?? 'а').join('')}`;

/** People joined on scattered days since 2000. */
function historyFile(random: () => number, first: number, count: number): string {
  const rows = Array.from({ length: count }, (_, n) => {
    const i = first + n;
    // Born 1950–1980, so many turn 35 within the history; adults when they join.
    const birth = i % 17 === 0 ? `${1964 + 4 * (i % 5)}-02-29` : addDays('1950-01-01', Math.floor(random() * 11_000));
    const earliest = `${Math.max(2000, Number(birth.slice(0, 4)) + 19)}-01-01`;
    const joined = addDays(earliest, Math.floor(random() * daysBetween(earliest, today())));
    return csvRow({
      registration_number: `RH-${i}`,
      organization_code: pick(random, PRIMARIES),
      last_name: 'Случайная',
      first_name: pick(random, ['Алла', 'Вера', 'Галина', 'Дарья', 'Елена', 'Жанна', 'Зоя', 'Инна']),
      middle_name: lettersOf(i),
      birth_date: birth,
      category: pick(random, ['EMPLOYEE', 'STUDENT', 'NON_WORKING_PENSIONER', 'TEMPORARILY_NOT_WORKING']),
      snils: snilsFor(500_000_000 + i),
      phone: '',
      email: '',
      joined_on: joined,
    });
  });
  return csvFile(rows);
}

interface Standing {
  id: string;
  organization_id: string;
  status: string;
  /** Start of the open period (active) or end of the last one (left). */
  since: string;
}

/** Every member with the day a movement may be dated from. */
const standings = async (): Promise<Standing[]> =>
  (await run(
    `select m.id, m.organization_id, m.status,
            to_char(coalesce(max(p.valid_from) filter (where p.valid_to is null), max(p.valid_to)), 'YYYY-MM-DD') as since
       from members.member m join members.membership_period p on p.member_id = m.id
      group by m.id order by m.registration_number`,
  )) as unknown as Standing[];

/** A day from `since` to today, picked at random. */
const dayFrom = (random: () => number, since: string): string =>
  addDays(since, Math.floor(random() * (daysBetween(since, today()) + 1)));

/** Calls that may be refused by a rule (a movement on the day another was dated): typed refusals only. */
async function allowRefusal(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

/** One round of random history: movements through the service, then edits by hand. */
async function randomRound(random: () => number): Promise<number> {
  let done = 0;
  const members = await standings();
  for (let step = 0; step < 24; step += 1) {
    const member = pick(random, members);
    const date = dayFrom(random, member.since);
    const others = PRIMARIES.map((code) => world.org(code)).filter((id) => id !== member.organization_id);
    const action =
      member.status === 'ACTIVE'
        ? pick(random, ['transfer', 'transfer', 'leave', 'exclude'] as const)
        : ('reinstate' as const);
    const call =
      action === 'transfer'
        ? transferMember(...asAdmin(), member.id, pick(random, others), { date, reason: 'переезд' })
        : action === 'leave'
          ? recordMemberExit(...asAdmin(), member.id, ExitKind.LEFT, { date })
          : action === 'exclude'
            ? recordMemberExit(...asAdmin(), member.id, ExitKind.EXCLUDED, { date, reason: 'неуплата взносов' })
            : reinstateMember(...asAdmin(), member.id, { date, organizationId: world.org(pick(random, PRIMARIES)) });
    if (await allowRefusal(call)) done += 1;
  }
  // By hand: a closed period starts earlier (refused where it would overlap the one before), a
  // category and a birth date change across the whole history.
  const closed = await run(
    'select id from members.membership_period where valid_to is not null order by member_id, valid_from',
  );
  for (let edit = 0; edit < 4 && closed.length > 0; edit += 1) {
    const earlier = 1 + Math.floor(random() * 800);
    await run(
      `update members.membership_period p set valid_from = p.valid_from - ?::int
        where id = ? and not exists (select from members.membership_period o where o.member_id = p.member_id and o.id <> p.id
                                        and o.valid_to > p.valid_from - ?::int and o.valid_from < p.valid_from)`,
      [earlier, pick(random, closed).id, earlier],
    );
  }
  const someone = pick(random, members);
  await run('update members.member set category = ?, birth_date = ? where id = ?', [
    pick(random, ['EMPLOYEE', 'STUDENT', 'NON_WORKING_PENSIONER']),
    addDays(shifted(-35), Math.floor(random() * 1400) - 700),
    someone.id,
  ]);
  return done;
}

beforeAll(async () => {
  world = await openImportWorld();
  const outcome = await importMembers(world.orm.em.fork(), {
    actor: 'test:tally-by-day',
    source: historyFile(seeded(15), 0, 240),
  });
  expect(outcome).toMatchObject({ created: 240, errors: [] });
});
afterAll(() => world.close());

describe('running totals by day against the member-by-member count', () => {
  it('agree on every date of random histories, round after round, and equal a rebuild', async () => {
    await expectPastMatchesRecount(world.orm);
    const random = seeded(20261212);
    for (let round = 0; round < 4; round += 1) {
      expect(await randomRound(random)).toBeGreaterThan(10);
      await expectPastMatchesRecount(world.orm);
      expect(await tally(world.orm)).toEqual(await recount(world.orm));
    }
    // A second import of a history, into organizations that already have rows of their own.
    const more = await importMembers(world.orm.em.fork(), {
      actor: 'test:tally-by-day',
      source: historyFile(seeded(16), 240, 60),
    });
    expect(more).toMatchObject({ created: 60, errors: [] });
    await expectPastMatchesRecount(world.orm);
    // The bulk path (more organizations than `spread`: one statement for all of them) on the same
    // kind of history: periods of every organization starting earlier by different amounts, where
    // that overlaps nothing, folded together.
    await world.orm.em.fork().transactional(async (tx) => {
      const moved = await tx.execute<{ organization_id: string }[]>(
        `update members.membership_period p set valid_from = p.valid_from - (1 + p.id % 700)::int
          where p.id % 5 = 0 and not exists (select from members.membership_period o where o.member_id = p.member_id and o.id <> p.id
                                               and o.valid_to > p.valid_from - (1 + p.id % 700)::int and o.valid_from < p.valid_from)
          returning p.organization_id`,
      );
      expect(new Set(moved.map((row) => row.organization_id)).size).toBe(PRIMARIES.length);
      await tx.execute('select members.fold_organization_tally(0)');
    });
    await expectPastMatchesRecount(world.orm);
    await expectRowsAsRebuilt(world.orm);
  });

  it('count every racing writer once: crossing backdated transfers, exits and admissions on the same organizations', async () => {
    const active = (await standings()).filter((member) => member.status === 'ACTIVE');
    const inA = active.filter((member) => member.organization_id === world.org('P77-1')).slice(0, 6);
    const inB = active.filter((member) => member.organization_id === world.org('P50-1')).slice(0, 6);
    expect(inA.length + inB.length).toBe(12);
    const random = seeded(7);
    const calls = [
      ...inA.slice(0, 4).map((member) =>
        transferMember(...asAdmin(), member.id, world.org('P50-1'), {
          date: dayFrom(random, member.since),
          reason: 'переезд',
        }),
      ),
      ...inB.slice(0, 4).map((member) =>
        transferMember(...asAdmin(), member.id, world.org('P77-1'), {
          date: dayFrom(random, member.since),
          reason: 'переезд',
        }),
      ),
      ...[...inA.slice(4), ...inB.slice(4)].map((member) =>
        recordMemberExit(...asAdmin(), member.id, ExitKind.LEFT, { date: dayFrom(random, member.since) }),
      ),
      importMembers(world.orm.em.fork(), { actor: 'test:tally-by-day', source: historyFile(seeded(17), 300, 20) }),
    ];
    const settled = await Promise.allSettled(calls);
    expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);
    await expectPastMatchesRecount(world.orm);
    expect(await tally(world.orm)).toEqual(await recount(world.orm));
  });

  it('folds a writer after the one holding its organization commits, on either lock path', async () => {
    const organization = world.org('P77-2');
    for (const spread of [64, 0]) {
      // Members whose open period is their only one: starting it earlier overlaps nothing.
      const [first, second] = (
        await run(
          `select m.id from members.member m join members.membership_period p on p.member_id = m.id
            where m.status = 'ACTIVE' and m.organization_id = ? group by m.id having count(*) = 1 order by m.id limit 2`,
          [organization],
        )
      ).map((row) => ({ id: String(row.id) }));
      if (!first || !second) throw new Error('expected two active members of P77-2');
      // The first writer folds early (spread 0: under the one exclusive lock a bulk import takes)
      // and keeps its locks until it commits; the second, on the same organization, commits
      // meanwhile, so its fold must wait and then read the first one's rows.
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let folded = (): void => undefined;
      const firstFolded = new Promise<void>((resolve) => {
        folded = resolve;
      });
      const holder = world.orm.em.fork().transactional(async (tx) => {
        await tx.execute(
          'update members.membership_period set valid_from = valid_from - 30 where member_id = ? and valid_to is null',
          [first.id],
        );
        await tx.execute('select members.fold_organization_tally(?)', [spread]);
        folded();
        await held;
      });
      await firstFolded;
      let secondDone = false;
      const racer = run(
        'update members.membership_period set valid_from = valid_from - 45 where member_id = ? and valid_to is null',
        [second.id],
      ).then(() => {
        secondDone = true;
      });
      await waitForAdvisoryLockWait();
      expect(secondDone).toBe(false);
      release();
      await Promise.all([holder, racer]);
      expect(secondDone).toBe(true);
      await expectPastMatchesRecount(world.orm);
    }
    await expectRowsAsRebuilt(world.orm);
  });

  it("folds a writer of a few organizations from their own rows, never a scan of other organizations' rows", async () => {
    const em = world.orm.em.fork();
    await em.begin();
    try {
      // Rows of 400 other organizations (a hundred days each): with them a scan of the stored rows
      // costs what it costs at scale, and the planner prefers the key, as it must there.
      await em.execute(
        `insert into members.organization_tally_by_day (organization_id, from_date, active, employees, students, pensioners, youth)
         select o.id, date '2000-01-01' + 30 * d, d, d, 0, 0, 0
           from (select gen_random_uuid() as id from generate_series(1, 400)) o, generate_series(1, 100) d`,
      );
      // A member of an organization with no rows yet (the first of a new school), written as an
      // admission writes one, and folded here, so this transaction's own reads can be counted.
      const [written] = await em.execute<{ organization_id: string }[]>(
        `with m as (
           insert into members.member (registration_number, last_name, first_name, birth_date, category, organization_id,
                                       joined_on, consent_version, consent_given_on)
           values ('RH-PROBE', 'Новая', 'Школа', '2000-05-05', 'EMPLOYEE', gen_random_uuid(), current_date, '2020-01', current_date)
           returning id, organization_id, joined_on)
         insert into members.membership_period (member_id, organization_id, valid_from)
         select id, organization_id, joined_on from m returning organization_id`,
      );
      const organization = written?.organization_id;
      // The backend's counts not yet reported (this transaction's and, on a pooled connection, the
      // last ones'): the fold's own reads are the difference across it.
      const scans = async (): Promise<{ seq_scan: number; seq_tup_read: number } | undefined> =>
        (
          await em.execute<{ seq_scan: number; seq_tup_read: number }[]>(
            `select seq_scan::int, seq_tup_read::int from pg_stat_xact_user_tables
              where schemaname = 'members' and relname = 'organization_tally_by_day'`,
          )
        )[0];
      const before = await scans();
      await em.execute('select members.fold_organization_tally()');
      expect(await scans()).toEqual(before);
      expect(
        await em.execute(
          `select to_char(from_date, 'YYYY-MM-DD') as from_date, active, employees, youth
             from members.organization_tally_by_day where organization_id = ? order by from_date`,
          [organization],
        ),
      ).toEqual([
        { from_date: today(), active: 1, employees: 1, youth: 1 },
        { from_date: '2035-05-05', active: 1, employees: 1, youth: 0 },
      ]);
    } finally {
      await em.rollback();
    }
  });
});

/** Waits until some transaction waits for an advisory lock (a fold behind another's), or fails after 10 s. */
async function waitForAdvisoryLockWait(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [row] = await run("select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted");
    if (Number(row?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('expected the second writer to wait for the fold lock of its organization, it did not within 10 s');
}
