import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { ErrorCode, pgArray } from '@registry/lib';
import { parse } from 'csv-parse/sync';
import { OrganizationLevel } from '../entities/organization-enums';
import { canSitUnder } from './hierarchy';
import type { OrganizationFields } from './organization-fields';
import { checkOrganizationFields } from './organization-fields';

/** Columns of the structure file, in the union's export order. `code`, `level` and `name` are required. */
const IMPORT_COLUMNS = [
  'code',
  'parent_code',
  'level',
  'name',
  'short_name',
  'primary_type',
  'subject_code',
  'address',
  'inn',
  'ogrn',
  'chair_name',
  'chair_phone',
  'chair_email',
] as const;

export interface ImportProblem {
  line: number;
  code: string | null;
  field: string;
  errorCode: string;
  message: string;
}

export interface ImportOutcome {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportProblem[];
}

interface Row {
  line: number;
  id: string;
  parentCode: string | null;
  fields: Required<Pick<OrganizationFields, 'code' | 'name' | 'level'>> & OrganizationFields;
}

interface Existing {
  id: string;
  code: string;
  level: OrganizationLevel;
  parent_code: string | null;
  digest: string;
}

const LEVEL_ORDER = [
  OrganizationLevel.CENTRAL,
  OrganizationLevel.REGIONAL,
  OrganizationLevel.TERRITORIAL,
  OrganizationLevel.PRIMARY,
];
const CHUNK = 5_000;

/**
 * Loads the union's structure from CSV in one transaction: rows are checked one by one, good rows
 * are created or updated (keyed by registry code, so importing the same file again changes
 * nothing), bad rows and the rows below them are reported by line and left out.
 * Parents are written before children (by level), and the closure table follows by trigger.
 */
export async function importOrganizations(em: EntityManager, viewer: Viewer, csv: string): Promise<ImportOutcome> {
  const errors: ImportProblem[] = [];
  const records = parseCsv(csv, errors);
  const rows = new Map<string, Row>();
  for (const { line, record } of records) {
    const code = record['code']?.trim() || null;
    const { fields, problems } = checkOrganizationFields({
      code: record['code'] ?? null,
      name: record['name'] ?? null,
      level: record['level'] ?? null,
      shortName: record['short_name'],
      primaryType: record['primary_type'],
      subjectCode: record['subject_code'],
      address: record['address'],
      inn: record['inn'],
      ogrn: record['ogrn'],
      chairName: record['chair_name'],
      chairPhone: record['chair_phone'],
      chairEmail: record['chair_email'],
    });
    for (const problem of problems)
      errors.push({ line, code, field: problem.field, errorCode: problem.code, message: problem.message });
    if (problems.length > 0 || !fields.code || !fields.name || !fields.level) continue;
    if (rows.has(fields.code)) {
      errors.push({
        line,
        code,
        field: 'code',
        errorCode: ErrorCode.ALREADY_EXISTS,
        message: `code ${fields.code} appears twice in the file`,
      });
      continue;
    }
    const levelRuleBroken = (fields.level === OrganizationLevel.PRIMARY) !== Boolean(fields.primaryType);
    if (levelRuleBroken) {
      errors.push({
        line,
        code,
        field: 'primaryType',
        errorCode: ErrorCode.BAD_USER_INPUT,
        message: 'primary organizations, and only they, need a primary_type',
      });
      continue;
    }
    const parentCode = record['parent_code']?.trim() || null;
    rows.set(fields.code, {
      line,
      id: randomUUID(),
      parentCode,
      fields: { ...fields, code: fields.code, name: fields.name, level: fields.level },
    });
  }

  return em.transactional(async (tx) => {
    const existing = new Map(
      (
        await tx.execute<Existing[]>(
          `select o.id, o.code, o.level, p.code as parent_code, md5(row(o.name, o.short_name, o.primary_type, o.subject_code,
                  o.address, o.inn, o.ogrn, o.chair_name, o.chair_phone, o.chair_email)::text) as digest
             from organizations.organization o left join organizations.organization p on p.id = o.parent_id
            where o.code = any(?::text[])`,
          [pgArray([...rows.keys(), ...[...rows.values()].flatMap((row) => (row.parentCode ? [row.parentCode] : []))])],
        )
      ).map((row) => [row.code, row]),
    );
    // The tree has one root (the index organization_single_root): a central row of another code
    // than the registry's root, or a second central row of the file, is a row error, not a
    // failed insert of the whole file.
    const [root] = await tx.execute<{ code: string }[]>(
      `select code from organizations.organization where parent_id is null limit 1`,
    );
    const central = { code: root?.code ?? null };
    const accepted = new Map<string, { id: string; level: OrganizationLevel }>();
    for (const [code, row] of existing) accepted.set(code, { id: row.id, level: row.level });
    const outcome: ImportOutcome = { rows: records.length, created: 0, updated: 0, unchanged: 0, errors };

    for (const level of LEVEL_ORDER) {
      const inserts: Record<string, unknown>[] = [];
      const updates: Record<string, unknown>[] = [];
      for (const row of rows.values()) {
        if (row.fields.level !== level) continue;
        const previous = existing.get(row.fields.code);
        const parent = row.parentCode ? accepted.get(row.parentCode) : undefined;
        const problem = placementProblem(row, parent, previous, central);
        if (problem) {
          errors.push({
            line: row.line,
            code: row.fields.code,
            field: 'parent_code',
            errorCode: problem.code,
            message: problem.message,
          });
          accepted.delete(row.fields.code);
          continue;
        }
        const record = toRecord(previous?.id ?? row.id, parent?.id ?? null, row.fields);
        accepted.set(row.fields.code, { id: String(record['id']), level });
        if (!previous) inserts.push(record);
        else updates.push({ ...record, previous_digest: previous.digest });
      }
      for (let start = 0; start < inserts.length; start += CHUNK) {
        await tx.execute(INSERT_SQL, [JSON.stringify(inserts.slice(start, start + CHUNK))]);
      }
      outcome.created += inserts.length;
      for (let start = 0; start < updates.length; start += CHUNK) {
        const changed = await tx.execute<{ id: string }[]>(UPDATE_SQL, [
          JSON.stringify(updates.slice(start, start + CHUNK)),
        ]);
        outcome.updated += changed.length;
        outcome.unchanged += Math.min(CHUNK, updates.length - start) - changed.length;
      }
    }
    if (outcome.created + outcome.updated > 0) {
      await tx.execute(
        `insert into organizations.organization_event (organization_id, kind, actor, data)
         select id, 'IMPORTED', ?, jsonb_build_object('import', ?::text) from organizations.organization
          where updated_at = now()`,
        [viewer.subject, new Date().toISOString()],
      );
    }
    errors.sort((a, b) => a.line - b.line);
    return outcome;
  });
}

