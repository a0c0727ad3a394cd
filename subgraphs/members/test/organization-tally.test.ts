import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { scopeOf } from '@registry/lib';
import { centralAdmin } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitKind } from '../src/entities/member-enums';
import { createMemberLoaders } from '../src/loaders/member.loaders';
import { importMembers } from '../src/services/member-import';
import { mergeMembers, recordMemberExit, reinstateMember, transferMember } from '../src/services/membership.service';
import { advanceYouthCutoff } from '../src/services/organization-tally';
import type { ImportWorld } from './import-fixtures';
import { csvFile, csvRow, generateMembersFile, openImportWorld, snilsFor } from './import-fixtures';
import {
  expectPastMatchesRecount,
  expectRowsAsRebuilt,
  recount as recountOf,
  runner,
  shifted,
  tally as tallyOf,
} from './tally-recount';

let world: ImportWorld;

beforeAll(async () => {
  world = await openImportWorld();
  const outcome = await importMembers(world.orm.em.fork(), {
    actor: 'test:tally',
    source: generateMembersFile(3000).csv,
  });
  expect(outcome.created).toBeGreaterThan(2900);
});
afterAll(() => world.close());

const run = (sql: string, params: unknown[] = []) => runner(world.orm)(sql, params);
const tally = () => tallyOf(world.orm);
const recount = () => recountOf(world.orm);
const pastMatchesRecount = () => expectPastMatchesRecount(world.orm);

describe('organization tally (today’s active members per organization, kept by triggers)', () => {
  it('matches a recount after a bulk import', async () => {
    const rows = await tally();
    expect(rows.length).toBe(3);
    expect(rows.reduce((total, row) => total + row.active, 0)).toBe(
      await world.scalar("select count(*) as n from members.member where status = 'ACTIVE'"),
    );
    expect(rows).toEqual(await recount());
    await pastMatchesRecount();
  });

  it('follows transfers, exits, reinstatements and changed categories and birth dates, statement by statement', async () => {
    const sample = '(select id from members.member order by registration_number limit 200)';
    await run(`update members.member set organization_id = ? where id in ${sample} and organization_id <> ?`, [
      world.org('P50-1'),
      world.org('P50-1'),
    ]);
    expect(await tally()).toEqual(await recount());
    // Status and open period change together: the database checks that they agree.
    await run(`with gone as (update members.member set status = 'LEFT', status_changed_on = current_date
                where id in (select id from members.member order by registration_number desc limit 150) returning id)
               update members.membership_period set valid_to = current_date where member_id in (select id from gone) and valid_to is null`);
    expect(await tally()).toEqual(await recount());
    await run(`with back as (update members.member set status = 'ACTIVE'
                where id in (select id from members.member where status = 'LEFT' order by registration_number limit 40) returning id, organization_id)
               insert into members.membership_period (member_id, organization_id, valid_from) select id, organization_id, current_date from back`);
    await run(
      `update members.member set category = 'NON_WORKING_PENSIONER', birth_date = date '1950-01-01' where id in (select id from members.member order by email limit 70)`,
    );
    await run(
      `update members.member set birth_date = current_date - interval '20 years' where id in (select id from members.member order by phone desc limit 30)`,
    );
    expect(await tally()).toEqual(await recount());
    await pastMatchesRecount();
  });

  it('writes nothing for an update of columns it does not count', async () => {
    const before = await run(
      'select organization_id, xmin::text as version from members.organization_tally order by organization_id',
    );
    await run(
      `update members.member set phone = '+79990000000', email = 'changed@example.ru' where id in (select id from members.member limit 100)`,
    );
    expect(
      await run(
        'select organization_id, xmin::text as version from members.organization_tally order by organization_id',
      ),
    ).toEqual(before);
  });

  it('moves the youth cutoff forward and back and stays equal to a recount', async () => {
    // Members of the file were born from 1960 on: a cutoff in 1961 moves many of them.
    await advanceYouthCutoff(world.orm.em.fork(), '1996-06-01');
    expect(
      await world.scalar("select count(*) as n from members.tally_state where youth_cutoff = date '1961-06-01'"),
    ).toBe(1);
    expect(await tally()).toEqual(await recount());
    await advanceYouthCutoff(world.orm.em.fork());
    expect(await tally()).toEqual(await recount());
  });
});

