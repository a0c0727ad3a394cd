import type { EntityManager } from '@mikro-orm/postgresql';

/** The organizations import's columns (docs/import-formats.md), in the order its CSV is written. */
export const ORGANIZATION_CSV_HEADER =
  'code,parent_code,level,name,short_name,primary_type,subject_code,address,inn,ogrn,chair_name,chair_phone,chair_email';

/** One organization of a test union; `parent` is the parent's code (none for the central council). */
export interface FixtureOrganization {
  readonly code: string;
  readonly parent?: string;
  readonly level: 'CENTRAL' | 'REGIONAL' | 'TERRITORIAL' | 'PRIMARY';
  readonly name: string;
  readonly primaryType?: 'SCHOOL' | 'PRESCHOOL' | 'VOCATIONAL' | 'HIGHER_EDUCATION' | 'SUPPLEMENTARY_EDUCATION';
  readonly subjectCode?: string;
  readonly inn?: string;
  readonly ogrn?: string;
  readonly chair?: { readonly name: string; readonly phone: string; readonly email: string };
}

const cell = (value: string | undefined): string =>
  value === undefined ? '' : /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/** The organizations import's CSV of a test union, so each test names only the organizations it needs. */
export function unionCsv(organizations: readonly FixtureOrganization[]): string {
  const rows = organizations.map((o) =>
    [
      o.code,
      o.parent,
      o.level,
      o.name,
      undefined,
      o.primaryType,
      o.subjectCode,
      undefined,
      o.inn,
      o.ogrn,
      o.chair?.name,
      o.chair?.phone,
      o.chair?.email,
    ]
      .map(cell)
      .join(','),
  );
  return [ORGANIZATION_CSV_HEADER, ...rows].join('\n');
}

/** The council, Moscow city (77) and Moscow region (50), a district of Moscow and three primary organizations. */
export const TWO_REGIONS: readonly FixtureOrganization[] = [
  { code: 'C', level: 'CENTRAL', name: 'Профсоюз' },
  { code: 'R77', parent: 'C', level: 'REGIONAL', name: 'Московская городская организация', subjectCode: '77' },
  { code: 'R50', parent: 'C', level: 'REGIONAL', name: 'Московская областная организация', subjectCode: '50' },
  { code: 'T77', parent: 'R77', level: 'TERRITORIAL', name: 'Районная организация Арбат', subjectCode: '77' },
  { code: 'P77-1', parent: 'T77', level: 'PRIMARY', name: 'ППО школы №1', primaryType: 'SCHOOL', subjectCode: '77' },
  { code: 'P77-2', parent: 'T77', level: 'PRIMARY', name: 'ППО школы №2', primaryType: 'SCHOOL', subjectCode: '77' },
  {
    code: 'P50-1',
    parent: 'R50',
    level: 'PRIMARY',
    name: 'ППО колледжа',
    primaryType: 'VOCATIONAL',
    subjectCode: '50',
  },
];

/** The council, one region (77), its district T and two schools S1, S2. */
export const ONE_REGION: readonly FixtureOrganization[] = [
  { code: 'C', level: 'CENTRAL', name: 'Профсоюз' },
  { code: 'R', parent: 'C', level: 'REGIONAL', name: 'Региональная организация', subjectCode: '77' },
  { code: 'T', parent: 'R', level: 'TERRITORIAL', name: 'Районная организация', subjectCode: '77' },
  { code: 'S1', parent: 'T', level: 'PRIMARY', name: 'ППО школы №1', primaryType: 'SCHOOL', subjectCode: '77' },
  { code: 'S2', parent: 'T', level: 'PRIMARY', name: 'ППО школы №2', primaryType: 'SCHOOL', subjectCode: '77' },
];

/**
 * Organization ids by registry code, read from the organizations subgraph's published view (any
 * subgraph's entity manager on the shared database can read it); the lookup throws on a code the
 * union does not hold, so a typo fails where it is made.
 */
export async function organizationIds(
  em: EntityManager,
): Promise<{ ids: ReadonlyMap<string, string>; org: (code: string) => string }> {
  const rows = await em
    .fork()
    .execute<{ id: string; code: string }[]>('select id, code from organizations.organization_v1');
  const ids = new Map(rows.map((row) => [row.code, row.id]));
  const org = (code: string): string => {
    const id = ids.get(code);
    if (!id) throw new Error(`no organization ${code}`);
    return id;
  };
  return { ids, org };
}
