import type { SubgraphHarness } from '@registry/tests';
import { errorCodes, openSubgraphHarness } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationsSubgraph } from '../src';
import { countRows, HEADER, importCsv, SMALL_UNION } from './fixtures';

let harness: SubgraphHarness;

beforeAll(async () => {
  harness = await openSubgraphHarness(organizationsSubgraph);
});
afterAll(() => harness.close());

describe('bulk import of the structure from CSV', () => {
  it('loads a file, and loading it again changes nothing', async () => {
    const first = await importCsv(harness, SMALL_UNION);
    expect(first).toMatchObject({ rows: 9, created: 9, updated: 0, unchanged: 0, errors: [] });
    expect(await countRows(harness, 'organization_closure')).toBe(9 + 8 + 6 + 3);
    const second = await importCsv(harness, SMALL_UNION);
    expect(second).toMatchObject({ rows: 9, created: 0, updated: 0, unchanged: 9, errors: [] });
  });

  it('loads the good rows and reports each bad one by line, with its code', async () => {
    const csv = [
      HEADER,
      'P77-10,T77-1,PRIMARY,ППО школы №10,,SCHOOL,77,,,,,,',
      'P77-11,T77-1,PRIMARY,ППО школы №11,,SCHOOL,77,,7707083894,,,,',
      'P77-12,NOPE,PRIMARY,ППО школы №12,,SCHOOL,77,,,,,,',
      'T77-2,C,TERRITORIAL,Районная организация,,,77,,,,,,',
      'P77-13,T77-2,PRIMARY,ППО школы №13,,SCHOOL,77,,,,,,',
      'P77-10,T77-1,PRIMARY,Дубликат,,SCHOOL,77,,,,,,',
      'P77-14,T77-1,PRIMARY,,,SCHOOL,77,,,,,,',
      'P77-1,T77-1,PRIMARY,ППО школы №1 имени Пушкина,,SCHOOL,77,,7707083893,1027700132195,Иванова Анна,+74951234567,chair@school1.ru',
    ].join('\n');
    const report = await importCsv(harness, csv);
    expect(report).toMatchObject({ rows: 8, created: 1, updated: 1 });
    expect(report.errors.map((e) => [e.line, e.field, e.errorCode])).toEqual([
      [3, 'inn', 'INVALID_INN'],
      [4, 'parent_code', 'NOT_FOUND'],
      [5, 'parent_code', 'INVALID_HIERARCHY'],
      [6, 'parent_code', 'NOT_FOUND'],
      [7, 'code', 'ALREADY_EXISTS'],
      [8, 'name', 'BAD_USER_INPUT'],
    ]);
    expect(report.errorReportCsv.split('\n')[0]).toBe('line,code,field,errorCode,message');
    expect(report.errorReportCsv.split('\n')).toHaveLength(7);
  });

  it('refuses a file without the required columns, and anyone but a central admin', async () => {
    const report = await importCsv(harness, 'code,name\nX,Y');
    expect(report.errors).toEqual([expect.objectContaining({ line: 1, field: 'header', errorCode: 'BAD_USER_INPUT' })]);
    const anonymous = await harness.execute('mutation { importOrganizations(csv: "") { rows } }');
    expect(errorCodes(anonymous)).toEqual(['FORBIDDEN']);
  });
});
