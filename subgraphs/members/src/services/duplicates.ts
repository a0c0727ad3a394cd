import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { Ability, DomainError, ErrorCode } from '@registry/lib';
import { Member } from '../entities/member';

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

/**
 * Serializes, until the transaction ends, every step that could make a person an active member
 * (application, admission, approval, reinstatement, correction of personal data), so of two
 * concurrent ones the second sees the first's record and is refused as a duplicate instead of
 * adding a twin (or hitting the SNILS unique index). The key is the SNILS when given, else the
 * full name and birth date, normalized as the duplicate checks compare them.
 */
export async function lockPerson(em: EntityManager, person: PersonKey): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [personLockKey(person)]);
}

function personLockKey(person: PersonKey): string {
  if (person.snils) return `members.person:snils:${person.snils}`;
  const name = [person.lastName, person.firstName, person.middleName ?? ''].map((part) => part.trim().toLowerCase()).join('|');
  return `members.person:name:${name}|${person.birthDate}`;
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

/**
 * Pairs of active records that may be one person, at least one of them in `organizationId`'s
 * subtree and both within the caller's MANAGE scope: an admin learns of a twin elsewhere in their
 * own subtree, never of a record they may not read. Same SNILS, or same last, first and middle
 * name (two missing middle names match, a missing one and a given one do not) and birth date.
 */
export async function findPossibleDuplicates(em: EntityManager, scope: Scope, organizationId: string): Promise<{ first: Member; second: Member; reason: string }[]> {
  await scope.assertCovers(organizationId, Ability.MANAGE);
  const reachRoot = scope.rootOrNull(Ability.MANAGE);
  const rows = await em.execute<{ first_id: string; second_id: string; reason: string }[]>(
    `with asked as (
       select m.* from members.member m
       join organizations.subtree_v1 s on s.descendant_id = m.organization_id and s.ancestor_id = ?
       where m.status = 'ACTIVE'),
     reachable as (
       select m.* from members.member m
       where m.status = 'ACTIVE'
         and (?::uuid is null or m.organization_id in (select descendant_id from organizations.subtree_v1 where ancestor_id = ?::uuid)))
     select distinct least(a.id, b.id) as first_id, greatest(a.id, b.id) as second_id,
            case when a.snils = b.snils then 'SNILS' else 'NAME_AND_BIRTH_DATE' end as reason
       from asked a join reachable b on a.id <> b.id
        and ((a.snils is not null and a.snils = b.snils)
          or (lower(a.last_name) = lower(b.last_name) and lower(a.first_name) = lower(b.first_name)
              and lower(a.middle_name) is not distinct from lower(b.middle_name) and a.birth_date = b.birth_date))
      order by first_id, second_id
      limit 500`,
    [organizationId, reachRoot, reachRoot],
  );
  const members = await em.find(Member, { id: { $in: rows.flatMap((row) => [row.first_id, row.second_id]) } });
  const byId = new Map(members.map((member) => [member.id, member]));
  return rows.flatMap((row) => {
    const first = byId.get(row.first_id);
    const second = byId.get(row.second_id);
    return first && second ? [{ first, second, reason: row.reason }] : [];
  });
}
