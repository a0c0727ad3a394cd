import { organizationsSubgraph } from '@registry/organizations';
import { importOrganizations } from '@registry/organizations/src/services/organization-import';
import type { SubgraphHarness } from '@registry/tests';
import { centralAdmin, openSubgraphHarness } from '@registry/tests';
import type { ExecutionResult } from 'graphql';
import { membersSubgraph } from '../src';

/** Two regions, territorial organizations and primary ones, as codes to ids. */
const UNION = [
  'code,parent_code,level,name,short_name,primary_type,subject_code,address,inn,ogrn,chair_name,chair_phone,chair_email',
  'C,,CENTRAL,Профсоюз,,,,,,,,,',
  'R77,C,REGIONAL,Московская городская организация,,,77,,,,,,',
  'R50,C,REGIONAL,Московская областная организация,,,50,,,,,,',
  'T77,R77,TERRITORIAL,Районная организация Арбат,,,77,,,,,,',
  'P77-1,T77,PRIMARY,ППО школы №1,,SCHOOL,77,,,,,,',
  'P77-2,T77,PRIMARY,ППО школы №2,,SCHOOL,77,,,,,,',
  'P50-1,R50,PRIMARY,ППО колледжа,,VOCATIONAL,50,,,,,,',
].join('\n');

export interface MembersWorld {
  harness: SubgraphHarness;
  org: (code: string) => string;
  close(): Promise<void>;
}

/** The members subgraph on a database where the organizations subgraph holds a small union. */
export async function openMembersWorld(): Promise<MembersWorld> {
  const harness = await openSubgraphHarness(membersSubgraph, { requires: [organizationsSubgraph] });
  const [organizationsOrm] = harness.others;
  if (!organizationsOrm) throw new Error('organizations subgraph did not open');
  const outcome = await importOrganizations(organizationsOrm.em.fork(), centralAdmin, UNION);
  if (outcome.errors.length > 0) throw new Error(JSON.stringify(outcome.errors));
  const rows = await harness.orm.em.fork().execute<{ id: string; code: string }[]>('select id, code from organizations.organization_v1');
  const ids = new Map(rows.map((row) => [row.code, row.id]));
  return {
    harness,
    org: (code) => {
      const id = ids.get(code);
      if (!id) throw new Error(`no organization ${code}`);
      return id;
    },
    close: () => harness.close(),
  };
}

/** A valid applicant; SNILS 112-233-445 95 passes its checksum. */
export const person = (overrides: Record<string, unknown> = {}) => ({
  lastName: 'Петрова',
  firstName: 'Мария',
  middleName: 'Ивановна',
  birthDate: '1990-05-17',
  sex: 'F',
  phone: '+7 916 123-45-67',
  email: 'maria@example.ru',
  snils: '112-233-445 95',
  category: 'EMPLOYEE',
  position: 'учитель',
  consentVersion: '2026-01',
  bonusConsent: true,
  ...overrides,
});

export function dataOf<T>(result: ExecutionResult, field: string): T {
  if (result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  const value = result.data?.[field];
  if (value === undefined || value === null) throw new Error(`no ${field} in the result`);
  return value as T;
}

export async function count(harness: SubgraphHarness, table: string, where = 'true'): Promise<number> {
  const [row] = await harness.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from members.${table} where ${where}`);
  return row?.n ?? 0;
}
