import type { EntityManager } from '@mikro-orm/postgresql';
import { memoized, pgArray, today } from '@registry/lib';
import DataLoader from 'dataloader';
import { SUBTREE_V1 } from '@registry/organizations/contract';
import { Member } from '../entities/member';
import type { MemberCategory, MemberStatus } from '../entities/member-enums';
import { MembershipEvent } from '../entities/membership-event';
import type { PersonalDataAudit } from '../services/audit';
import { createPersonalDataAudit } from '../services/audit';

/** Members of an organization's subtree by kind; `active` is all of them. */
export interface MemberCounts {
  active: number;
  /** Under the contract's `YOUTH_AGE` on the date counted. */
  youth: number;
  students: number;
  employees: number;
  pensioners: number;
  temporarilyNotWorking: number;
}

export interface MemberPageArgs {
  status: MemberStatus | null;
  category: MemberCategory | null;
  search: string | null;
  size: number;
  /** Keyset position: last name, first name, id of the last row seen. */
  after: [string, string, string] | null;
}

export interface MemberPage {
  rows: Member[];
  totalCount: number;
}

export interface MemberLoaders {
  membersById: DataLoader<string, Member | null>;
  /** History of a member: its own events (a merge's event names the other record). */
  eventsByMemberId: DataLoader<string, MembershipEvent[]>;
  /** Counts over an organization's whole subtree; one loader per `asOf` (null = now). */
  memberCountsByOrganizationId(asOf: string | null): DataLoader<string, MemberCounts>;
  /** A page of members per organization subtree; one loader per distinct page arguments. */
  memberPageByOrganizationId(args: MemberPageArgs): DataLoader<string, MemberPage>;
  /** Collects this request's reads of personal-data fields; one INSERT per batch. */
  personalDataAudit: PersonalDataAudit;
}

/**
 * Counts of subtrees on a date: the published function reads today's tally or, for a past date, the
 * tally's dated deltas (migrations …100005, …100100), so no date counts members one by one.
 */
const SUBTREE_COUNTS = `
  select ancestor_id as id, active, youth, students, employees, pensioners,
         active - students - employees - pensioners as "temporarilyNotWorking"
    from members.subtree_member_counts_v1(?::uuid[], ?::date)`;

/** Per-request loaders: each batch is one SQL statement, results in key order. */
export function createMemberLoaders(em: EntityManager): MemberLoaders {
  const membersById = new DataLoader<string, Member | null>(async (ids) => {
    const found = await em.find(Member, { id: { $in: [...ids] } });
    const byId = new Map(found.map((member) => [member.id, member]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const eventsByMemberId = new DataLoader<string, MembershipEvent[]>(async (ids) => {
    // Each record's own events: a merged record keeps its history, and the kept one's MERGED
    // event names it (relatedMemberId) instead of absorbing it.
    const rows = await em.execute<(Record<string, unknown> & { owner_id: string })[]>(
      `select e.member_id as owner_id, e.*
         from members.membership_event e
        where e.member_id = any(?::uuid[])
        order by e.occurred_on, e.id`,
      [pgArray(ids)],
    );
    const byOwner = new Map<string, MembershipEvent[]>();
    for (const { owner_id: owner, ...row } of rows) {
      const list = byOwner.get(owner) ?? [];
      list.push(em.map(MembershipEvent, row));
      byOwner.set(owner, list);
    }
    return ids.map((id) => byOwner.get(id) ?? []);
  });

  const memberCountsByOrganizationId = memoized(
    (asOf: string | null) =>
      new DataLoader<string, MemberCounts>(async (ids) => {
        const rows = await em.execute<(MemberCounts & { id: string })[]>(SUBTREE_COUNTS, [
          pgArray(ids),
          asOf ?? today(),
        ]);
        const byId = new Map(rows.map(({ id, ...counts }) => [id, counts]));
        const none: MemberCounts = {
          active: 0,
          youth: 0,
          students: 0,
          employees: 0,
          pensioners: 0,
          temporarilyNotWorking: 0,
        };
        return ids.map((id) => byId.get(id) ?? none);
      }),
  );

  const memberPageByOrganizationId = memoized(
    (args: MemberPageArgs) =>
      new DataLoader<string, MemberPage>(async (ids) => {
        const filters: string[] = [];
        const params: unknown[] = [pgArray(ids)];
        if (args.status) {
          filters.push('m.status = ?');
          params.push(args.status);
        }
        if (args.category) {
          filters.push('m.category = ?');
          params.push(args.category);
        }
        if (args.search) {
          filters.push(
            `(m.last_name || ' ' || m.first_name || ' ' || coalesce(m.middle_name, '')) ilike ? escape '\\'`,
          );
          params.push(`%${args.search.replace(/[\\%_]/g, '\\$&')}%`);
        }
        const keyset = args.after ? 'where (t.last_name, t.first_name, t.id) > (?, ?, ?::uuid)' : '';
        if (args.after) params.push(...args.after);
        params.push(args.size + 1);
        const rows = await em.execute<(Record<string, unknown> & { page_of: string; total_count: number })[]>(
          `select o.id as page_of, x.* from unnest(?::uuid[]) as o(id)
           cross join lateral (
             select t.* from (
               select m.*, count(*) over ()::int as total_count
                 from members.member m
                 join ${SUBTREE_V1} s on s.descendant_id = m.organization_id and s.ancestor_id = o.id
                ${filters.length > 0 ? `where ${filters.join(' and ')}` : ''}
             ) t ${keyset}
             order by t.last_name, t.first_name, t.id
             limit ?
           ) x`,
          params,
        );
        const pages = new Map<string, MemberPage>(ids.map((id) => [id, { rows: [], totalCount: 0 }]));
        for (const { page_of: pageOf, total_count: total, ...row } of rows) {
          const page = pages.get(pageOf);
          if (!page) continue;
          page.rows.push(em.map(Member, row));
          page.totalCount = total;
        }
        return ids.map((id) => pages.get(id) ?? { rows: [], totalCount: 0 });
      }),
  );

  return {
    membersById,
    eventsByMemberId,
    memberCountsByOrganizationId,
    memberPageByOrganizationId,
    personalDataAudit: createPersonalDataAudit(em),
  };
}
