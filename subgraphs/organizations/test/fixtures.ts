import type { SubgraphHarness } from '@registry/tests';
import { centralAdmin, ORGANIZATION_CSV_HEADER, unionCsv } from '@registry/tests';

export const HEADER = ORGANIZATION_CSV_HEADER;

/**
 * A small union: the council, two regions, a territorial organization in each and a few primary
 * ones, so moves and mergers have somewhere to go.
 */
export const SMALL_UNION = unionCsv([
  { code: 'C', level: 'CENTRAL', name: 'Профсоюз' },
  { code: 'R77', parent: 'C', level: 'REGIONAL', name: 'Московская городская организация', subjectCode: '77' },
  { code: 'R50', parent: 'C', level: 'REGIONAL', name: 'Московская областная организация', subjectCode: '50' },
  { code: 'T77-1', parent: 'R77', level: 'TERRITORIAL', name: 'Районная организация Арбат', subjectCode: '77' },
  { code: 'T50-1', parent: 'R50', level: 'TERRITORIAL', name: 'Городская организация Химки', subjectCode: '50' },
  {
    code: 'P77-1',
    parent: 'T77-1',
    level: 'PRIMARY',
    name: 'ППО школы №1',
    primaryType: 'SCHOOL',
    subjectCode: '77',
    inn: '7707083893',
    ogrn: '1027700132195',
    chair: { name: 'Иванова Анна', phone: '+74951234567', email: 'chair@school1.ru' },
  },
  {
    code: 'P77-2',
    parent: 'T77-1',
    level: 'PRIMARY',
    name: 'ППО детского сада №2',
    primaryType: 'PRESCHOOL',
    subjectCode: '77',
  },
  {
    code: 'P50-1',
    parent: 'T50-1',
    level: 'PRIMARY',
    name: 'ППО колледжа',
    primaryType: 'VOCATIONAL',
    subjectCode: '50',
  },
  {
    code: 'P77-U',
    parent: 'R77',
    level: 'PRIMARY',
    name: 'ППО университета',
    primaryType: 'HIGHER_EDUCATION',
    subjectCode: '77',
  },
]);

export async function importCsv(harness: SubgraphHarness, csv: string) {
  const result = await harness.execute(
    `mutation ($csv: String!) { importOrganizations(csv: $csv) {
       rows created updated unchanged errorReportCsv errors { line code field errorCode message } } }`,
    { csv },
    centralAdmin,
  );
  if (result.errors) throw new Error(`import failed: ${JSON.stringify(result.errors)}`);
  const report = result.data?.['importOrganizations'];
  if (typeof report !== 'object' || report === null) throw new Error('import returned no report');
  return report as {
    rows: number;
    created: number;
    updated: number;
    unchanged: number;
    errorReportCsv: string;
    errors: { line: number; code: string | null; field: string; errorCode: string; message: string }[];
  };
}

/** Ids by registry code, read straight from the table. */
export async function idsByCode(harness: SubgraphHarness): Promise<Record<string, string>> {
  const rows = await harness.orm.em
    .getConnection()
    .execute<{ id: string; code: string }[]>('select id, code from organizations.organization');
  return Object.fromEntries(rows.map((row) => [row.code, row.id]));
}

export async function countRows(harness: SubgraphHarness, table: string): Promise<number> {
  const [row] = await harness.orm.em
    .getConnection()
    .execute<{ count: number }[]>(`select count(*)::int as count from organizations.${table}`);
  return row?.count ?? 0;
}
