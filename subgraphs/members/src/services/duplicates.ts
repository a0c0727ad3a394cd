import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode } from '@registry/lib';

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
