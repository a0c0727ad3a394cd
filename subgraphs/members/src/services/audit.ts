import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { Ability, decodeCursor, DomainError, ErrorCode, pageSize, toConnection } from '@registry/lib';
import DataLoader from 'dataloader';

/** Whose personal data a read is of: a member's record, or an applicant's membership application. */
export type PersonalDataSubject = 'member' | 'application';

/** One personal-data field of one member (or applicant), read by one request (152-FZ asks who saw what, when). */
export interface PersonalDataRead {
  readonly subject: PersonalDataSubject;
  /** The member's id, or the application's when `subject` is `application`. */
  readonly subjectId: string;
  readonly field: string;
  /** Where the member object sits in the response, list positions left out: `_entities`, `member`, `organization.members.nodes`. */
  readonly path: string;
  readonly operationName: string | null;
  readonly actorSubject: string;
  readonly actorRoles: readonly string[];
}

/**
 * The per-request audit collector: every read of a personal-data field of `Member` is loaded
 * into it, and the field's value is returned only once the batch holding it has been written.
 * One batch (all fields resolved in the same tick: a whole list of members) is one INSERT, one
 * row per member and object path naming its fields. A failed write fails every field of the
 * batch, so nothing unaudited leaves the subgraph.
 */
export type PersonalDataAudit = DataLoader<PersonalDataRead, true>;

interface AuditRow {
  actor_subject: string;
  actor_roles: string[];
  member_id: string | null;
  application_id: string | null;
  fields: string[];
  operation_name: string | null;
  path: string;
}

export function createPersonalDataAudit(em: EntityManager): PersonalDataAudit {
  return new DataLoader<PersonalDataRead, true>(
    async (reads) => {
      const rows = new Map<string, AuditRow>();
      for (const read of reads) {
        const key = JSON.stringify([
          read.actorSubject,
          read.actorRoles,
          read.subject,
          read.subjectId,
          read.operationName,
          read.path,
        ]);
        const row = rows.get(key);
        if (row) {
          if (!row.fields.includes(read.field)) row.fields.push(read.field);
          continue;
        }
        rows.set(key, {
          actor_subject: read.actorSubject,
          actor_roles: [...read.actorRoles],
          member_id: read.subject === 'member' ? read.subjectId : null,
          application_id: read.subject === 'application' ? read.subjectId : null,
          fields: [read.field],
          operation_name: read.operationName,
          path: read.path,
        });
      }
      await em.execute(
        `insert into members.personal_data_read (actor_subject, actor_roles, member_id, application_id, fields, operation_name, path)
         select r.actor_subject, r.actor_roles, r.member_id, r.application_id, r.fields, r.operation_name, r.path
           from jsonb_to_recordset(?::jsonb) as r(actor_subject text, actor_roles text[], member_id uuid, application_id uuid, fields text[], operation_name text, path text)`,
        [JSON.stringify([...rows.values()])],
      );
      return reads.map(() => true as const);
    },
    // Every read must reach the log, so nothing is answered from a cache of earlier loads.
    { cache: false },
  );
}

export interface PersonalDataLogFilter {
  memberId?: string | null | undefined;
  applicationId?: string | null | undefined;
  actorSubject?: string | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

export interface PersonalDataLogEntry {
  id: string;
  actorSubject: string;
  actorRoles: string[];
  /** Null for a read of an application. */
  memberId: string | null;
  /** Set for a read of an application's applicant details. */
  applicationId: string | null;
  fields: string[];
  operationName: string | null;
  path: string;
  readAt: Date;
}

/**
 * The log, newest first, for central admins only: it names every member whose data was read
 * anywhere in the union, so no subtree admin may read it. Keyset-paginated by id.
 */
export async function readPersonalDataLog(
  em: EntityManager,
  scope: Scope,
  filter: PersonalDataLogFilter,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  if (!scope.isEverywhere(Ability.MANAGE)) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      'The personal-data access log is open to central admins only; your role reaches part of the union or none of it',
      {},
    );
  }
  const size = pageSize(first);
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.memberId != null) {
    conditions.push('member_id = ?');
    params.push(filter.memberId);
  }
  if (filter.applicationId != null) {
    conditions.push('application_id = ?');
    params.push(filter.applicationId);
  }
  if (filter.actorSubject != null) {
    conditions.push('actor_subject = ?');
    params.push(filter.actorSubject);
  }
  if (filter.from != null) {
    conditions.push('read_at >= ?');
    params.push(filter.from);
  }
  if (filter.to != null) {
    conditions.push('read_at < ?');
    params.push(filter.to);
  }
  const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
  const [total] = await em.execute<{ count: number }[]>(
    `select count(*)::int as count from members.personal_data_read ${where}`,
    params,
  );
  const position = after ? logPosition(after) : undefined;
  const keyset = position === undefined ? '' : `${conditions.length > 0 ? 'and' : 'where'} id < ?`;
  const rows = await em.execute<
    {
      id: string;
      actor_subject: string;
      actor_roles: string[];
      member_id: string | null;
      application_id: string | null;
      fields: string[];
      operation_name: string | null;
      path: string;
      read_at: Date;
    }[]
  >(
    `select id::text as id, actor_subject, actor_roles, member_id, application_id, fields, operation_name, path, read_at
       from members.personal_data_read ${where} ${keyset}
      order by id desc
      limit ?`,
    [...params, ...(position === undefined ? [] : [position]), size + 1],
  );
  const entries: PersonalDataLogEntry[] = rows.map((row) => ({
    id: row.id,
    actorSubject: row.actor_subject,
    actorRoles: row.actor_roles,
    memberId: row.member_id,
    applicationId: row.application_id,
    fields: row.fields,
    operationName: row.operation_name,
    path: row.path,
    readAt: row.read_at,
  }));
  return toConnection(entries, size, (entry) => [entry.id], total?.count ?? 0);
}

/** The id a log cursor holds; a cursor of another connection is refused as the others refuse one. */
function logPosition(cursor: string): string {
  const [id] = decodeCursor(cursor, 1);
  if (typeof id === 'string' && /^\d{1,18}$/.test(id)) return id;
  throw new DomainError(
    ErrorCode.INVALID_CURSOR,
    `after: expected a cursor of personalDataAccessLog, got ${JSON.stringify(cursor)}`,
    { field: 'after' },
  );
}
