import type { SubgraphHarness } from '@registry/tests';
import { openSubgraphHarness } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationsSubgraph } from '../src';
import {
  centralOrganizationId,
  isInSubtree,
  ORGANIZATION_V1,
  ORGANIZATION_V2,
  organizationsByCode,
  organizationsById,
  PASSPORT_V1,
  SUBTREE_V1,
  subtreeMembership,
} from '../src/contract';
import { Organization } from '../src/entities/organization';
import { passportOf } from '../src/services/passport';
import { idsByCode, importCsv, SMALL_UNION } from './fixtures';

/**
 * The published views' columns, committed: a migration that changes one fails here, so a change
 * of shape is a new `_v2` beside the old view, not a surprise for its readers.
 */
const PUBLISHED: Record<string, string[]> = {
  [ORGANIZATION_V1]: [
    'id uuid',
    'code character varying',
    'name character varying',
    'level text',
    'primary_type text',
    'parent_id uuid',
    'subject_code character',
    'status text',
  ],
  [ORGANIZATION_V2]: [
    'id uuid',
    'code character varying',
    'name character varying',
    'level text',
    'primary_type text',
    'parent_id uuid',
    'subject_code character',
    'status text',
    'registered_on date',
    'closed_on date',
  ],
  [SUBTREE_V1]: ['ancestor_id uuid', 'descendant_id uuid', 'depth smallint'],
  [PASSPORT_V1]: ['organization_id uuid', 'filled integer', 'required integer'],
};

describe('the organizations contract', () => {
  let harness: SubgraphHarness;
  let ids: Record<string, string>;
  const id = (code: string): string => {
    const found = ids[code];
    if (found === undefined) throw new Error(`no organization ${code}`);
    return found;
  };

  beforeAll(async () => {
    harness = await openSubgraphHarness(organizationsSubgraph);
    await importCsv(harness, SMALL_UNION);
    ids = await idsByCode(harness);
  });
  afterAll(async () => {
    await harness.close();
  });

  it('publishes the committed columns of each view', async () => {
    for (const [view, columns] of Object.entries(PUBLISHED)) {
      const [schema, name] = view.split('.');
      const rows = await harness.orm.em.fork().execute<{ column: string }[]>(
        `select column_name || ' ' || data_type as column from information_schema.columns
          where table_schema = ? and table_name = ? order by ordinal_position`,
        [schema, name],
      );
      expect(
        rows.map((row) => row.column),
        view,
      ).toEqual(columns);
    }
  });

  it('answers its typed queries from the views', async () => {
    const em = harness.orm.em.fork();
    expect(await centralOrganizationId(em)).toBe(id('C'));
    expect((await organizationsById(em, [id('P77-1'), id('R50')])).map((row) => [row.code, row.level]).sort()).toEqual([
      ['P77-1', 'PRIMARY'],
      ['R50', 'REGIONAL'],
    ]);
    expect((await organizationsByCode(em, ['T50-1', 'nobody'])).map((row) => row.id)).toEqual([id('T50-1')]);
    expect(await isInSubtree(em, id('R77'), id('P77-2'))).toBe(true);
    expect(await isInSubtree(em, id('R50'), id('P77-2'))).toBe(false);
    expect(await subtreeMembership(em, id('T77-1'), [id('T77-1'), id('P77-1'), id('P50-1'), 'not-a-uuid'])).toEqual(
      new Set([id('T77-1'), id('P77-1')]),
    );
  });

  it('counts a passport field as filled in passport_v1 exactly as passportOf does, white space included', async () => {
    // Blank values a form or an import can leave: spaces, a tab and newline, a no-break space.
    const values: [string, string | null, string | null, string | null][] = [
      ['P77-1', '   ', '\t\n', 'Иванова Анна'],
      ['P77-2', '\u00a0', ' x ', null],
      ['P50-1', '', 'ул. Ленина, 1', '\u2003'],
      ['P77-U', 'ППО', null, ' Петров '],
    ];
    const em = harness.orm.em.fork();
    for (const [code, shortName, address, chairName] of values) {
      await em.execute(
        'update organizations.organization set short_name = ?, address = ?, chair_name = ? where code = ?',
        [shortName, address, chairName, code],
      );
    }
    const view = await em.execute<{ organization_id: string; filled: number; required: number }[]>(
      `select organization_id, filled, required from ${PASSPORT_V1}`,
    );
    const organizations = await harness.orm.em.fork().find(Organization, {});
    expect(view).toHaveLength(organizations.length);
    for (const organization of organizations) {
      const passport = passportOf(organization);
      const row = view.find((candidate) => candidate.organization_id === organization.id);
      expect({ code: organization.code, filled: row?.filled, required: row?.required }).toEqual({
        code: organization.code,
        filled: passport.filled.length,
        required: passport.filled.length + passport.missing.length,
      });
    }
  });
});