function placementProblem(
  row: Row,
  parent: { id: string; level: OrganizationLevel } | undefined,
  previous: Existing | undefined,
  central: { code: string | null },
): { code: ErrorCode; message: string } | null {
  const level = row.fields.level;
  if (previous && previous.level !== level) {
    return {
      code: ErrorCode.INVALID_HIERARCHY,
      message: `${row.fields.code} is ${previous.level} in the registry; the file says ${level}`,
    };
  }
  if (level === OrganizationLevel.CENTRAL) {
    if (row.parentCode) return { code: ErrorCode.INVALID_HIERARCHY, message: 'the central council has no parent' };
    if (central.code !== null && central.code !== row.fields.code) {
      return {
        code: ErrorCode.INVALID_HIERARCHY,
        message: `expected at most one central council: ${central.code} is the root already, got another, ${row.fields.code}`,
      };
    }
    central.code = row.fields.code;
    return null;
  }
  if (!row.parentCode) return { code: ErrorCode.BAD_USER_INPUT, message: 'expected parent_code' };
  if (!parent) {
    return {
      code: ErrorCode.NOT_FOUND,
      message: `parent ${row.parentCode} is neither in the registry nor an accepted row of the file`,
    };
  }
  if (!canSitUnder(level, parent.level)) {
    return {
      code: ErrorCode.INVALID_HIERARCHY,
      message: `a ${level} organization cannot sit under a ${parent.level} one`,
    };
  }
  return null;
}

function toRecord(id: string, parentId: string | null, fields: Row['fields']): Record<string, unknown> {
  return {
    id,
    parent_id: parentId,
    code: fields.code,
    name: fields.name,
    level: fields.level,
    short_name: fields.shortName ?? null,
    primary_type: fields.primaryType ?? null,
    subject_code: fields.subjectCode ?? null,
    address: fields.address ?? null,
    inn: fields.inn ?? null,
    ogrn: fields.ogrn ?? null,
    chair_name: fields.chairName ?? null,
    chair_phone: fields.chairPhone ?? null,
    chair_email: fields.chairEmail ?? null,
  };
}

const RECORD_COLUMNS = `id uuid, parent_id uuid, code text, name text, level text, short_name text, primary_type text,
  subject_code text, address text, inn text, ogrn text, chair_name text, chair_phone text, chair_email text`;

const INSERT_SQL = `
  insert into organizations.organization (id, parent_id, code, name, level, short_name, primary_type, subject_code,
    address, inn, ogrn, chair_name, chair_phone, chair_email)
  select id, parent_id, code, name, level, short_name, primary_type, subject_code, address, inn, ogrn,
    chair_name, chair_phone, chair_email
  from jsonb_to_recordset(?::jsonb) as r(${RECORD_COLUMNS})`;

/** Updates only rows whose fields or parent changed, so re-importing a file is a no-op. */
const UPDATE_SQL = `
  update organizations.organization o set
    parent_id = r.parent_id, name = r.name, short_name = r.short_name, primary_type = r.primary_type,
    subject_code = r.subject_code, address = r.address, inn = r.inn, ogrn = r.ogrn, chair_name = r.chair_name,
    chair_phone = r.chair_phone, chair_email = r.chair_email, updated_at = now()
  from jsonb_to_recordset(?::jsonb) as r(${RECORD_COLUMNS}, previous_digest text)
  where o.id = r.id and (o.parent_id is distinct from r.parent_id or r.previous_digest <> md5(row(r.name, r.short_name,
    r.primary_type, r.subject_code, r.address, r.inn, r.ogrn, r.chair_name, r.chair_phone, r.chair_email)::text))
  returning o.id`;

function parseCsv(csv: string, errors: ImportProblem[]): { line: number; record: Record<string, string> }[] {
  let parsed: string[][];
  try {
    // Without `columns`, csv-parse returns each record as an array of strings (its types say any).
    parsed = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: false }) as string[][];
  } catch (error) {
    errors.push({
      line: 0,
      code: null,
      field: 'file',
      errorCode: ErrorCode.BAD_USER_INPUT,
      message: `not a CSV file: ${String(error)}`,
    });
    return [];
  }
  const [header, ...body] = parsed;
  const columns = (header ?? []).map((column) => column.trim().toLowerCase());
  const missing = ['code', 'level', 'name'].filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    errors.push({
      line: 1,
      code: null,
      field: 'header',
      errorCode: ErrorCode.BAD_USER_INPUT,
      message: `expected columns ${IMPORT_COLUMNS.join(',')}; missing ${missing.join(', ')}`,
    });
    return [];
  }
  return body.map((cells, index) => ({
    line: index + 2,
    record: Object.fromEntries(columns.map((column, position) => [column, cells[position] ?? ''])),
  }));
}
