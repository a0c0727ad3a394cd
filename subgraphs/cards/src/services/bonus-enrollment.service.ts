import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { Ability, DomainError, ErrorCode, pgArray } from '@registry/lib';
import { MEMBER_V1 } from '@registry/members/contract';
import { SUBTREE_V1 } from '@registry/organizations/contract';
import { BonusChannel } from '../entities/card-enums';
import { missingTarget, requireHolder } from './holder-scope';
import { findMembers } from './member-directory';

/**
 * Enrolls an active member in the bonus program: in the app (the member, channel APP) or by an
 * admin of their organization (ADMIN). The member must have consented, in the members subgraph,
 * to share data with the program. Enrolling an enrolled member changes nothing; a member who
 * left the program (consent withdrawn) and consented again is enrolled anew.
 */
export async function enrollInBonusProgram(
  em: EntityManager,
  scope: Scope,
  memberId: string,
  channel: BonusChannel,
): Promise<void> {
  await em.transactional(async (tx) => {
    const member = await requireHolder(tx, scope, memberId, { self: channel === BonusChannel.APP, active: true });
    if (!member.bonusConsent) {
      throw new DomainError(
        ErrorCode.CONSENT_REQUIRED,
        `Member ${member.id} has not consented to share data with the bonus program; record the consent first`,
        {
          field: 'memberId',
        },
      );
    }
    await tx.execute(
      `insert into cards.bonus_participant (member_id, channel, active, enrolled_by)
       values (?, ?, true, ?)
       on conflict (member_id) do update
         set channel = excluded.channel, active = true, enrolled_at = now(), enrolled_by = excluded.enrolled_by, left_at = null
         where not cards.bonus_participant.active`,
      [member.id, channel, scope.viewer.subject],
    );
  });
}

/** Ids per bulk call: a region's members in a few calls, one statement each, well inside a request's limits. */
const MAX_BULK_ENROLLMENT_IDS = 10_000;

/** What a bulk enrollment did, with the ids of each group. */
export interface BulkEnrollmentResult {
  enrolledIds: string[];
  alreadyEnrolledIds: string[];
  /** Active members who have not consented to share data with the program: not enrolled. */
  withoutConsentIds: string[];
  /** Named members who are not (any longer) members: not enrolled. */
  notActiveIds: string[];
}

/**
 * Enrolls many members at once by an admin (channel ADMIN): the given ids, or every active member
 * of an organization's subtree. The viewer must MANAGE the organization of every member named (or
 * the subtree): otherwise nothing is written and the answer is FORBIDDEN naming the organizations
 * outside the scope (an unknown id answers as one outside it, as everywhere). Members without the
 * consent are left out and listed; enrolled members stay as they are. One statement enrolls and
 * classifies, whatever the number of members.
 */
export async function enrollMembersInBonusProgram(
  em: EntityManager,
  scope: Scope,
  target: { memberIds?: readonly string[] | null; organizationId?: string | null },
): Promise<BulkEnrollmentResult> {
  const { memberIds, organizationId } = target;
  if ((memberIds == null) === (organizationId == null)) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      'Expected either memberIds or organizationId, got ' + (memberIds == null ? 'neither' : 'both'),
      { field: 'memberIds' },
    );
  }
  return em.transactional(async (tx) => {
    let wanted: string;
    let parameters: unknown[];
    if (organizationId != null) {
      await scope.assertCovers(organizationId, Ability.MANAGE);
      wanted = `select m.id as member_id from ${SUBTREE_V1} s
                  join ${MEMBER_V1} m on m.organization_id = s.descendant_id and m.status = 'ACTIVE'
                 where s.ancestor_id = ?::uuid`;
      parameters = [organizationId];
    } else {
      const ids = [...new Set(memberIds ?? [])];
      if (ids.length === 0 || ids.length > MAX_BULK_ENROLLMENT_IDS) {
        throw new DomainError(
          ErrorCode.BAD_USER_INPUT,
          `memberIds: expected 1 to ${MAX_BULK_ENROLLMENT_IDS} ids, got ${ids.length}`,
          { field: 'memberIds', received: ids.length },
        );
      }
      const members = await findMembers(tx, ids);
      const found = new Set(members.map((member) => member.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) {
        const first = missing[0] ?? '';
        throw scope.isEverywhere(Ability.MANAGE)
          ? new DomainError(
              ErrorCode.NOT_FOUND,
              `memberIds: expected ids of members, got ${missing.length} unknown, e.g. ${first}`,
              { field: 'memberIds', memberIds: missing },
            )
          : missingTarget(scope, 'Member', 'memberIds', first);
      }
      await scope.assertCoversAll([...new Set(members.map((member) => member.organizationId))], Ability.MANAGE);
      wanted = 'select unnest(?::uuid[]) as member_id';
      parameters = [pgArray(ids)];
    }
    const rows = await tx.execute<
      { memberId: string; outcome: 'ENROLLED' | 'ALREADY_ENROLLED' | 'WITHOUT_CONSENT' | 'NOT_ACTIVE' }[]
    >(
      `with wanted as (${wanted}),
            standing as (
              select w.member_id, m.status = 'ACTIVE' as active, m.bonus_consent, coalesce(p.active, false) as enrolled
                from wanted w
                join ${MEMBER_V1} m on m.id = w.member_id
                left join cards.bonus_participant p on p.member_id = w.member_id),
            enrolled as (
              insert into cards.bonus_participant (member_id, channel, active, enrolled_by)
              select member_id, 'ADMIN', true, ? from standing where active and bonus_consent and not enrolled
              on conflict (member_id) do update
                set channel = excluded.channel, active = true, enrolled_at = now(), enrolled_by = excluded.enrolled_by, left_at = null
                where not cards.bonus_participant.active
              returning member_id)
       select s.member_id as "memberId",
              case when e.member_id is not null then 'ENROLLED'
                   when not s.active then 'NOT_ACTIVE'
                   when not s.bonus_consent then 'WITHOUT_CONSENT'
                   else 'ALREADY_ENROLLED' end as outcome
         from standing s left join enrolled e on e.member_id = s.member_id
        order by s.member_id`,
      [...parameters, scope.viewer.subject],
    );
    const of = (outcome: string): string[] => rows.filter((row) => row.outcome === outcome).map((row) => row.memberId);
    return {
      enrolledIds: of('ENROLLED'),
      alreadyEnrolledIds: of('ALREADY_ENROLLED'),
      withoutConsentIds: of('WITHOUT_CONSENT'),
      notActiveIds: of('NOT_ACTIVE'),
    };
  });
}
