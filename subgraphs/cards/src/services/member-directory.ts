import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, isUuid, notFound, pgArray } from '@registry/lib';
import { MEMBER_V1 } from '@registry/members/contract';
import { ORGANIZATION_V1 } from '@registry/organizations/contract';

/** What this subgraph may know of a member, read from the members subgraph's published view. */
export interface MemberSummary {
  readonly id: string;
  readonly registrationNumber: string;
  readonly organizationId: string;
  /** ACTIVE, LEFT, EXCLUDED, DECEASED or MERGED. */
  readonly status: string;
  readonly bonusConsent: boolean;
  /** Federal subject of the member's organization, `00` when it has none: part of card numbers. */
  readonly subjectCode: string;
}

/** One select for any number of members: `member_v1` with the organization's subject code. */
const MEMBER_SUMMARY_SQL = `
  select m.id, m.registration_number as "registrationNumber", m.organization_id as "organizationId", m.status,
         m.bonus_consent as "bonusConsent", coalesce(o.subject_code, '00') as "subjectCode"
    from ${MEMBER_V1} m
    left join ${ORGANIZATION_V1} o on o.id = m.organization_id`;

export async function findMembers(em: EntityManager, ids: readonly string[]): Promise<MemberSummary[]> {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) return [];
  return em.execute<MemberSummary[]>(`${MEMBER_SUMMARY_SQL} where m.id = any(?::uuid[])`, [pgArray(wanted)]);
}

/**
 * The member, or null; an id that is no UUID is BAD_USER_INPUT (it reveals nothing). Arguments
 * are UUIDs already (the scalar); a member token's `member` claim (enrollMeInBonusProgram) is not
 * an argument, so it is checked here.
 */
export async function findMember(em: EntityManager, id: string, field = 'memberId'): Promise<MemberSummary | null> {
  if (!isUuid(id))
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: expected a UUID, got ${JSON.stringify(id)}`, { field });
  const [member] = await findMembers(em, [id]);
  return member ?? null;
}

/** Cards are for members only: a member who left (or was excluded…) is INVALID_STATE. */
export function assertMemberActive(member: MemberSummary, field = 'memberId'): void {
  if (member.status === 'ACTIVE') return;
  throw new DomainError(
    ErrorCode.INVALID_STATE,
    `Member ${member.id} is ${member.status}, expected ACTIVE: cards are for members only`,
    {
      field,
      status: member.status,
    },
  );
}

/** An organization to order cards for: it must exist and be active. */
export async function requireActiveOrganization(
  em: EntityManager,
  id: string,
  field = 'organizationId',
): Promise<void> {
  const [organization] = await em.execute<{ status: string }[]>(`select status from ${ORGANIZATION_V1} where id = ?`, [
    id,
  ]);
  if (!organization) throw notFound('Organization', field, id);
  if (organization.status !== 'ACTIVE') {
    throw new DomainError(
      ErrorCode.INVALID_STATE,
      `${field}: organization ${id} is ${organization.status}, expected ACTIVE`,
      {
        field,
        status: organization.status,
      },
    );
  }
}
