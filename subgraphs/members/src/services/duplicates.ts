import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { DomainError, ErrorCode } from '@registry/lib';
import { Member } from '../entities/member';
import { assertCanManageMembersOf } from './access';

export interface PersonKey {
  lastName: string;
  firstName: string;
  middleName?: string | null | undefined;
  birthDate: string;
  snils?: string | null | undefined;
}

/** Active members that are the same person: same SNILS, or same full name and birth date. */
export async function findActiveTwins(em: EntityManager, person: PersonKey, exceptId?: string): Promise<{ id: string; registration_number: string }[]> {
  return em.execute(
    `select id, registration_number from members.member
      where status = 'ACTIVE' and id is distinct from ?::uuid
        and ((snils is not null and snils = ?)
          or (lower(last_name) = lower(?) and lower(first_name) = lower(?) and birth_date = ?::date
              and coalesce(lower(middle_name), '') = coalesce(lower(?), '')))`,
    [exceptId ?? null, person.snils ?? null, person.lastName, person.firstName, person.birthDate, person.middleName ?? null],
  );
}

/** Refuses a second record of a person already on record, naming the record found. */
export async function assertNotAlreadyMember(em: EntityManager, person: PersonKey, exceptId?: string): Promise<void> {
  const [twin] = await findActiveTwins(em, person, exceptId);
  if (twin) {
    throw new DomainError(ErrorCode.DUPLICATE_PERSON, `This person is already an active member (registration number ${twin.registration_number})`, {
      memberId: twin.id,
      registrationNumber: twin.registration_number,
    });
  }
}

/** Pairs of active records in an organization's subtree that may be one person. */
export async function findPossibleDuplicates(
  em: EntityManager,
  viewer: Viewer,
  organizationId: string,
): Promise<{ first: Member; second: Member; reason: string }[]> {
  await assertCanManageMembersOf(em, viewer, organizationId);
  const rows = await em.execute<{ first_id: string; second_id: string; reason: string }[]>(
    `with scoped as (
       select m.* from members.member m
       join organizations.subtree_v1 s on s.descendant_id = m.organization_id and s.ancestor_id = ?
       where m.status = 'ACTIVE')
     select a.id as first_id, b.id as second_id,
            case when a.snils = b.snils then 'SNILS' else 'NAME_AND_BIRTH_DATE' end as reason
       from scoped a join members.member b on b.status = 'ACTIVE' and a.id < b.id
        and ((a.snils is not null and a.snils = b.snils)
          or (lower(a.last_name) = lower(b.last_name) and lower(a.first_name) = lower(b.first_name) and a.birth_date = b.birth_date))
      limit 500`,
    [organizationId],
  );
  const members = await em.find(Member, { id: { $in: rows.flatMap((row) => [row.first_id, row.second_id]) } });
  const byId = new Map(members.map((member) => [member.id, member]));
  return rows.flatMap((row) => {
    const first = byId.get(row.first_id);
    const second = byId.get(row.second_id);
    return first && second ? [{ first, second, reason: row.reason }] : [];
  });
}
