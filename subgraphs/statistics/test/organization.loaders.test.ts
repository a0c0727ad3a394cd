import { pgArray, today } from '@registry/lib';
import { membersSubgraph } from '@registry/members';
import { admitMember } from '@registry/members/testing';
import { importOrganizations, organizationsSubgraph } from '@registry/organizations';
import type { SubgraphHarness } from '@registry/tests';
import { centralAdmin, ONE_REGION, openSubgraphHarness, organizationIds, unionCsv } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { statisticsSubgraph } from '../src';
import { createStatisticsLoaders } from '../src/loaders/organization.loaders';
import type { BaselineFigures } from '../src/services/baselines';
import { upsert } from '../src/services/baselines';

let harness: SubgraphHarness;
const ids = new Map<string, string>();
const id = (code: string): string => ids.get(code) ?? '';
const MISSING = '00000000-0000-4000-8000-000000000000';

const UNION = unionCsv([
  ...ONE_REGION,
  { code: 'R2', parent: 'C', level: 'REGIONAL', name: 'Другая региональная организация', subjectCode: '50' },
]);

/** Report figures with `members` split as employees + students. */
const figures = (
  members: number,
  students: number,
  primaryOrganizations: number,
  territorialOrganizations: number,
): BaselineFigures => ({
  members,
  employees: members - students,
  students,
  primaryOrganizations,
  territorialOrganizations,
});

beforeAll(async () => {
  harness = await openSubgraphHarness(statisticsSubgraph, { requires: [organizationsSubgraph, membersSubgraph] });
  const [organizationsOrm, membersOrm] = harness.others;
  if (!organizationsOrm || !membersOrm) throw new Error('subgraphs did not open');
  await importOrganizations(organizationsOrm.em.fork(), centralAdmin, UNION);
  for (const [code, value] of (await organizationIds(harness.orm.em)).ids) ids.set(code, value);
  // S1: an employee born 1960 and a student born 2000 (under 35 on every date used here), both
  // since 2020-03-01; S2: an employee since 2021-03-01. R2 has nobody.
  const people = [
    { code: 'S1', firstName: 'Анна', birthDate: '1960-05-05', category: 'EMPLOYEE', joinedOn: '2020-03-01' },
    { code: 'S1', firstName: 'Вера', birthDate: '2000-05-05', category: 'STUDENT', joinedOn: '2020-03-01' },
    { code: 'S2', firstName: 'Галина', birthDate: '1960-05-05', category: 'EMPLOYEE', joinedOn: '2021-03-01' },
  ] as const;
  for (const { code, ...person } of people) {
    await membersOrm.em
      .fork()
      .transactional((tx) =>
        admitMember(
          tx,
          { organizationId: id(code), lastName: 'Загрузова', consentVersion: '2026-01', ...person },
          'test',
        ),
      );
  }
  // 2019: only R2 stated. 2020: T and, below it, S1 (hidden by T for T's ancestors). 2021: only S2.
  const report = [
    { code: 'R2', reportDate: '2019-01-01', ...figures(5, 0, 3, 1) },
    { code: 'T', reportDate: '2020-01-01', ...figures(10, 2, 2, 0) },
    { code: 'S1', reportDate: '2020-01-01', ...figures(4, 1, 1, 0) },
    { code: 'S2', reportDate: '2021-01-01', ...figures(3, 0, 1, 0) },
  ];
  await upsert(
    harness.orm.em.fork(),
    report.map(({ code, ...row }) => ({ organizationId: id(code), ...row })),
    'test',
  );
});
afterAll(() => harness.close());

describe('coverageFigures loader', () => {
  it('answers a batch with one statement given all keys, results in key order, zeros for an unknown organization', async () => {
    const em = harness.orm.em.fork();
    const execute = vi.spyOn(em, 'execute');
    const loaders = createStatisticsLoaders(em);
    const keys = [id('S1'), id('C'), MISSING, id('R2'), id('T')];
    const loader = loaders.coverageFigures({ asOf: today(), reportDate: null });
    const results = await Promise.all(keys.map((key) => loader.load(key)));
    expect(execute).toHaveBeenCalledTimes(1);
    expect(execute.mock.calls[0]?.[1]).toContain(pgArray(keys));
    // The latest report on or before today is 2021's, in which only S2 stated figures.
    expect(results).toEqual([
      {
        reportDate: '2021-01-01',
        registry: { regional: 0, territorial: 0, primary: 1 },
        members: { active: 2, youth: 1, employees: 1, students: 1, pensioners: 0 },
        report: null,
      },
      {
        reportDate: '2021-01-01',
        registry: { regional: 2, territorial: 1, primary: 2 },
        members: { active: 3, youth: 1, employees: 2, students: 1, pensioners: 0 },
        report: figures(3, 0, 1, 0),
      },
      {
        reportDate: '2021-01-01',
        registry: { regional: 0, territorial: 0, primary: 0 },
        members: { active: 0, youth: 0, employees: 0, students: 0, pensioners: 0 },
        report: null,
      },
      {
        reportDate: '2021-01-01',
        registry: { regional: 1, territorial: 0, primary: 0 },
        members: { active: 0, youth: 0, employees: 0, students: 0, pensioners: 0 },
        report: null,
      },
      {
        reportDate: '2021-01-01',
        registry: { regional: 0, territorial: 1, primary: 2 },
        members: { active: 3, youth: 1, employees: 2, students: 1, pensioners: 0 },
        report: figures(3, 0, 1, 0),
      },
    ]);
  });

  it('keeps one loader per (asOf, reportDate), however the key object is built', () => {
    const loaders = createStatisticsLoaders(harness.orm.em.fork());
    const loader = loaders.coverageFigures({ asOf: '2020-06-01', reportDate: null });
    const reordered: { reportDate: string | null; asOf: string } = { reportDate: null, asOf: '2020-06-01' };
    expect(loaders.coverageFigures(reordered)).toBe(loader);
    expect(loaders.coverageFigures({ asOf: '2020-06-01', reportDate: '2020-01-01' })).not.toBe(loader);
  });

  it('counts a past date from membership periods against the latest report then, or the report asked for', async () => {
    const loaders = createStatisticsLoaders(harness.orm.em.fork());
    const codes = ['C', 'R', 'T', 'S1', 'S2', 'R2'];
    const load = (asOf: string, reportDate: string | null) =>
      Promise.all(codes.map((code) => loaders.coverageFigures({ asOf, reportDate }).load(id(code))));

    const june2020 = await load('2020-06-01', null);
    expect(june2020.map((row) => row.reportDate)).toEqual(codes.map(() => '2020-01-01'));
    expect(june2020.map((row) => row.members.active)).toEqual([2, 2, 2, 2, 0, 0]);
    expect(june2020.map((row) => row.members.youth)).toEqual([1, 1, 1, 1, 0, 0]);
    // T's stated figures hide S1's for T and its ancestors; S1's own stand for S1.
    expect(june2020.map((row) => row.report?.members ?? null)).toEqual([10, 10, 10, 4, null, null]);

    const asked = await load('2020-06-01', '2019-01-01');
    expect(asked.map((row) => row.reportDate)).toEqual(codes.map(() => '2019-01-01'));
    expect(asked.map((row) => row.report)).toEqual([figures(5, 0, 3, 1), null, null, null, null, figures(5, 0, 3, 1)]);

    const beforeAnyReport = await load('2018-12-31', null);
    expect(beforeAnyReport.map((row) => [row.reportDate, row.report, row.members.active])).toEqual(
      codes.map(() => [null, null, 0]),
    );
  });
});
