import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { Ability, decodeCursor, DomainError, ErrorCode, pageSize, pgArray, toConnection } from '@registry/lib';
import { SUBTREE_V1 } from '@registry/organizations/contract';
import { ApplicationStatus } from '../entities/member-enums';
import { MembershipApplication } from '../entities/membership-application';
import { approveApplication, rejectApplication } from './admission.service';

export interface InboxFilter {
  organizationId?: string | null | undefined;
  /** PENDING when not given: the inbox is what waits for a decision. */
  status?: ApplicationStatus | null | undefined;
  /** Part of the applicant's name, e-mail, phone or SNILS. */
  search?: string | null | undefined;
  submittedFrom?: Date | null | undefined;
  submittedTo?: Date | null | undefined;
  /** true: only applications that matched a member on record or repeat an earlier one; false: only those that did not. */
  matchesExisting?: boolean | null | undefined;
}

/**
 * The subtree a statement over applications is restricted to: the organization asked for (which
 * the viewer must manage), else the viewer's own subtree, or null for the whole union (central
 * admins). The scope is checked before anything is read.
 */
async function inboxRoot(scope: Scope, organizationId: string | null | undefined): Promise<string | null> {
  if (organizationId == null) return scope.rootOrNull(Ability.MANAGE);
  await scope.assertCovers(organizationId, Ability.MANAGE);
  return organizationId;
}

/** The root join: applications of organizations in the subtree of `?`, or every application. */
const subtreeJoin = (root: string | null): string =>
  root === null ? '' : `join ${SUBTREE_V1} s on s.descendant_id = a.organization_id and s.ancestor_id = ?::uuid`;

/**
 * A page of the inbox, oldest first (a queue: what waits longest comes first), keyset on
 * (submitted_at, id). One statement gives the page and the total of the filter.
 */