describe('figures of past dates (the tally’s running totals by day)', () => {
  const asAdmin = (): [EntityManager, Scope] => {
    const em = world.orm.em.fork();
    return [em, scopeOf(em, centralAdmin)];
  };
  /** Active members outside P50-1 (the transfers' destination), in a fixed order. */
  const activeIds = async (limit: number, offset: number): Promise<string[]> =>
    (
      await run(
        `select id from members.member where status = 'ACTIVE' and organization_id <> ? order by registration_number limit ? offset ?`,
        [world.org('P50-1'), limit, offset],
      )
    ).map((row) => String(row.id));

  it('follows movements dated in the past: transfers, exits, reinstatements, merges', async () => {
    const lastYear = shifted(-1);
    const [moved, left, excluded, kept, duplicate] = [
      await activeIds(5, 0),
      await activeIds(4, 5),
      await activeIds(2, 9),
      await activeIds(1, 11),
      await activeIds(1, 12),
    ];
    for (const id of moved)
      await transferMember(...asAdmin(), id, world.org('P50-1'), { date: lastYear, reason: 'переезд' });
    // A transfer dated last year changes last year's figures, not only today's.
    const loaders = createMemberLoaders(world.orm.em.fork());
    const before = await loaders.memberCountsByOrganizationId(shifted(-1, -1)).load(world.org('P50-1'));
    const after = await loaders.memberCountsByOrganizationId(shifted(-1, 1)).load(world.org('P50-1'));
    expect(after.active - before.active).toBeGreaterThanOrEqual(moved.length);
    await pastMatchesRecount();

    for (const id of left) await recordMemberExit(...asAdmin(), id, ExitKind.LEFT, { date: shifted(0, -200) });
    for (const id of excluded)
      await recordMemberExit(...asAdmin(), id, ExitKind.EXCLUDED, {
        date: shifted(0, -30),
        reason: 'неуплата взносов',
      });
    await pastMatchesRecount();
    for (const id of left.slice(0, 2))
      await reinstateMember(...asAdmin(), id, { date: shifted(0, -10), organizationId: world.org('P77-2') });
    await pastMatchesRecount();
    const [keepId, duplicateId] = [kept[0], duplicate[0]];
    if (!keepId || !duplicateId) throw new Error('expected two active members to merge');
    await mergeMembers(...asAdmin(), keepId, duplicateId, 'одна и та же учительница, записанная дважды');
    await pastMatchesRecount();
    expect(await tally()).toEqual(await recount());
  });

  it('follows an import with a history: joined on many days, transferred and left on past dates', async () => {
    const people = Array.from({ length: 120 }, (_, i) => i);
    const joined = (i: number): string =>
      `${2005 + (i % 18)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const person = (i: number, extra: Record<string, string> = {}): string =>
      csvRow({
        registration_number: `H-${i}`,
        organization_code: i % 2 === 0 ? 'P77-1' : 'P50-1',
        last_name: 'Историческая',
        first_name:
          ['Алла', 'Вера', 'Галина', 'Дарья', 'Елена', 'Жанна', 'Зоя', 'Инна', 'Ксения', 'Лидия', 'Мария', 'Нина'][
            Math.floor(i / 10)
          ] ?? 'Алла',
        // Some born on 29 February: youth ends on 1 March in a year without one.
        birth_date: i % 10 === 0 ? `${1964 + 4 * (i % 3)}-02-29` : `${1960 + (i % 25)}-0${1 + (i % 9)}-1${i % 10}`,
        category: ['EMPLOYEE', 'STUDENT', 'NON_WORKING_PENSIONER', 'TEMPORARILY_NOT_WORKING'][i % 4] ?? 'EMPLOYEE',
        snils: snilsFor(400_000_000 + i),
        phone: '',
        email: '',
        joined_on: joined(i),
        ...extra,
      });
    expect(
      await importMembers(world.orm.em.fork(), { actor: 'test:tally', source: csvFile(people.map((i) => person(i))) }),
    ).toMatchObject({ created: 120, errors: [] });
    await pastMatchesRecount();
    // The same people again: a third moves (dated), a fifth leaves on a past date.
    const moves = csvFile(
      people
        .filter((i) => i % 3 === 0 || i % 5 === 1)
        .map((i) =>
          i % 5 === 1
            ? person(i, { status: 'LEFT', left_on: shifted(0, -40 - i), exit_reason: 'по собственному желанию' })
            : person(i, { organization_code: 'P77-2', transferred_on: shifted(0, -90 - i) }),
        ),
    );
    const outcome = await importMembers(world.orm.em.fork(), { actor: 'test:tally', source: moves });
    expect(outcome.errors).toEqual([]);
    await pastMatchesRecount();
    expect(await tally()).toEqual(await recount());
  });

  it('follows periods deleted and changed by hand, and categories and birth dates changed across the history', async () => {
    await run(
      `delete from members.membership_period where valid_to is not null and member_id in (select id from members.member where status = 'LEFT' order by registration_number limit 3)`,
    );
    await run(
      `update members.membership_period set valid_from = valid_from - 400 where id in (select id from members.membership_period where valid_to is not null order by id limit 5)`,
    );
    // Born on 29 February 1988: under 35 on 28 February 2023 by the readers' rule, not on 1 March.
    expect(
      await run(
        `select to_char(members.youth_ends_on(date '1988-02-29'), 'YYYY-MM-DD') as leap, to_char(members.youth_ends_on(date '1990-05-17'), 'YYYY-MM-DD') as plain`,
      ),
    ).toEqual([{ leap: '2023-03-01', plain: '2025-05-17' }]);
    await run(
      `update members.member set category = 'STUDENT', birth_date = date '1988-02-29' where id in (select member_id from members.membership_period where valid_to is not null order by id limit 6)`,
    );
    await pastMatchesRecount();
  });

  it('is what subtree_member_counts_v1 gives for a past date, and what rebuilding the rows of the day from the periods gives', async () => {
    const ids = `{${['C', 'R77', 'R50', 'T77', 'P77-1', 'P77-2', 'P50-1'].map((code) => world.org(code)).join(',')}}`;
    const dates = [shifted(-15), shifted(-3, 17), shifted(-1), shifted(0, -35), shifted(0, -1)];
    for (const asOf of dates) {
      const published = await run(
        `select ancestor_id, active, youth, employees, students, pensioners from members.subtree_member_counts_v1(?::uuid[], ?::date) order by ancestor_id`,
        [ids, asOf],
      );
      const counted = await run(
        `select s.ancestor_id, count(*)::int as active, count(*) filter (where m.birth_date > ?::date - interval '35 years')::int as youth,
                count(*) filter (where m.category = 'EMPLOYEE')::int as employees, count(*) filter (where m.category = 'STUDENT')::int as students,
                count(*) filter (where m.category = 'NON_WORKING_PENSIONER')::int as pensioners
           from organizations.subtree_v1 s
           join members.membership_period p on p.organization_id = s.descendant_id and p.valid_from <= ?::date and (p.valid_to is null or p.valid_to > ?::date)
           join members.member m on m.id = p.member_id
          where s.ancestor_id = any(?::uuid[]) group by s.ancestor_id order by s.ancestor_id`,
        [asOf, asOf, asOf, ids],
      );
      expect(published.filter((row) => Number(row.active) > 0)).toEqual(counted);
      expect(counted.length).toBeGreaterThan(0);
    }
    // The folds keep exactly the rows a rebuild from the periods writes: one per change day.
    await pastMatchesRecount();
    await expectRowsAsRebuilt(world.orm);
  });
});
