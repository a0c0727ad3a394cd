import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMembers } from '../src/services/member-import';
import { advanceYouthCutoff } from '../src/services/organization-tally';
import type { ImportWorld } from './import-fixtures';
import { generateMembersFile, openImportWorld } from './import-fixtures';

interface TallyRow {
  organization_id: string;
  active: number;
  employees: number;
  students: number;
  pensioners: number;
  youth: number;
}

let world: ImportWorld;

beforeAll(async () => {
  world = await openImportWorld();
  const outcome = await importMembers(world.orm.em.fork(), { actor: 'test:tally', source: generateMembersFile(3000).csv });
  expect(outcome.created).toBeGreaterThan(2900);
});
afterAll(() => world.close());

const run = (sql: string, params: unknown[] = []) => world.orm.em.fork().execute(sql, params);

/** The tally, organizations whose members all left (all zeros) left out. */
const tally = async (): Promise<TallyRow[]> =>
  world.orm.em
    .fork()
    .execute<TallyRow[]>(
      `select organization_id, active, employees, students, pensioners, youth from members.organization_tally
        where active <> 0 or employees <> 0 or students <> 0 or pensioners <> 0 or youth <> 0 order by organization_id`,
    );

/** The same figures counted from the members themselves. */
const recount = async (): Promise<TallyRow[]> =>
  world.orm.em.fork().execute<TallyRow[]>(
    `select organization_id, count(*)::int as active,
            count(*) filter (where category = 'EMPLOYEE')::int as employees,
            count(*) filter (where category = 'STUDENT')::int as students,
            count(*) filter (where category = 'NON_WORKING_PENSIONER')::int as pensioners,
            count(*) filter (where birth_date > (select youth_cutoff from members.tally_state))::int as youth
       from members.member where status = 'ACTIVE' group by organization_id order by organization_id`,
  );

describe('organization tally (today’s active members per organization, kept by triggers)', () => {
  it('matches a recount after a bulk import', async () => {
    const rows = await tally();
    expect(rows.length).toBe(3);
    expect(rows.reduce((total, row) => total + row.active, 0)).toBe(await world.scalar("select count(*) as n from members.member where status = 'ACTIVE'"));
    expect(rows).toEqual(await recount());
  });

  it('follows transfers, exits, reinstatements and changed categories and birth dates, statement by statement', async () => {
    const sample = "(select id from members.member order by registration_number limit 200)";
    await run(`update members.member set organization_id = ? where id in ${sample} and organization_id <> ?`, [world.org('P50-1'), world.org('P50-1')]);
    expect(await tally()).toEqual(await recount());
    // Status and open period change together: the database checks that they agree.
    await run(`with gone as (update members.member set status = 'LEFT', status_changed_on = current_date
                where id in (select id from members.member order by registration_number desc limit 150) returning id)
               update members.membership_period set valid_to = current_date where member_id in (select id from gone) and valid_to is null`);
    expect(await tally()).toEqual(await recount());
    await run(`with back as (update members.member set status = 'ACTIVE'
                where id in (select id from members.member where status = 'LEFT' order by registration_number limit 40) returning id, organization_id)
               insert into members.membership_period (member_id, organization_id, valid_from) select id, organization_id, current_date from back`);
    await run(`update members.member set category = 'NON_WORKING_PENSIONER', birth_date = date '1950-01-01' where id in (select id from members.member order by email limit 70)`);
    await run(`update members.member set birth_date = current_date - interval '20 years' where id in (select id from members.member order by phone desc limit 30)`);
    expect(await tally()).toEqual(await recount());
  });

  it('writes nothing for an update of columns it does not count', async () => {
    const before = await run('select organization_id, xmin::text as version from members.organization_tally order by organization_id');
    await run(`update members.member set phone = '+79990000000', email = 'changed@example.ru' where id in (select id from members.member limit 100)`);
    expect(await run('select organization_id, xmin::text as version from members.organization_tally order by organization_id')).toEqual(before);
  });

  it('moves the youth cutoff forward and back and stays equal to a recount', async () => {
    // Members of the file were born from 1960 on: a cutoff in 1961 moves many of them.
    await advanceYouthCutoff(world.orm.em.fork(), '1996-06-01');
    expect(await world.scalar("select count(*) as n from members.tally_state where youth_cutoff = date '1961-06-01'")).toBe(1);
    expect(await tally()).toEqual(await recount());
    await advanceYouthCutoff(world.orm.em.fork());
    expect(await tally()).toEqual(await recount());
  });
});
