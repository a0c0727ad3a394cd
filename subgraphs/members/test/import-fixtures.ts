import type { MikroORM } from '@mikro-orm/postgresql';
import { migrate, openOrm } from '@registry/lib';
import { createScratchDatabase } from '@registry/lib/testing';
import { importOrganizations, organizationsSubgraph } from '@registry/organizations';
import { liquidateOrganization } from '@registry/organizations/testing';
import { centralAdmin, organizationIds, TWO_REGIONS, unionCsv } from '@registry/tests';
import { inject } from 'vitest';
import { membersSubgraph } from '../src';
import type { MemberImportColumn } from '../src/services/member-import';
import { MEMBER_IMPORT_COLUMNS } from '../src/services/member-import';

/** Primary organizations in two regions, a territorial one (not primary) and a liquidated primary one. */
const UNION = unionCsv([
  ...TWO_REGIONS.filter((organization) => organization.code !== 'P50-1'),
  {
    code: 'P77-9',
    parent: 'T77',
    level: 'PRIMARY',
    name: 'ППО закрытой школы',
    primaryType: 'SCHOOL',
    subjectCode: '77',
  },
  ...TWO_REGIONS.filter((organization) => organization.code === 'P50-1'),
]);

export interface ImportWorld {
  /** The members subgraph's ORM; the organizations subgraph's views live in the same database. */
  orm: MikroORM;
  org(code: string): string;
  /** One number from a SQL statement (`select … as n`). */
  scalar(sql: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * A database of its own with both subgraphs migrated (organizations first: members reads its
 * views) and the small union above loaded through the organizations' own import; P77-9 is then
 * liquidated through the organizations' service. Schemas are not built: the import needs none.
 */
export async function openImportWorld(): Promise<ImportWorld> {
  const database = await createScratchDatabase(inject('databaseServerUrl'), 'test_member_import');
  const organizations = await openOrm(database.url, organizationsSubgraph);
  await migrate(organizations);
  const orm = await openOrm(database.url, membersSubgraph);
  await migrate(orm);
  const outcome = await importOrganizations(organizations.em.fork(), centralAdmin, UNION);
  if (outcome.errors.length > 0) throw new Error(`organizations did not load: ${JSON.stringify(outcome.errors)}`);
  const { org } = await organizationIds(orm.em);
  await liquidateOrganization(organizations.em.fork(), centralAdmin, org('P77-9'), {
    reason: 'школа закрыта',
  });
  return {
    orm,
    org,
    scalar: async (sql, params = []) => {
      const [row] = await orm.em.fork().execute<{ n: number | string }[]>(sql, params);
      return Number(row?.n ?? 0);
    },
    close: async () => {
      await orm.close();
      await organizations.close();
      await database.drop();
    },
  };
}

export const HEADER = MEMBER_IMPORT_COLUMNS.join(',');

export type MemberRow = Partial<Record<MemberImportColumn, string>>;

/** A valid adult member of P77-1; SNILS 112-233-445 95 passes its checksum. */
export const BASE_ROW: Readonly<Record<MemberImportColumn, string>> = {
  registration_number: '',
  organization_code: 'P77-1',
  last_name: 'Петрова',
  first_name: 'Мария',
  middle_name: 'Ивановна',
  birth_date: '1990-05-17',
  sex: 'F',
  phone: '+7 916 123-45-67',
  email: 'maria@example.ru',
  snils: '112-233-445 95',
  category: 'EMPLOYEE',
  position: 'учитель',
  joined_on: '2020-09-01',
  consent_version: '2026-01',
  bonus_consent: 'true',
  guardian_name: '',
  status: '',
  left_on: '',
  exit_reason: '',
  transferred_on: '',
};

const quote = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** One CSV line with every column: the base row with the overrides. */
export const csvRow = (overrides: MemberRow = {}): string =>
  MEMBER_IMPORT_COLUMNS.map((column) => quote(overrides[column] ?? BASE_ROW[column])).join(',');

export const csvFile = (rows: readonly string[]): string => [HEADER, ...rows].join('\n');

/** A SNILS with correct check digits for a nine-digit body above 001-001-998 (rule: services/snils.ts). */
export function snilsFor(body: number): string {
  const digits = String(body).padStart(9, '0');
  const sum = [...digits].reduce((total, digit, index) => total + Number(digit) * (9 - index), 0);
  const check = (sum % 101) % 100;
  return `${digits}${String(check).padStart(2, '0')}`;
}

/** A SNILS whose check digits are wrong. */
export const badSnils = (body: number): string => {
  const good = snilsFor(body);
  const check = (Number(good.slice(9)) + 1) % 100;
  return `${good.slice(0, 9)}${String(check).padStart(2, '0')}`;
};

const LAST_NAMES = [
  'Агеева',
  'Белова',
  'Веденеева',
  'Громова',
  'Дёмина',
  'Ершова',
  'Жукова',
  'Зуева',
  'Ильина',
  'Котова',
  'Лаптева',
  'Мухина',
  'Носова',
];
const FIRST_NAMES = ['Алла', 'Вера', 'Галина', 'Дарья', 'Елена', 'Жанна', 'Зоя', 'Инна'];
const BIRTH_DAYS = 9_000;
const DAY = 86_400_000;

/** One bad row per kind, each with exactly one expected problem. */
const BAD_KINDS: readonly { field: string; errorCode: string; row(i: number, good: MemberRow): MemberRow }[] = [
  { field: 'snils', errorCode: 'INVALID_SNILS', row: (i, good) => ({ ...good, snils: badSnils(300_000_000 + i) }) },
  {
    field: 'organization_code',
    errorCode: 'NOT_FOUND',
    row: (_i, good) => ({ ...good, organization_code: 'P99-404' }),
  },
  { field: 'last_name', errorCode: 'BAD_USER_INPUT', row: (_i, good) => ({ ...good, last_name: ' ' }) },
  { field: 'birth_date', errorCode: 'BAD_USER_INPUT', row: (_i, good) => ({ ...good, birth_date: '2030-01-01' }) },
  { field: 'consent_version', errorCode: 'CONSENT_REQUIRED', row: (_i, good) => ({ ...good, consent_version: '' }) },
  {
    field: 'organization_code',
    errorCode: 'INVALID_HIERARCHY',
    row: (_i, good) => ({ ...good, organization_code: 'T77' }),
  },
  { field: 'birth_date', errorCode: 'BAD_USER_INPUT', row: (_i, good) => ({ ...good, birth_date: '2005-01-01' }) },
  { field: 'category', errorCode: 'BAD_USER_INPUT', row: (_i, good) => ({ ...good, category: 'RETIRED' }) },
  {
    field: 'organization_code',
    errorCode: 'INVALID_STATE',
    row: (_i, good) => ({ ...good, organization_code: 'P77-9' }),
  },
  {
    field: 'snils',
    errorCode: 'ALREADY_EXISTS',
    row: (i, good) => ({ ...good, snils: snilsFor(200_000_000 + i - 1) }),
  },
];

export interface GeneratedFile {
  csv: string;
  good: number;
  /** Expected problems, one per bad row, by line. */
  bad: { line: number; field: string; errorCode: string }[];
}

/**
 * A deterministic members file of `rows` rows: distinct people (name and birth date, SNILS) over
 * three primary organizations, a tenth of them with a registration number of their own, and every
 * hundredth row bad in one of ten ways (the last kind repeats the previous row's SNILS).
 */
export function generateMembersFile(rows: number): GeneratedFile {
  const lines: string[] = [HEADER];
  const bad: GeneratedFile['bad'] = [];
  const organizations = ['P77-1', 'P77-2', 'P50-1'];
  for (let i = 0; i < rows; i++) {
    const birth = new Date(Date.UTC(1960, 0, 1) + (i % BIRTH_DAYS) * DAY).toISOString().slice(0, 10);
    const good: MemberRow = {
      registration_number: i % 10 === 3 ? `IMP-${i}` : '',
      organization_code: organizations[i % organizations.length] ?? 'P77-1',
      last_name: LAST_NAMES[Math.floor(i / BIRTH_DAYS) % LAST_NAMES.length] ?? 'Агеева',
      first_name: FIRST_NAMES[Math.floor(i / (BIRTH_DAYS * LAST_NAMES.length)) % FIRST_NAMES.length] ?? 'Алла',
      middle_name: 'Сергеевна',
      birth_date: birth,
      sex: 'F',
      phone: `+7916${String(i).padStart(7, '0')}`,
      email: `member${i}@example.ru`,
      snils: snilsFor(200_000_000 + i),
      category: i % 7 === 0 ? 'STUDENT' : 'EMPLOYEE',
      position: 'учитель',
      joined_on: '2015-09-01',
      consent_version: '2026-01',
      bonus_consent: i % 2 === 0 ? 'true' : '0',
      guardian_name: '',
    };
    const kind = i % 100 === 50 ? BAD_KINDS[Math.floor(i / 100) % BAD_KINDS.length] : undefined;
    lines.push(csvRow(kind ? kind.row(i, good) : good));
    if (kind) bad.push({ line: i + 2, field: kind.field, errorCode: kind.errorCode });
  }
  return { csv: lines.join('\n'), good: rows - bad.length, bad };
}

/** The file as a stream of byte chunks cut at odd places (inside multi-byte letters too), like an upload. */
export async function* chunked(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}
