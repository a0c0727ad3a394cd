import { importOrganizations, organizationsSubgraph } from '@registry/organizations';
import type { SubgraphHarness } from '@registry/tests';
import { centralAdmin, openSubgraphHarness, organizationIds, TWO_REGIONS, unionCsv } from '@registry/tests';
import type { ExecutionResult } from 'graphql';
import { membersSubgraph } from '../src';

/** Two regions, territorial organizations and primary ones, as codes to ids. */
const UNION = unionCsv(TWO_REGIONS);

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
  const { org } = await organizationIds(harness.orm.em);
  return {
    harness,
    org,
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
  const [row] = await harness.orm.em
    .fork()
    .execute<{ n: number }[]>(`select count(*)::int as n from members.${table} where ${where}`);
  return row?.n ?? 0;
}
