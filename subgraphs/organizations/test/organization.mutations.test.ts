import type { SubgraphHarness } from '@registry/tests';
import { centralAdmin, errorCodes, openSubgraphHarness, orgAdminOf } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationsSubgraph } from '../src';
import { countRows, idsByCode, importCsv, SMALL_UNION } from './fixtures';

let harness: SubgraphHarness;
let ids: Record<string, string>;

beforeAll(async () => {
  harness = await openSubgraphHarness(organizationsSubgraph);
  await importCsv(harness, SMALL_UNION);
  ids = await idsByCode(harness);
});
afterAll(() => harness.close());

const id = (code: string): string => {
  const value = ids[code];
  if (!value) throw new Error(`no organization ${code} in the fixture`);
  return value;
};

const CREATE = `mutation ($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { id code name level primaryType subjectCode depth ancestors { code } chair { phone } }
}`;

const ancestorsOf = async (code: string): Promise<string[]> => {
  const result = await harness.execute(`query ($id: UUID!) { organization(id: $id) { ancestors { code } } }`, {
    id: id(code),
  });
  const organization = result.data?.['organization'] as { ancestors: { code: string }[] };
  return organization.ancestors.map((ancestor) => ancestor.code);
};

describe('creating organizations', () => {
  it('creates a primary organization under a territorial one, inheriting the federal subject', async () => {
    const result = await harness.execute(
      CREATE,
      {
        input: {
          parentId: id('T77-1'),
          code: 'P77-3',
          name: 'ППО гимназии №3',
          level: 'PRIMARY',
          primaryType: 'SCHOOL',
          chairPhone: '8 495 000-00-01',
        },
      },
      centralAdmin,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.['createOrganization']).toMatchObject({
      code: 'P77-3',
      level: 'PRIMARY',
      subjectCode: '77',
      depth: 3,
      ancestors: [{ code: 'C' }, { code: 'R77' }, { code: 'T77-1' }],
      chair: { phone: '+74950000001' },
    });
  });

  const UNKNOWN = '00000000-0000-4000-8000-000000000000';
  it.each([
    ['an unknown parent', { parent: UNKNOWN }, 'NOT_FOUND'],
    ['a parent id that is not a UUID', { parent: 'not-a-uuid' }, 'BAD_USER_INPUT'],
    ['a primary organization under the central council', { parent: 'C' }, 'INVALID_HIERARCHY'],
    [
      'a territorial organization under a territorial one',
      { fields: { level: 'TERRITORIAL', primaryType: null } },
      'INVALID_HIERARCHY',
    ],
    ['a registry code already taken', { fields: { code: 'P77-1' } }, 'ALREADY_EXISTS'],
    ['an INN failing its checksum', { fields: { inn: '7707083894' } }, 'INVALID_INN'],
    ['an OGRN failing its checksum', { fields: { ogrn: '1027700132196' } }, 'INVALID_OGRN'],
    ['a name over 500 characters', { fields: { name: 'Ш'.repeat(501) } }, 'BAD_USER_INPUT'],
    ['an empty name', { fields: { name: '   ' } }, 'BAD_USER_INPUT'],
    ['a primary organization without its type', { fields: { primaryType: null } }, 'BAD_USER_INPUT'],
    ['a malformed email', { fields: { chairEmail: 'chair@' } }, 'BAD_USER_INPUT'],
  ])(
    'refuses %s with a typed error and writes nothing',
    async (_case, { parent, fields }: { parent?: string; fields?: object }, code) => {
      const before = [await countRows(harness, 'organization'), await countRows(harness, 'organization_event')];
      const parentId = parent === undefined ? id('T77-1') : parent in ids ? id(parent) : parent;
      const input = {
        code: 'P77-NEW',
        name: 'ППО лицея',
        level: 'PRIMARY',
        primaryType: 'SCHOOL',
        ...fields,
        parentId,
      };
      const result = await harness.execute(CREATE, { input }, centralAdmin);
      expect(errorCodes(result)).toEqual([code]);
      expect(result.errors?.[0]?.message).toBeTruthy();
      expect([await countRows(harness, 'organization'), await countRows(harness, 'organization_event')]).toEqual(
        before,
      );
    },
  );

  it('refuses anonymous callers and admins outside their subtree', async () => {
    const input = { parentId: id('T50-1'), code: 'P50-2', name: 'ППО школы', level: 'PRIMARY', primaryType: 'SCHOOL' };
    expect(errorCodes(await harness.execute(CREATE, { input }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await harness.execute(CREATE, { input }, orgAdminOf(id('R77'))))).toEqual(['FORBIDDEN']);
    const allowed = await harness.execute(CREATE, { input }, orgAdminOf(id('R50')));
    expect(allowed.errors).toBeUndefined();
  });
});

describe('moving subtrees', () => {
  const MOVE = `mutation ($id: UUID!, $to: UUID!) { moveOrganization(id: $id, newParentId: $to) { code parent { code } } }`;

  it('moves a territorial organization with its primaries to another region', async () => {
    const result = await harness.execute(MOVE, { id: id('T50-1'), to: id('R77') }, centralAdmin);
    expect(result.errors).toBeUndefined();
    expect(await ancestorsOf('P50-1')).toEqual(['C', 'R77', 'T50-1']);
    const back = await harness.execute(MOVE, { id: id('T50-1'), to: id('R50') }, centralAdmin);
    expect(back.errors).toBeUndefined();
    expect(await ancestorsOf('P50-1')).toEqual(['C', 'R50', 'T50-1']);
  });

  it('refuses a cycle and a wrong level, leaving the tree as it was', async () => {
    const closureBefore = await countRows(harness, 'organization_closure');
    expect(errorCodes(await harness.execute(MOVE, { id: id('R77'), to: id('P77-1') }, centralAdmin))).toEqual([
      'TREE_CYCLE',
    ]);
    expect(errorCodes(await harness.execute(MOVE, { id: id('T77-1'), to: id('C') }, centralAdmin))).toEqual([
      'INVALID_HIERARCHY',
    ]);
    // The council is the root: it has nowhere to move.
    expect(errorCodes(await harness.execute(MOVE, { id: id('C'), to: id('R77') }, centralAdmin))).toEqual([
      'INVALID_HIERARCHY',
    ]);
    expect(await countRows(harness, 'organization_closure')).toBe(closureBefore);
    expect(await ancestorsOf('P77-1')).toEqual(['C', 'R77', 'T77-1']);
  });
});

describe('updating, liquidating and merging', () => {
  it('updates passport fields and records what changed', async () => {
    const result = await harness.execute(
      `mutation ($id: UUID!) { updateOrganization(id: $id, input: { address: "Москва, ул. Арбат, 1", inn: "7707083893" }) {
         address passport { completeness missing } history { kind actor data } } }`,
      { id: id('T77-1') },
      centralAdmin,
    );
    expect(result.errors).toBeUndefined();
    const organization = result.data?.['updateOrganization'] as {
      passport: { missing: string[] };
      history: { kind: string; actor: string; data: { changed: string[] } }[];
    };
    expect(organization.passport.missing).not.toContain('address');
    expect(organization.history.at(-1)).toMatchObject({
      kind: 'UPDATED',
      actor: 'test-central-admin',
      data: { changed: ['address', 'inn'] },
    });
  });

  it('refuses to liquidate an organization that still has active children', async () => {
    const result = await harness.execute(
      `mutation ($id: UUID!) { liquidateOrganization(id: $id, closure: { reason: "реорганизация" }) { status } }`,
      { id: id('T77-1') },
      centralAdmin,
    );
    expect(errorCodes(result)).toEqual(['INVALID_STATE']);
  });

  it('merges one territorial organization into another: children move, both keep the history', async () => {
    const result = await harness.execute(
      `mutation ($id: UUID!, $into: UUID!) { mergeOrganization(id: $id, intoId: $into, closure: { date: "2026-09-01", reason: "слияние районов" }) {
         code children { code } } }`,
      { id: id('T50-1'), into: id('T77-1') },
      centralAdmin,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.['mergeOrganization']).toMatchObject({ code: 'T77-1' });
    const merged = await harness.execute(
      `query ($id: UUID!) { organization(id: $id) { status closedOn mergedInto { code } history { kind data } } }`,
      { id: id('T50-1') },
      centralAdmin,
    );
    expect(merged.data?.['organization']).toMatchObject({
      status: 'MERGED',
      closedOn: '2026-09-01',
      mergedInto: { code: 'T77-1' },
    });
    expect(await ancestorsOf('P50-1')).toEqual(['C', 'R77', 'T77-1']);
  });

  it('liquidates a leaf and refuses a date that is not a calendar date', async () => {
    const LIQUIDATE = `mutation ($id: UUID!, $date: LocalDate) { liquidateOrganization(id: $id, closure: { date: $date, reason: "закрытие" }) { status closedOn } }`;
    // The LocalDate scalar refuses it before any resolver runs (Apollo Server adds code BAD_USER_INPUT).
    const bad = await harness.execute(LIQUIDATE, { id: id('P77-2'), date: '2026-02-30' }, centralAdmin);
    expect(bad.errors?.[0]?.message).toMatch(/\$date.*LocalDate/);
    expect(bad.data).toBeUndefined();
    const result = await harness.execute(LIQUIDATE, { id: id('P77-2'), date: '2026-10-01' }, centralAdmin);
    expect(result.data?.['liquidateOrganization']).toEqual({ status: 'LIQUIDATED', closedOn: '2026-10-01' });
    const again = await harness.execute(LIQUIDATE, { id: id('P77-2'), date: '2026-10-02' }, centralAdmin);
    expect(errorCodes(again)).toEqual(['INVALID_STATE']);
  });
});
