import type { SubgraphHarness } from '@registry/tests';
import { centralAdmin } from '@registry/tests';

export const HEADER = 'code,parent_code,level,name,short_name,primary_type,subject_code,address,inn,ogrn,chair_name,chair_phone,chair_email';

/**
 * A small union: the council, two regions, a territorial organization in each and a few primary
 * ones, so moves and mergers have somewhere to go.
 */
export const SMALL_UNION = [
  HEADER,
  'C,,CENTRAL,Профсоюз,,,,,,,,,',
  'R77,C,REGIONAL,Московская городская организация,,,77,,,,,,',
  'R50,C,REGIONAL,Московская областная организация,,,50,,,,,,',
  'T77-1,R77,TERRITORIAL,Районная организация Арбат,,,77,,,,,,',
  'T50-1,R50,TERRITORIAL,Городская организация Химки,,,50,,,,,,',
  'P77-1,T77-1,PRIMARY,ППО школы №1,,SCHOOL,77,,7707083893,1027700132195,Иванова Анна,+74951234567,chair@school1.ru',
  'P77-2,T77-1,PRIMARY,ППО детского сада №2,,PRESCHOOL,77,,,,,,',
  'P50-1,T50-1,PRIMARY,ППО колледжа,,VOCATIONAL,50,,,,,,',
  'P77-U,R77,PRIMARY,ППО университета,,HIGHER_EDUCATION,77,,,,,,',
].join('\n');

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
  const [row] = await harness.orm.em.getConnection().execute<{ count: number }[]>(`select count(*)::int as count from organizations.${table}`);
  return row?.count ?? 0;
}