export async function readApplicationInbox(
  em: EntityManager,
  scope: Scope,
  filter: InboxFilter,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const root = await inboxRoot(scope, filter.organizationId);
  const size = pageSize(first);
  const position = after ? decodeCursor(after, ['string', 'uuid']) : null;
  const conditions: string[] = ['a.status = ?'];
  const params: unknown[] = root === null ? [] : [root];
  params.push(filter.status ?? ApplicationStatus.PENDING);
  const search = filter.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, '\\$&')}%`;
    conditions.push(
      `((a.last_name || ' ' || a.first_name || ' ' || coalesce(a.middle_name, '')) ilike ? escape '\\' or a.email ilike ? escape '\\' or a.phone like ? escape '\\' or a.snils like ? escape '\\')`,
    );
    // SNILS and phones are stored as digits (and +7): a search typed with separators still finds them.
    const digits = search.replace(/[\s()-]/g, '');
    const digitPattern = `%${digits.replace(/[\\%_]/g, '\\$&')}%`;
    params.push(pattern, pattern, digitPattern, digitPattern);
  }
  if (filter.submittedFrom != null) {
    conditions.push('a.submitted_at >= ?');
    params.push(filter.submittedFrom);
  }
  if (filter.submittedTo != null) {
    conditions.push('a.submitted_at < ?');
    params.push(filter.submittedTo);
  }
  if (filter.matchesExisting != null) {
    conditions.push(
      filter.matchesExisting
        ? '(a.matched_member_id is not null or a.repeat_of_id is not null)'
        : '(a.matched_member_id is null and a.repeat_of_id is null)',
    );
  }
  // The cursor keeps submitted_at as PostgreSQL prints it: a JavaScript Date would cut the
  // microseconds, and the last row seen would come again on the next page.
  const keyset = position ? 'where (t.submitted_at, t.id) > (?::timestamptz, ?::uuid)' : '';
  const pageParams = position ? [String(position[0]), String(position[1]), size + 1] : [size + 1];
  const rows = await em.execute<(Record<string, unknown> & { total_count: number; submitted_key: string })[]>(
    `select t.* from (
       select a.*, a.submitted_at::text as submitted_key, count(*) over ()::int as total_count
         from members.membership_application a ${subtreeJoin(root)}
        where ${conditions.join(' and ')}
     ) t ${keyset}
     order by t.submitted_at, t.id
     limit ?`,
    [...params, ...pageParams],
  );
  // A page past the last row has no row to carry the total: counted apart only then.
  const totalCount = rows[0]?.total_count ?? (position ? await countInbox(em, root, conditions, params) : 0);
  const keys = new Map<string, string>();
  const applications = rows.map(({ total_count: _total, submitted_key: key, ...row }) => {
    const application = em.map(MembershipApplication, row);
    keys.set(application.id, key);
    return application;
  });
  return toConnection(
    applications,
    size,
    (application) => [keys.get(application.id) ?? application.submittedAt.toISOString(), application.id],
    totalCount,
  );
}

async function countInbox(
  em: EntityManager,
  root: string | null,
  conditions: string[],
  params: unknown[],
): Promise<number> {
  const [row] = await em.execute<{ count: number }[]>(
    `select count(*)::int as count from members.membership_application a ${subtreeJoin(root)} where ${conditions.join(' and ')}`,
    params,
  );
  return row?.count ?? 0;
}

export interface ApplicationCount {
  organizationId: string;
  pending: number;
}

/** Pending applications per organization of the subtree (organizations with none are left out), most first. */
export async function countPendingApplications(
  em: EntityManager,
  scope: Scope,
  organizationId: string | null | undefined,
): Promise<ApplicationCount[]> {
  const root = await inboxRoot(scope, organizationId);
  const rows = await em.execute<{ organization_id: string; pending: number }[]>(
    `select a.organization_id, count(*)::int as pending
       from members.membership_application a ${subtreeJoin(root)}
      where a.status = 'PENDING'
      group by a.organization_id
      order by pending desc, a.organization_id`,
    root === null ? [] : [root],
  );
  return rows.map((row) => ({ organizationId: row.organization_id, pending: row.pending }));
}

/** The outcome of one id of a batch decision: the application (and member) decided, or why not. */
export interface DecisionOutcome {
  id: string;
  application: MembershipApplication | null;
  memberId: string | null;
  error: { code: string; message: string; details: Readonly<Record<string, unknown>> } | null;
}

/** More would hold one request (and the applications' locks, one after another) too long. */
const MAX_BATCH_DECISIONS = 100;

/**
 * Checks a batch before any decision: its size, and that every application it names lies in the
 * viewer's scope. One outside the scope refuses the whole batch with FORBIDDEN, so a batch tells
 * an outsider nothing per id and decides nothing; unknown ids are told per id (NOT_FOUND), as the
 * single decision tells them.
 */
async function assertBatchInScope(em: EntityManager, scope: Scope, ids: readonly string[]): Promise<void> {
  if (ids.length === 0 || ids.length > MAX_BATCH_DECISIONS) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `ids: expected 1 to ${MAX_BATCH_DECISIONS} application ids, got ${ids.length}`,
      { field: 'ids' },
    );
  }
  const rows = await em.execute<{ organization_id: string }[]>(
    'select distinct organization_id from members.membership_application where id = any(?::uuid[])',
    [pgArray(ids)],
  );
  await scope.assertCoversAll(
    rows.map((row) => row.organization_id),
    Ability.MANAGE,
  );
}

/**
 * Decides each application in its own transaction, through the single decision's own service
 * (`approveApplication` / `rejectApplication`), so one refusal (a person already on record, an
 * application decided meanwhile) undoes nothing of the others. Each gets a fresh entity manager:
 * a failed decision must leave nothing in the identity map for the next.
 */
async function decideEach(
  em: EntityManager,
  scope: Scope,
  ids: readonly string[],
  decide: (em: EntityManager, id: string) => Promise<{ application: MembershipApplication; memberId: string | null }>,
): Promise<DecisionOutcome[]> {
  await assertBatchInScope(em, scope, ids);
  const outcomes: DecisionOutcome[] = [];
  for (const id of ids) {
    try {
      const { application, memberId } = await decide(em.fork(), id);
      outcomes.push({ id, application, memberId, error: null });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes.push({
        id,
        application: null,
        memberId: null,
        error: { code: error.code, message: error.message, details: error.details },
      });
    }
  }
  return outcomes;
}

export function approveApplications(
  em: EntityManager,
  scope: Scope,
  ids: readonly string[],
): Promise<DecisionOutcome[]> {
  return decideEach(em, scope, ids, async (fresh, id) => {
    const { application, member } = await approveApplication(fresh, scope, id);
    return { application, memberId: member.id };
  });
}

export function rejectApplications(
  em: EntityManager,
  scope: Scope,
  ids: readonly string[],
  reason: string,
): Promise<DecisionOutcome[]> {
  return decideEach(em, scope, ids, async (fresh, id) => ({
    application: await rejectApplication(fresh, scope, id, reason),
    memberId: null,
  }));
}
